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
}

export type AdminSyncRunListResponse = {
  runs: SyncRunDTO[]
  count: number
  limit: number
  offset: number
}

export type AdminSyncRunDetailResponse = {
  run: SyncRunDTO & { errors: SyncRunErrorDTO[]; error_count: number }
}
