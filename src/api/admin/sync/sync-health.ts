import { type AdminSyncHealthResponse, type AdminSyncSourceHealth, type AdminSyncSourceStatusDTO, isResumableStatus } from "../../../types"

const RANK = { ok: 0, degraded: 1, failing: 2 } as const

/**
 * How healthy one source's syncing is: `failing` when its last run failed or
 * was interrupted, or its last success is older than `freshnessHours`;
 * `degraded` when it has never synced, or its last run completed with item
 * errors; `ok` otherwise. A disabled source is reported and counts for nothing.
 */
export function sourceHealth(s: AdminSyncSourceStatusDTO): AdminSyncSourceHealth {
  const base = { name: s.name, is_running: s.is_running, last_run_status: s.last_run?.status ?? null, last_success_at: s.last_success_at, is_fresh: s.freshness.is_fresh }
  const verdict = (status: AdminSyncSourceHealth["status"], reason: string | null) => ({ ...base, status, reason })
  if (!s.enabled) return verdict("disabled", null)
  const last = s.last_run
  if (last && isResumableStatus(last.status)) return verdict("failing", `the last run ${last.id} ${last.status}`)
  if (s.last_success_at && !s.freshness.is_fresh) return verdict("failing", `no successful sync for more than ${s.freshness.max_age_hours} hours`)
  if (!s.last_success_at) return verdict("degraded", last ? `the last run ${last.id} was ${last.status}` : "never synced")
  if (last?.stats.failed) return verdict("degraded", `the last run ${last.id} had ${last.stats.failed} item errors`)
  return verdict("ok", null)
}

/** The worst of the enabled sources; the HTTP status is 503 when it is `failing`. */
export function syncHealth(sources: AdminSyncSourceStatusDTO[]): { code: 200 | 503; body: AdminSyncHealthResponse } {
  const each = sources.map(sourceHealth)
  const status = each.reduce<keyof typeof RANK>((worst, s) => (s.status !== "disabled" && RANK[s.status] > RANK[worst] ? s.status : worst), "ok")
  return { code: status === "failing" ? 503 : 200, body: { status, sources: each } }
}
