import type { SyncRunStats, SyncRunStatus } from "./sync-run"

// The rules of a run's life, in one place: the module's SQL and service, the
// runner, the routes, the health check and the admin read them here.

/**
 * Every status, in the order people read them. `running` is the one active
 * status: a source has at most one run in it (the partial unique index of
 * `sync_run`); every other status is an end. (Written as a record so that a
 * status added to `SyncRunStatus` and not here does not compile.)
 */
export const SYNC_RUN_STATUSES = Object.keys({
  running: 0,
  completed: 0,
  failed: 0,
  cancelled: 0,
  interrupted: 0,
} satisfies Record<SyncRunStatus, 0>) as SyncRunStatus[]

export const ENDED_RUN_STATUSES = SYNC_RUN_STATUSES.filter((s) => s !== "running") as Exclude<SyncRunStatus, "running">[]

/**
 * A run that stopped before the end of its source: a resume reads on from its
 * checkpoint (once: a resumed run is resumed by its resumer), and it is what
 * makes a source's health `failing`.
 */
export const RESUMABLE_RUN_STATUSES: SyncRunStatus[] = ["failed", "interrupted"]

export const isResumableStatus = (status: SyncRunStatus): boolean => RESUMABLE_RUN_STATUSES.includes(status)

/** A run's counters, as its row and its DTO's `stats` hold them. */
export const SYNC_RUN_COUNTERS = Object.keys({
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  removed: 0,
  conflicts: 0,
} satisfies Record<keyof SyncRunStats, 0>) as (keyof SyncRunStats)[]

/**
 * What a batch adds to its run (and a resume carries over from the run it
 * resumes). `removed` is not among them: only the removal at the end of a
 * complete read sets it.
 */
export const BATCH_COUNTERS = SYNC_RUN_COUNTERS.filter((c) => c !== "removed")

/** The counters of `each` added up. */
export const sumStats = (each: Partial<SyncRunStats>[]): SyncRunStats =>
  Object.fromEntries(SYNC_RUN_COUNTERS.map((c) => [c, each.reduce((n, s) => n + (s[c] ?? 0), 0)])) as SyncRunStats

export const emptyStats = (): SyncRunStats => sumStats([])
