import { createHmac } from "node:crypto"
import { alertForRun, alertKindOf, signBody, wantsAlert } from "../alerts"
import { staleSince } from "../stale-alerts"
import type { SyncRunRecord } from "../../modules/product_sync/utils/to-dto"
import type { SourceStatusRow } from "../../modules/product_sync/status-board"

const run = (over: Partial<SyncRunRecord>) => ({ id: "psrun_1", source: "supplier", status: "completed", failed: 0, created: 3, updated: 2, unchanged: 5, missing: null, ...over }) as unknown as SyncRunRecord

describe("alerts", () => {
  it("alerts a run as its held removal first, then as it ended", () => {
    expect(alertKindOf(run({}))).toBe("completed")
    expect(alertKindOf(run({ failed: 2 }))).toBe("completed_with_errors")
    expect(alertKindOf(run({ status: "failed" } as never))).toBe("failed")
    expect(alertKindOf(run({ status: "cancelled" } as never))).toBe("cancelled")
    expect(alertKindOf(run({ missing: { action: "held" } } as never))).toBe("held")
  })

  it("is wanted for the listed kinds (by default the bad news) when there is somewhere to send it", () => {
    const webhook = { url: "https://hooks.example/sync" }
    expect(wantsAlert({ webhook }, "failed")).toBe(true)
    expect(wantsAlert({ webhook }, "completed")).toBe(false)
    expect(wantsAlert({ webhook, on: ["completed"] }, "completed")).toBe(true)
    expect(wantsAlert({ on: ["failed"] }, "failed")).toBe(false)
    expect(wantsAlert(undefined, "failed")).toBe(false)
  })

  it("signs the raw body with HMAC-SHA256", () => {
    const body = JSON.stringify({ kind: "failed" })
    expect(signBody("s3cret", body)).toBe(`sha256=${createHmac("sha256", "s3cret").update(body).digest("hex")}`)
  })

  it("says what happened in a sentence", () => {
    expect(alertForRun(run({ status: "cancelled" } as never))).toMatchObject({ kind: "cancelled", title: "Product sync cancelled", description: `Run psrun_1 of "supplier" cancelled: 3 created, 2 updated, 5 unchanged.` })
  })

  it("a source is stale after freshnessHours without a success, once per last success; never run is not stale", () => {
    const now = new Date("2026-11-30T12:00:00.000Z")
    const row = (last_success_at: string | null, started_at: string | null): SourceStatusRow =>
      ({ source: "supplier", active: null, last: started_at ? ({ started_at } as never) : null, last_success_at: last_success_at as never })
    expect(staleSince(row("2026-11-30T00:00:00.000Z", "2026-11-30T00:00:00.000Z"), 24, now)).toBeNull()
    expect(staleSince(row("2026-11-29T11:00:00.000Z", "2026-11-30T11:00:00.000Z"), 24, now)).toBe("2026-11-29T11:00:00.000Z")
    expect(staleSince(row(null, "2026-11-29T11:00:00.000Z"), 24, now)).toBe("never")
    expect(staleSince(row(null, "2026-11-30T11:00:00.000Z"), 24, now)).toBeNull()
    expect(staleSince(row(null, null), 24, now)).toBeNull()
  })
})
