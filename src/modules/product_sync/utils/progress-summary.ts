import { describeLocation } from "../../../sources/transport/location"
import type { SyncRunRecord } from "./to-dto"

const n = (value: number) => value.toLocaleString("en-US")

/** "3,400 of 10,000 items committed; last checkpoint: item 100 of page https://…/feed" */
export function progressSummary(run: SyncRunRecord): string {
  const checkpoint = run.checkpoint as { page?: string; offset?: number } | null
  const where = checkpoint?.page
    ? `item ${n(checkpoint.offset ?? 0)} of page ${describeLocation(checkpoint.page)}`
    : "none"
  const total = run.total !== null ? ` of ${n(run.total)}` : ""
  return `${n(run.processed)}${total} items committed; last checkpoint: ${where}`
}

const hms = (d: Date | string) => new Date(d).toISOString().slice(11, 19)

export const orphanReason = (run: SyncRunRecord) =>
  `its process is gone (${run.owner ?? "unknown"} no longer holds the run's database lock); ${progressSummary(run)}`

export const staleReason = (run: SyncRunRecord) =>
  `no heartbeat since ${hms(run.heartbeat_at ?? run.started_at)} UTC; ${progressSummary(run)}`
