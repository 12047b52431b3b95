import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { BATCH_COUNTERS, RESUMABLE_RUN_STATUSES, type SyncCheckpoint, type SyncRunStats, type SyncRunStatus, type SyncRunTrigger } from "../../../types"
import type { SourceStatusRow } from "../status-board"
import type { SyncRunRecord } from "../utils/to-dto"
import { rows, sqlList } from "./rows"

// sync_run: one row per run. `running` is its one active status, guarded by
// the partial unique index on `source`; every write to a running run checks
// that it still runs (and, where it has one, still has its owner), so a run
// ended elsewhere takes no more progress.

export type ClaimRunInput = {
  source: string
  trigger: SyncRunTrigger
  triggered_by: string
  dry_run?: boolean
  resumed_from?: string | null
  checkpoint?: SyncCheckpoint | null
  total?: number | null
  /** Read the whole source, even one that is read incrementally or conditionally. */
  force_full?: boolean
  /** Counters carried over from the run being resumed. */
  carried?: Partial<SyncRunStats> & { processed?: number; unidentified?: number }
  /** A targeted run: it writes only these external ids. */
  only?: string[] | null
}

/** What a run (or the batches it takes in at once) adds to its row. */
export type RunAdvance = {
  processed: number
  stats: SyncRunStats
  unidentified?: number
  cursor: SyncCheckpoint | null
  total: number | null
  step?: string | null
}

const counters = BATCH_COUNTERS

// Only one run per source can be `running`: the partial unique index decides.
const CLAIM_RUN = `
insert into sync_run (id, source, status, trigger, triggered_by, dry_run,
  started_at, heartbeat_at, checkpoint, resumed_from, total,
  processed, ${counters.join(", ")}, unidentified, force_full, mode, only_ids)
values (?, ?, 'running', ?, ?, ?, now(), now(), ?::jsonb, ?, ?, ?, ${counters.map(() => "?").join(", ")}, ?, ?, ?, ?::jsonb)
on conflict (source) where status = 'running' and deleted_at is null do nothing
returning id`

// Guarded by status: a run that was reaped or finished elsewhere gets no
// more progress, and the empty result tells its runner to stop.
const ADVANCE_RUN = `
update sync_run set
  processed = processed + ?, ${counters.map((c) => `${c} = ${c} + ?`).join(", ")},
  unidentified = unidentified + ?,
  total = coalesce(?, total), checkpoint = coalesce(?::jsonb, checkpoint),
  step = coalesce(?, step), heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (owner is null or owner = ?)
returning cancel_requested`

// The run, locked for a batch's commit (commits of one run take turns), if it
// still runs — and, for a batch its reader writes itself, is still that reader's.
const FENCE_RUN = `
update sync_run set heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (?::text is null or owner is null or owner = ?)
returning owner, cancel_requested`

// A resume whose source changed reads it again from the start: progress and
// counters start over (the ledger makes the re-read cheap); fenced like a batch.
const RESTART_RUN = `
update sync_run set
  processed = 0, ${counters.map((c) => `${c} = 0`).join(", ")}, unidentified = 0,
  checkpoint = null, note = ?, heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and deleted_at is null
  and (owner is null or owner = ?)
returning id`

// How a running run ends, whoever ends it. The duration is clamped to the
// integer column: a run reaped weeks late must still end.
const ENDING = `error = ?, step = null,
  finished_at = now(), heartbeat_at = now(), updated_at = now(),
  duration_ms = least(floor(extract(epoch from (now() - started_at)) * 1000), 2147483647)`

const FINISH_RUN = `
update sync_run set status = ?, ${ENDING}
where id = ? and status = 'running' and deleted_at is null
returning *`

// The staleness is checked again in the UPDATE itself: a heartbeat that
// lands between the SELECT below and this write keeps the run alive.
const INTERRUPT_IF_STALE = `
update sync_run set status = 'interrupted', ${ENDING}
where id = ? and status = 'running' and deleted_at is null
  and coalesce(heartbeat_at, started_at) < now() - (?::int * interval '1 millisecond')
returning *`

const SELECT_STALE = `
select * from sync_run
where status = 'running' and deleted_at is null
  and (?::text is null or source = ?)
  and coalesce(heartbeat_at, started_at) < now() - (?::int * interval '1 millisecond')`

// Runs a process took (their owner holds the run's advisory lock while it lives).
const SELECT_OWNED = `
select * from sync_run
where status = 'running' and deleted_at is null and owner is not null
  and (?::text is null or source = ?)`

