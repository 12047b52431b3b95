import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { SourceItem } from "../../sources"
import type { SyncCheckpoint, SyncRunStats } from "../../types"
import { rows } from "./sync-run-store"
import * as SQL from "./utils/sql"

type BatchError = { external_id: string | null; message: string }

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
  await manager.execute(SQL.BEAT_BATCH, [id, claim])
}

/** The batch's workflow failed (and undid its writes) under claim `claim`. */
export async function failBatch(manager: SqlEntityManager, id: string, claim: string, error: string): Promise<void> {
  await manager.execute(SQL.FAIL_BATCH, [error, id, claim])
}

export async function batchState(manager: SqlEntityManager, id: string): Promise<BatchState | null> {
  const [state] = rows<BatchState>(await manager.execute(SQL.BATCH_STATE, [id]))
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
  errors: BatchError[]
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
  await manager.execute(SQL.OPEN_BATCH, [
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
  return rows<ClaimedBatch>(await manager.execute(SQL.CLAIM_BATCH, [owner, id, staleMs]))[0] ?? null
}

/**
 * In a batch's commit transaction, first: locks the run if it still runs (and,
 * for a batch its reader writes itself, `reader` still owns it) and marks the
 * batch done if `claim` still holds it, keeping what it adds in its row. Null
 * when any of that is no longer so: the batch commits nothing.
 */
export async function finishBatch(
  manager: SqlEntityManager,
  runId: string,
  batchId: string,
  { claim, reader }: { claim: string; reader: string | null },
  done: { stats: SyncRunStats; errors: BatchError[]; unidentified: number }
): Promise<{ runOwner: string | null; cancel: boolean } | null> {
  const [run] = rows<{ owner: string | null; cancel_requested: boolean }>(await manager.execute(SQL.FENCE_RUN, [runId, reader, reader]))
  if (!run) return null
  const finished = rows(await manager.execute(SQL.FINISH_BATCH, [JSON.stringify(done.stats), JSON.stringify(done.errors), done.unidentified, batchId, claim]))
  return finished.length ? { runOwner: run.owner, cancel: run.cancel_requested } : null
}

/** Marks the run's done batches below the first one not done as taken in, and sums them; null when there are none. */
export async function rollBatches(manager: SqlEntityManager, runId: string): Promise<RolledBatches | null> {
  type Row = { seq: number; records: number; cursor: SyncCheckpoint | null; total: number | null; stats: SyncRunStats; errors: BatchError[] | null; unidentified: number }
  const rolled = rows<Row>(await manager.execute(SQL.ROLL_BATCHES, [runId, runId])).sort((a, b) => a.seq - b.seq)
  if (!rolled.length) return null
  const last = rolled[rolled.length - 1]
  const sum = (key: keyof SyncRunStats) => rolled.reduce((n, b) => n + (b.stats?.[key] ?? 0), 0)
  return {
    processed: rolled.reduce((n, b) => n + b.records, 0),
    stats: { created: sum("created"), updated: sum("updated"), unchanged: sum("unchanged"), skipped: sum("skipped"), failed: sum("failed"), removed: 0, conflicts: sum("conflicts") },
    unidentified: rolled.reduce((n, b) => n + b.unidentified, 0),
    cursor: last.cursor,
    total: last.total,
    errors: rolled.flatMap((b) => b.errors ?? []),
  }
}
