export type SyncRunStatus =
  | "running"
  | "completed"
  | "failed"
  | "cancelled"
  | "interrupted"

/** `incremental`: the source was asked only for what changed since the last completed run. */
export type SyncRunMode = "full" | "incremental" | "targeted"

export type SyncRunTrigger = "manual" | "scheduled" | "resume"

export type SyncRunStats = {
  created: number
  updated: number
  unchanged: number
  skipped: number
  failed: number
  /** Products drafted or deleted because they left the feed (`onMissing`). */
  removed: number
  /** Fields that both the feed and the store changed since the last sync (the source's `onConflict` decided). */
  conflicts: number
}

/** Products a complete run did not meet in the feed, and what became of them. */
export type MissingProducts = {
  count: number
  /**
   * Drafted or deleted (the source's `onMissing`), held by the safety breaker
   * (`maxMissingRatio`), or skipped: the run could not prove what left the
   * feed (`reason` says why) and removed nothing.
   */
  action: "drafted" | "deleted" | "held" | "applying" | "skipped"
  /** Why a removal was skipped. */
  reason?: string | null
  on_missing: "draft" | "delete"
  /** Their share of the source's synced products. */
  ratio: number
  /** When a held removal was applied (`POST /admin/sync/runs/:id/apply-missing`). */
  applied_at: string | null
}

export type SyncRunProgress = {
  /** Items in the source, when the source tells; otherwise null. */
  total: number | null
  /** Items read and handled so far (any outcome). */
  processed: number
  /** 0–100, or null while the total is unknown. */
  percentage: number | null
  /** Estimated seconds left, from the rate so far; null when unknown. */
  eta_seconds: number | null
  /** What the runner is doing now, e.g. "writing products". */
  step: string | null
}

/**
 * Where a source restarts: the page to fetch (without credentials; secret
 * query values masked and restored from the configuration on resume) and
 * how many records of it are done.
 */
export type SyncCheckpoint = {
  page: string
  offset: number
  /** Mid-page: the record before `offset` (its id, or `#` + a digest), which a resume checks. */
  last_record?: string
}

/** A run as the admin API returns it. */
export type SyncRunDTO = {
  id: string
  source: string
  status: SyncRunStatus
  trigger: SyncRunTrigger
  triggered_by: string
  dry_run: boolean
  mode: SyncRunMode
  /** A targeted run's external ids (`mode: "targeted"`); null for the others. */
  only: string[] | null
  started_at: string
  finished_at: string | null
  heartbeat_at: string | null
  /** The instance executing (or last executing) the run: `host:pid/boot-id`; null until one takes it. */
  owner: string | null
  duration_ms: number | null
  progress: SyncRunProgress
  stats: SyncRunStats
  /** Products that left the feed, without the list (the run detail has it). */
  missing: MissingProducts | null
  checkpoint: SyncCheckpoint | null
  error: string | null
  /** What the admin should know besides the counters, e.g. "source unchanged". */
  note: string | null
  resumed_from: string | null
}

export type SyncRunErrorDTO = {
  id: string
  run_id: string
  external_id: string | null
  message: string
  created_at: string
}
