import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { runContextFor } from "../batch/run-context"
import { unchanged } from "../batch/changes/plan-changes"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import { type BatchData, plannedChanges, plannedIn } from "../batch/batch-data"
import type { BatchOutcome, BatchPosition, FailedProduct, SyncProductBatchWorkflowOutput, WrittenProduct } from "../batch/types"

export type CommitSyncBatchStepInput = {
  run_id: string
  outcome: BatchOutcome
  created: WrittenProduct[]
  /** Updated in full, prices only, or stock only. */
  updated: WrittenProduct[]
  failed: FailedProduct[]
  /** External ids of products whose changes the merge found nothing to write for: their ledger rows alone are updated. */
  rehashed: string[]
  /** External ids the `productsPrepared` hook returned no input for: skipped, not written. */
  dropped: string[]
  /** Written, but their stock (or an adopted product's prices) failed: in the ledger without a hash. */
  incomplete: string[]
  /** Written, but their stock failed: the change log leaves their stock out. */
  unstocked?: string[]
  /** External ids whose create intents the commit settles. */
  settled: string[]
  position: BatchPosition
  /** The batch's row in the run's batch table (see SyncProductBatchWorkflowInput). */
  batch_id?: string
  batch_claim?: string
  /** The batch's products and planned changes (see BatchData). */
  batch: BatchData
}

export const commitSyncBatchStepId = "commit-sync-batch"

/**
 * Commits the batch in one transaction of the module: ledger rows, item
 * errors, counters and checkpoint (with `batch_id`, those three into the
 * batch's row until the run takes them in, in order), fenced by the run's
 * status and owner — or, for a delivered batch, by its claim.
 * No compensation: what is committed stays. Only the `batchCommitted` hook
 * runs after it, and its failure is announced, not undone (see runBatch).
 *
 * @example
 * const committed = commitSyncBatchStep({ run_id, outcome, created, updated, failed, incomplete, settled, position, batch })
 */
export const commitSyncBatchStep = createStep(
  commitSyncBatchStepId,
  async (input: CommitSyncBatchStepInput, { container }) => {
    const run = await runContextFor(container, input.run_id)
    const { outcome, created, updated, failed, incomplete, position } = input
    const stats = { ...outcome.stats }
    stats.created += created.length
    stats.updated += updated.length
    stats.unchanged += input.rehashed.length
    stats.skipped += input.dropped.length
    stats.failed += failed.length
    const blank = new Set(incomplete)
    const plannedOf = (id: string) => (input.batch.planned[id] === undefined ? undefined : plannedIn(input.batch, id))
    const rehashed = input.rehashed.map((id) => plannedOf(id)!).map((p) => ({ external_id: p.product.external_id, product_id: p.productId as string, hash: p.hash }))
    // With each row, what the merge worked out: the fields' hashes and the conflicts it met.
    const ledger = [...created, ...updated, ...rehashed].map((w) => {
      const p = plannedOf(w.external_id)
      stats.conflicts += p?.conflicts?.length ?? 0
      return { ...w, hash: blank.has(w.external_id) ? "" : w.hash, fields: p?.fields, conflicts: p?.conflicts?.map((c) => ({ ...c, run_id: run.runId })) }
    })
    const written = new Set(ledger.map((l) => l.external_id))
    // The change log keeps what was written (a dry run: its whole plan): a created product (or one
    // adopted from a crashed batch) gets its id, a product whose stock failed loses its stock changes.
    const ids = new Map(ledger.map((l) => [l.external_id, l.product_id]))
    const unstocked = new Set(input.unstocked ?? [])
    const changes = plannedChanges(input.batch)
      .filter((c) => run.dryRun || written.has(c.external_id))
      .map((c) => (c.action === "create" ? { ...c, product_id: ids.get(c.external_id) ?? null } : c))
      .map((c) => (unstocked.has(c.external_id) ? { ...c, stock: [], risks: c.risks.filter((r) => r !== "stock_lost") } : c))
      .filter((c) => !unchanged(c))
    const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
    const answer = await service.commitBatch(run.runId, run.source, {
      stats,
      ledger,
      errors: [...outcome.errors, ...failed],
      unidentified: outcome.unidentified,
      // Written rows are marked seen by their ledger write.
      seen: run.markSeen ? outcome.seen.filter((id) => !written.has(id)) : undefined,
      settled: input.settled,
      changes,
      chain: run.chain,
      processed: position.records,
      total: position.total,
      checkpoint: position.cursor,
      step: "writing products",
      batch_id: input.batch_id,
      batch_claim: input.batch_claim,
    })
    const output: SyncProductBatchWorkflowOutput = { ...answer, stats }
    return new StepResponse(output)
  }
)
