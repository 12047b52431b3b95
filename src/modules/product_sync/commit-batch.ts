import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { SyncChangeDTO, SyncCheckpoint, SyncRunStats } from "../../types"
import { finishBatch, rollBatches } from "./tables/batches"
import { insertChanges } from "./tables/changes"
import { type ItemError, insertErrors } from "./tables/errors"
import { deleteIntents } from "./tables/intents"
import { type LedgerWrite, markSeen, upsertLedger } from "./tables/ledger"
import { advanceRun, fenceRun } from "./tables/runs"

export type BatchCommit = {
  stats: SyncRunStats
  processed: number
  total?: number | null
  checkpoint?: SyncCheckpoint | null
  step?: string | null
  ledger: LedgerWrite[]
  errors: ItemError[]
  /** Records met that could not be identified: the run will remove nothing. */
  unidentified?: number
  /** External ids met but not written (unchanged, failed), to mark as seen. */
  seen?: string[]
  /** External ids whose create intents this batch settles (written or failed). */
  settled?: string[]
  /** The first run of the resumed chain this run belongs to (default: the run). */
  chain?: string
  /** What the batch changed (a dry run: would change), per product (see planChanges). */
  changes?: SyncChangeDTO[]
  /**
   * The batch's row in the run's batch table (see SyncBatch), held by this
   * process: the run takes in its counters, errors and position once every
   * batch before it is done. Without it, they count at once.
   */
  batch_id?: string
  /** The claim that holds a delivered batch (see claimBatch); none for a batch its reader writes itself. */
  batch_claim?: string
}

/**
 * One batch's outcome, in the caller's transaction: ledger rows, change log,
 * settled intents, seen marks, item errors, counters and checkpoint. `me` is
 * this process (see instanceId). `continue: false` when the run no longer
 * runs, is another process's, or the batch is no longer this claim's: then
 * nothing of the batch is written.
 */
export async function commitBatch(
  manager: SqlEntityManager,
  runId: string,
  source: string,
  batch: BatchCommit,
  { me, maxErrors }: { me: string; maxErrors: number }
): Promise<{ continue: boolean; cancel: boolean }> {
  const { ledger, errors, stats } = batch
  const chain = batch.chain ?? runId
  // The fence comes first: a run that was ended (reaped, cancelled) or is
  // owned by another process — or a batch another executor took over —
  // gets nothing of this batch: no ledger rows, no errors, no counters.
  let cancel: boolean
  let runOwner: string | null = null
  if (batch.batch_id) {
    // A batch of the run's batch table: what it adds waits in its row until the run takes it in, in order.
    // A delivered batch commits under its claim, whoever reads the run; one its reader writes itself, as the run's owner.
    const [claim, reader] = batch.batch_claim ? [batch.batch_claim, null] : [me, me]
    const run = await fenceRun(manager, runId, reader)
    if (!run) return { continue: false, cancel: false }
    if (!(await finishBatch(manager, batch.batch_id, claim, { stats, errors, unidentified: batch.unidentified ?? 0 }))) return { continue: false, cancel: false }
    cancel = run.cancel_requested
    runOwner = run.owner
  } else {
    const advanced = await advanceRun(manager, runId, me, { ...batch, cursor: batch.checkpoint ?? null, total: batch.total ?? null })
    if (!advanced) return { continue: false, cancel: false }
    cancel = advanced.cancel_requested
  }
  await upsertLedger(manager, source, runId, chain, ledger)
  await insertChanges(manager, runId, source, batch.changes ?? [])
  await deleteIntents(manager, source, batch.settled ?? [])
  await markSeen(manager, source, chain, batch.seen ?? [])
  if (batch.batch_id) {
    // The batches done below the first one not done count now: counters, errors, checkpoint.
    const rolled = await rollBatches(manager, runId)
    if (rolled) {
      await advanceRun(manager, runId, runOwner, { ...rolled, step: batch.step })
      await insertErrors(manager, runId, rolled.errors, maxErrors)
    }
  } else {
    await insertErrors(manager, runId, errors, maxErrors)
  }
  return { continue: true, cancel }
}
