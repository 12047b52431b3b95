import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { SourceItem } from "../../../sources"
import { type SyncCheckpoint, type SyncRunStats, sumStats } from "../../../types"
import type { ItemError } from "./errors"
import { rows } from "./rows"

// sync_batch: the batches a run's reader cut (see the SyncBatch model). What
// a done batch adds waits in its row until the run takes it in, in order.

// A batch the reading process cut: `running` and owned at once when that
// process executes it, else `pending` with its items for another to claim.
const OPEN_BATCH = `
insert into sync_batch (id, run_id, seq, status, owner, attempts, heartbeat_at, records, cursor, total, payload)
values (?, ?, ?, ?, ?, ?, now(), ?, ?::jsonb, ?, ?::jsonb)`

// A compare-and-set: a delivered batch (it has its items) of a run that still
// runs, pending or with an executor that stopped beating. A second delivery of
// the same batch finds it taken and writes nothing. The owner names the claim
// (process and attempt): an executor that was taken over is fenced even when
// the same process took it again.
const CLAIM_BATCH = `
update sync_batch set status = 'running', owner = ? || '#' || (attempts + 1), attempts = attempts + 1,
  heartbeat_at = clock_timestamp(), updated_at = now()
where id = ? and deleted_at is null and payload is not null
  and (status = 'pending' or (status = 'running' and heartbeat_at < clock_timestamp() - (?::int * interval '1 millisecond')))
  and exists (select 1 from sync_run r where r.id = sync_batch.run_id and r.status = 'running' and r.deleted_at is null)
returning id, run_id, seq, owner, attempts, records, cursor, total, payload`

// The batch done by the executor that holds it; what it adds waits in its row.
const FINISH_BATCH = `
update sync_batch set status = 'done', stats = ?::jsonb, errors = ?::jsonb, unidentified = ?,
  payload = null, heartbeat_at = now(), updated_at = now()
where id = ? and owner = ? and status = 'running' and deleted_at is null
returning seq`

// The executor that holds a batch is alive.
const BEAT_BATCH = `
update sync_batch set heartbeat_at = clock_timestamp()
where id = ? and owner = ? and status = 'running' and deleted_at is null`

// The batch's workflow threw: what it wrote was undone; the run fails with it.
const FAIL_BATCH = `
update sync_batch set status = 'failed', error = ?, payload = null, updated_at = now()
where id = ? and owner = ? and status = 'running' and deleted_at is null`

const BATCH_STATE = `
select id, status, owner, attempts, error, extract(epoch from (clock_timestamp() - heartbeat_at)) * 1000 as quiet_ms
from sync_batch where id = ? and deleted_at is null`

// The run takes in its done batches in order: those below the first one not done.
const ROLL_BATCHES = `
update sync_batch set rolled = true, updated_at = now()
where run_id = ? and deleted_at is null and status = 'done' and not rolled
  and seq < coalesce((select min(b.seq) from sync_batch b where b.run_id = ? and b.deleted_at is null and b.status <> 'done'), 2147483647)
returning seq, records, cursor, total, stats, errors, unidentified`

/** A batch to execute: where it is in the source, and (for another process) its items. */
export type ClaimedBatch = {
  id: string
  run_id: string
  seq: number
  /** This claim: the process and the attempt. Its beats, its failure and its commit name it. */
  owner: string
  attempts: number
  records: number
  cursor: SyncCheckpoint | null
  total: number | null
  payload: SourceItem[] | null
}

/** Where a batch is, as the process that cut it watches it. */
export type BatchState = {
  id: string
  status: "pending" | "running" | "done" | "failed"
  owner: string | null
  attempts: number
  error: string | null
  /** Milliseconds since its executor last beat (since it was cut, while pending). */
  quiet_ms: number
}

/** Tells that claim `claim` still executes batch `id`. */
export async function beatBatch(manager: SqlEntityManager, id: string, claim: string): Promise<void> {
  await manager.execute(BEAT_BATCH, [id, claim])
}

/** The batch's workflow failed (and undid its writes) under claim `claim`. */
export async function failBatch(manager: SqlEntityManager, id: string, claim: string, error: string): Promise<void> {
  await manager.execute(FAIL_BATCH, [error, id, claim])
}

export async function batchState(manager: SqlEntityManager, id: string): Promise<BatchState | null> {
  const [state] = rows<BatchState>(await manager.execute(BATCH_STATE, [id]))
  return state ? { ...state, quiet_ms: Number(state.quiet_ms) } : null
}

/** What a run takes in of its batches, in order, up to the first one not done. */
export type RolledBatches = {
  processed: number
  stats: SyncRunStats
  unidentified: number
  /** The last one's position: where a resume reads on. */
  cursor: SyncCheckpoint | null
  total: number | null
  errors: ItemError[]
}

/**
 * Cuts batch `seq` of a run: executed by `owner` (the reading process, which
 * holds it at once), or left `pending` with its items for another process.
 */
export async function openBatch(
  manager: SqlEntityManager,
  runId: string,
  seq: number,
  position: { records: number; cursor: SyncCheckpoint | null; total: number | null },
  { owner, items }: { owner: string | null; items: SourceItem[] | null }
): Promise<string> {
  const id = generateEntityId(undefined, "psbat")
  await manager.execute(OPEN_BATCH, [
    id,
    runId,
    seq,
    owner ? "running" : "pending",
    owner,
    owner ? 1 : 0,
    position.records,
    position.cursor ? JSON.stringify(position.cursor) : null,
    position.total,
    items ? JSON.stringify(items) : null,
  ])
  return id
}

/** Takes batch `id` for `owner` when it is pending or its executor went quiet for `staleMs`; null when it is taken. */
export async function claimBatch(manager: SqlEntityManager, id: string, owner: string, staleMs: number): Promise<ClaimedBatch | null> {
  return rows<ClaimedBatch>(await manager.execute(CLAIM_BATCH, [owner, id, staleMs]))[0] ?? null
}

/** Marks batch `batchId` done if `claim` still holds it, keeping what it adds in its row; false when it no longer holds it. */
export async function finishBatch(
  manager: SqlEntityManager,
  batchId: string,
  claim: string,
  done: { stats: SyncRunStats; errors: ItemError[]; unidentified: number }
): Promise<boolean> {
  return rows(await manager.execute(FINISH_BATCH, [JSON.stringify(done.stats), JSON.stringify(done.errors), done.unidentified, batchId, claim])).length > 0
}

/** Marks the run's done batches below the first one not done as taken in, and sums them; null when there are none. */
export async function rollBatches(manager: SqlEntityManager, runId: string): Promise<RolledBatches | null> {
  type Row = { seq: number; records: number; cursor: SyncCheckpoint | null; total: number | null; stats: SyncRunStats; errors: ItemError[] | null; unidentified: number }
  const rolled = rows<Row>(await manager.execute(ROLL_BATCHES, [runId, runId])).sort((a, b) => a.seq - b.seq)
  if (!rolled.length) return null
  const last = rolled[rolled.length - 1]
  return {
    processed: rolled.reduce((n, b) => n + b.records, 0),
    stats: sumStats(rolled.map((b) => ({ ...b.stats, removed: 0 }))), // only the removal at the end sets `removed`
    unidentified: rolled.reduce((n, b) => n + b.unidentified, 0),
    cursor: last.cursor,
    total: last.total,
    errors: rolled.flatMap((b) => b.errors ?? []),
  }
}