// The owner's session is gone (its lock is free): interrupted now, whatever the heartbeat says.
const INTERRUPT_ORPHAN = `
update sync_run set status = 'interrupted', ${ENDING}
where id = ? and status = 'running' and deleted_at is null and owner = ?
returning *`

// Only one process may execute a run, even if the run-requested event is
// delivered twice: the first to write its owner wins.
const ADOPT_RUN = `
update sync_run set owner = ?, heartbeat_at = now(), updated_at = now()
where id = ? and status = 'running' and owner is null and deleted_at is null
returning id`

// An interrupted run that must not be resumed automatically any more.
const FAIL_INTERRUPTED = `
update sync_run set status = 'failed', error = ?, updated_at = now()
where id = ? and status = 'interrupted' and deleted_at is null
returning id`

const REQUEST_CANCEL = `
update sync_run set cancel_requested = true, updated_at = now()
where id = ? and status = 'running' and deleted_at is null
returning id`

// Item errors found after the run's last batch (products that could not be removed).
const COUNT_FAILED = `
update sync_run set failed = failed + ?, updated_at = now() where id = ?`

const RECORD_MISSING = `
update sync_run set removed = removed + ?, missing = ?::jsonb, updated_at = now()
where id = ?`

// A completed read of the source that began after the chain did: the chain's
// picture of what is in the feed is older than the ledger's.
const SUPERSEDING_RUN = `
select * from sync_run
where source = ? and status = 'completed' and dry_run = false and mode <> 'targeted' and deleted_at is null
  and started_at > (select started_at from sync_run where id = ?)
order by started_at desc limit 1`

// A held removal is applied once: the first call turns it to "applying",
// and only while no run of the source is active.
const TAKE_HELD_REMOVAL = `
update sync_run set missing = jsonb_set(missing, '{action}', '"applying"'), updated_at = now()
where id = ? and deleted_at is null and missing->>'action' = 'held'
  and not exists (select 1 from sync_run r where r.source = sync_run.source
    and r.status = 'running' and r.deleted_at is null)
returning id`

// Keeps the newest `keep` finished runs per source. Resumable runs, not yet
// resumed, are kept for `keepResumableDays` whatever their rank.
const PRUNE_RUNS = `
with ranked as (
  select id, status, started_at,
    row_number() over (partition by source order by started_at desc) as rank,
    exists (select 1 from sync_run r where r.resumed_from = sync_run.id and r.deleted_at is null) as resumed
  from sync_run
  where status <> 'running' and deleted_at is null
), doomed as (
  select id from ranked
  where rank > ? and not (status in (${sqlList(RESUMABLE_RUN_STATUSES)}) and not resumed
    and started_at > now() - (?::int * interval '1 day'))
), gone_errors as (
  delete from sync_run_error where run_id in (select id from doomed)
), gone_missing as (
  delete from sync_missing_product where run_id in (select id from doomed)
), gone_changes as (
  delete from sync_change where run_id in (select id from doomed)
), gone_batches as (
  delete from sync_batch where run_id in (select id from doomed)
)
delete from sync_run where id in (select id from doomed)
returning id`

// Everything the status board needs in one round trip, for every named
// source: the status route, the headers and the health check read it.
const STATUS_BOARD = `
select s.source,
  (select row_to_json(r) from sync_run r
    where r.source = s.source and r.status = 'running' and r.deleted_at is null limit 1) as active,
  (select row_to_json(r) from sync_run r
    where r.source = s.source and r.status <> 'running' and r.deleted_at is null
    order by r.started_at desc limit 1) as last,
  (select max(r.finished_at) from sync_run r
    where r.source = s.source and r.status = 'completed' and not r.dry_run and r.mode <> 'targeted' and r.deleted_at is null) as last_success_at
from jsonb_array_elements_text(?::jsonb) with ordinality as s(source, n)
order by s.n`

/** The run's id, or null when its source already has a running run. */
export async function insertRun(manager: SqlEntityManager, id: string, input: ClaimRunInput): Promise<string | null> {
  const carried = input.carried ?? {}
  const [inserted] = rows<{ id: string }>(
    await manager.execute(CLAIM_RUN, [
      id,
      input.source,
      input.trigger,
      input.triggered_by,
      input.dry_run ?? false,
      input.checkpoint ? JSON.stringify(input.checkpoint) : null,
      input.resumed_from ?? null,
      input.total ?? null,
      carried.processed ?? 0,
      ...counters.map((c) => carried[c] ?? 0),
      carried.unidentified ?? 0,
      input.force_full ?? false,
      input.only?.length ? "targeted" : "full",
      input.only?.length ? JSON.stringify(input.only) : null,
    ])
  )
  return inserted?.id ?? null
}

