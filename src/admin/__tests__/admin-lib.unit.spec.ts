import type { AdminSyncStatusResponse, SyncRunDTO } from "../../types"
import { formatAgo, formatDuration, outcomeOf } from "../lib/format"
import { ACTIVE_POLL_MS, IDLE_POLL_MS, statusPollInterval } from "../lib/polling"

const run = (over: Partial<SyncRunDTO>): SyncRunDTO =>
  ({ status: "completed", stats: { created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 }, ...over }) as SyncRunDTO

describe("widget rules", () => {
  it("polls fast only while a run is active", () => {
    expect(statusPollInterval({ is_running: true } as AdminSyncStatusResponse)).toBe(ACTIVE_POLL_MS)
    expect(statusPollInterval({ is_running: false } as AdminSyncStatusResponse)).toBe(IDLE_POLL_MS)
    expect(statusPollInterval(undefined)).toBe(IDLE_POLL_MS)
  })

  it("names every outcome, and a completed run with item errors is not plain green", () => {
    expect(outcomeOf(null)).toEqual({ label: "Never run", color: "grey" })
    expect(outcomeOf(run({}))).toEqual({ label: "Completed", color: "green" })
    expect(outcomeOf(run({ stats: { created: 1, updated: 0, unchanged: 0, skipped: 0, failed: 2, removed: 0, conflicts: 0 } }))).toEqual({ label: "Completed with errors", color: "orange" })
    expect(outcomeOf(run({ status: "failed" })).label).toBe("Failed")
    expect(outcomeOf(run({ status: "interrupted" })).label).toBe("Interrupted")
    expect(outcomeOf(run({ status: "cancelled" })).label).toBe("Cancelled")
    expect(outcomeOf(run({ status: "running" })).label).toBe("Running")
  })

  it("formats durations and ages for people", () => {
    expect(formatDuration(null)).toBe("–")
    expect(formatDuration(4_400)).toBe("4s")
    expect(formatDuration(125_000)).toBe("2m 5s")
    expect(formatDuration(3_725_000)).toBe("1h 2m")
    const now = Date.parse("2026-01-01T12:00:00Z")
    expect(formatAgo("2026-01-01T11:59:50Z", now)).toBe("just now")
    expect(formatAgo("2026-01-01T11:48:00Z", now)).toBe("12 minutes ago")
    expect(formatAgo("2026-01-01T11:00:00Z", now)).toBe("1 hour ago")
    expect(formatAgo("2025-12-29T12:00:00Z", now)).toBe("3 days ago")
  })
})
