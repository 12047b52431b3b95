import type { SyncRunDTO, SyncRunErrorDTO } from "./sync-run"

export type AdminSyncRunResponse = { run: SyncRunDTO }

export type AdminSyncConflictResponse = {
  type: "conflict"
  message: string
  run: SyncRunDTO
}

export type AdminSyncStatusResponse = {
  is_running: boolean
  run: SyncRunDTO | null
  last_run: SyncRunDTO | null
  next_run_at: string | null
  last_success_at: string | null
  /** Whether the catalog was synced successfully within `max_age_hours` (option `freshnessHours`). */
  freshness: { max_age_hours: number; is_fresh: boolean }
}

export type AdminSyncRunListResponse = {
  runs: SyncRunDTO[]
  count: number
  limit: number
  offset: number
}

export type AdminSyncRunDetailResponse = {
  run: SyncRunDTO & {
    /** A page of the run's item errors (`errors_limit`, `errors_offset`). */
    errors: SyncRunErrorDTO[]
    error_count: number
    /** The run that continued this one, if any. */
    resumed_by: string | null
  }
}