/** Adds to run `runId`'s counters and moves its position, if it still runs as `owner`'s (null: anyone's). */
export async function advanceRun(manager: SqlEntityManager, runId: string, owner: string | null, add: RunAdvance): Promise<{ cancel_requested: boolean } | null> {
  const [advanced] = rows<{ cancel_requested: boolean }>(
    await manager.execute(ADVANCE_RUN, [
      add.processed,
      ...counters.map((c) => add.stats[c] ?? 0), // `conflicts` is missing in callers from before it existed
      add.unidentified ?? 0,
      add.total ?? null,
      add.cursor ? JSON.stringify(add.cursor) : null,
      add.step ?? null,
      runId,
      owner,
    ])
  )
  return advanced ?? null
}

/** Locks run `runId` for a batch's commit if it still runs (and, with `reader`, is still that reader's). */
export async function fenceRun(manager: SqlEntityManager, runId: string, reader: string | null): Promise<{ owner: string | null; cancel_requested: boolean } | null> {
  return rows<{ owner: string | null; cancel_requested: boolean }>(await manager.execute(FENCE_RUN, [runId, reader, reader]))[0] ?? null
}

export async function restartRun(manager: SqlEntityManager, runId: string, note: string, owner: string): Promise<boolean> {
  return rows(await manager.execute(RESTART_RUN, [note, runId, owner])).length > 0
}

/** The ended run, or null when it had already ended. */
export async function finishRun(manager: SqlEntityManager, runId: string, status: Exclude<SyncRunStatus, "running">, error: string | null): Promise<SyncRunRecord | null> {
  return rows<SyncRunRecord>(await manager.execute(FINISH_RUN, [status, error, runId]))[0] ?? null
}

export async function selectStale(manager: SqlEntityManager, source: string | null, staleMs: number): Promise<SyncRunRecord[]> {
  return rows<SyncRunRecord>(await manager.execute(SELECT_STALE, [source, source, staleMs]))
}

export async function interruptIfStale(manager: SqlEntityManager, runId: string, reason: string, staleMs: number): Promise<SyncRunRecord | null> {
  return rows<SyncRunRecord>(await manager.execute(INTERRUPT_IF_STALE, [reason, runId, staleMs]))[0] ?? null
}

export async function selectOwned(manager: SqlEntityManager, source: string | null): Promise<SyncRunRecord[]> {
  return rows<SyncRunRecord>(await manager.execute(SELECT_OWNED, [source, source]))
}

export async function interruptOrphan(manager: SqlEntityManager, runId: string, reason: string, owner: string | null): Promise<SyncRunRecord | null> {
  return rows<SyncRunRecord>(await manager.execute(INTERRUPT_ORPHAN, [reason, runId, owner]))[0] ?? null
}

export async function adoptRun(manager: SqlEntityManager, runId: string, owner: string): Promise<boolean> {
  return rows(await manager.execute(ADOPT_RUN, [owner, runId])).length > 0
}

export async function failInterrupted(manager: SqlEntityManager, runId: string, reason: string): Promise<boolean> {
  return rows(await manager.execute(FAIL_INTERRUPTED, [reason, runId])).length > 0
}

export async function requestCancel(manager: SqlEntityManager, runId: string): Promise<boolean> {
  return rows(await manager.execute(REQUEST_CANCEL, [runId])).length > 0
}

export async function countFailed(manager: SqlEntityManager, runId: string, n: number): Promise<void> {
  await manager.execute(COUNT_FAILED, [n, runId])
}

export async function recordMissingOnRun(manager: SqlEntityManager, runId: string, removed: number, summary: unknown): Promise<void> {
  await manager.execute(RECORD_MISSING, [removed, JSON.stringify(summary), runId])
}

export async function supersedingRun(manager: SqlEntityManager, source: string, chain: string): Promise<SyncRunRecord | null> {
  return rows<SyncRunRecord>(await manager.execute(SUPERSEDING_RUN, [source, chain]))[0] ?? null
}

export async function takeHeldRemoval(manager: SqlEntityManager, runId: string): Promise<boolean> {
  return rows(await manager.execute(TAKE_HELD_REMOVAL, [runId])).length > 0
}

/** How many runs were deleted, with their errors, missing products, changes and batches. */
export async function pruneRuns(manager: SqlEntityManager, keep: number, keepResumableDays: number): Promise<number> {
  return rows(await manager.execute(PRUNE_RUNS, [keep, keepResumableDays])).length
}

export async function loadStatusBoard(manager: SqlEntityManager, sources: string[]): Promise<SourceStatusRow[]> {
  return rows<SourceStatusRow>(await manager.execute(STATUS_BOARD, [JSON.stringify(sources)]))
}
