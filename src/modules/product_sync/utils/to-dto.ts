import { describeLocation } from "../../../sources/transport/location"
import { type MissingProducts, SYNC_RUN_COUNTERS, type SyncCheckpoint, type SyncRunDTO, type SyncRunStats } from "../../../types"

/** A sync_run row as the ORM or a raw query returns it. */
export type SyncRunRecord = {
  id: string
  source: string
  status: SyncRunDTO["status"]
  trigger: SyncRunDTO["trigger"]
  triggered_by: string
  dry_run: boolean
  started_at: Date | string
  finished_at: Date | string | null
  heartbeat_at: Date | string | null
  owner?: string | null
  duration_ms: number | null
  total: number | null
  processed: number
  created: number
  updated: number
  unchanged: number
  skipped: number
  failed: number
  removed?: number
  conflicts?: number
  unidentified?: number
  config_hash?: string | null
  force_full?: boolean
  missing?: MissingProducts | null
  step: string | null
  checkpoint: Record<string, unknown> | null
  error: string | null
  resumed_from: string | null
  mode?: SyncRunDTO["mode"] | null
  only_ids?: string[] | null
  note?: string | null
  source_validators?: Record<string, string | null> | null
}

// The stored page may be the configured URL: the API shows it without
// credentials or query string (a token in a URL must not reach a browser).
const publicCheckpoint = (c: SyncCheckpoint | null): SyncCheckpoint | null =>
  c ? { page: describeLocation(c.page), offset: c.offset } : null

// Rows of runs from before the products were stored apart may still hold the list.
function withoutList(missing: MissingProducts): MissingProducts {
  const summary: MissingProducts & { products?: unknown } = { ...missing }
  delete summary.products
  return summary
}

const iso = (value: Date | string | null): string | null =>
  value === null || value === undefined ? null : new Date(value).toISOString()

/** The one place a run row becomes the API's run object. */
export function toSyncRunDTO(run: SyncRunRecord, now = Date.now()): SyncRunDTO {
  const total = run.total ?? null
  const processed = run.processed
  const percentage =
    total === null
      ? null
      : total === 0
        ? 100
        : Math.min(100, Math.floor((processed / total) * 100))
  const elapsedMs = now - new Date(run.started_at).getTime()
  const eta_seconds =
    run.status === "running" && total !== null && processed > 0
      ? Math.max(
          0,
          Math.round(((total - processed) * elapsedMs) / processed / 1000)
        )
      : null

  return {
    id: run.id,
    source: run.source,
    status: run.status,
    trigger: run.trigger,
    triggered_by: run.triggered_by,
    dry_run: run.dry_run,
    mode: run.mode ?? "full",
    only: run.only_ids ?? null,
    started_at: iso(run.started_at) as string,
    finished_at: iso(run.finished_at),
    heartbeat_at: iso(run.heartbeat_at),
    owner: run.owner ?? null,
    duration_ms: run.duration_ms,
    progress: { total, processed, percentage, eta_seconds, step: run.step },
    // Rows from before a counter existed read it as 0.
    stats: Object.fromEntries(SYNC_RUN_COUNTERS.map((c) => [c, run[c] ?? 0])) as SyncRunStats,
    missing: run.missing ? withoutList(run.missing) : null,
    checkpoint: publicCheckpoint(run.checkpoint as SyncCheckpoint | null),
    error: run.error,
    note: run.note ?? null,
    resumed_from: run.resumed_from,
  }
}
