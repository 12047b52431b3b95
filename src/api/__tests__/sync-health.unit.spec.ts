import { syncHealth } from "../admin/sync/sync-health"
import type { AdminSyncSourceStatusDTO, SyncRunDTO } from "../../types"

const run = (status: SyncRunDTO["status"], failed = 0) => ({ id: `psrun_${status}`, status, stats: { failed } }) as unknown as SyncRunDTO
const source = (name: string, over: Partial<AdminSyncSourceStatusDTO> = {}): AdminSyncSourceStatusDTO => ({
  name,
  enabled: true,
  schedule: null,
  is_running: false,
  run: null,
  last_run: run("completed"),
  next_run_at: null,
  last_success_at: "2026-11-30T10:00:00.000Z",
  freshness: { max_age_hours: 24, is_fresh: true },
  ...over,
})

describe("sync health", () => {
  it("is ok when every enabled source synced lately without errors", () => {
    expect(syncHealth([source("supplier"), source("erp", { enabled: false, last_run: run("failed") })])).toEqual({
      code: 200,
      body: {
        status: "ok",
        sources: [
          { name: "supplier", status: "ok", reason: null, is_running: false, last_run_status: "completed", last_success_at: "2026-11-30T10:00:00.000Z", is_fresh: true },
          { name: "erp", status: "disabled", reason: null, is_running: false, last_run_status: "failed", last_success_at: "2026-11-30T10:00:00.000Z", is_fresh: true },
        ],
      },
    })
  })

  it("is degraded, still 200, for a source never synced or one whose last run had item errors", () => {
    const never = syncHealth([source("supplier"), source("outlet", { last_run: null, last_success_at: null, freshness: { max_age_hours: 24, is_fresh: false } })])
    expect(never.code).toBe(200)
    expect(never.body.status).toBe("degraded")
    expect(never.body.sources[1]).toMatchObject({ status: "degraded", reason: "never synced" })
    const errors = syncHealth([source("supplier", { last_run: run("completed", 3) })])
    expect(errors).toMatchObject({ code: 200, body: { status: "degraded", sources: [{ reason: "the last run psrun_completed had 3 item errors" }] } })
  })

  it("is failing, 503, when a source's last run failed or was interrupted, or its last success is too old", () => {
    expect(syncHealth([source("a", { last_run: run("failed") }), source("b")])).toMatchObject({
      code: 503,
      body: { status: "failing", sources: [{ status: "failing", reason: "the last run psrun_failed failed" }, { status: "ok" }] },
    })
    expect(syncHealth([source("a", { last_run: run("interrupted") })]).body.sources[0].reason).toBe("the last run psrun_interrupted interrupted")
    const stale = syncHealth([source("a", { freshness: { max_age_hours: 24, is_fresh: false } })])
    expect(stale).toMatchObject({ code: 503, body: { status: "failing", sources: [{ reason: "no successful sync for more than 24 hours" }] } })
  })
})
