import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { nestedIn } from "../batch/nested-run"
import { planBatch } from "../batch/plan-batch"
import { type PreparedSyncBatch } from "../batch/plan-batch"
import { runContextFor } from "../batch/run-context"
import { validateItems } from "../batch/validate-items"
import { validateFeedProduct } from "../../../feed/feed-product"
import { type BatchData, toBatchData } from "../batch/batch-data"
import { emptyOutcome, type SyncProductBatchWorkflowInput } from "../batch/types"

export type PrepareSyncBatchStepInput = SyncProductBatchWorkflowInput

/**
 * The batch sorted by what each product needs, the products themselves, and
 * the rest of the workflow's input without its items, for the steps after
 * (Medusa copies what a step reads: past this step the items are not read).
 */
export type PrepareSyncBatchStepOutput = { sorted: PreparedSyncBatch; batch: BatchData; run: Omit<SyncProductBatchWorkflowInput, "items"> }

export type { PreparedSyncBatch } from "../batch/plan-batch"

export const prepareSyncBatchStepId = "prepare-sync-batch"

/**
 * Validates a batch's items and plans them (see planBatch): compared with
 * the ledger's last synced content, references resolved, the inputs of
 * Medusa's product workflows built, and what they change written down (the
 * run's change log; a dry run's plan, after which it writes nothing). Writes
 * no product. The reference values it creates stay on a compensation:
 * products of other batches and sources may already use them; a dry run
 * creates none. Ledger entries the run loop looked up ahead in this process
 * (see Lookahead) are not read again.
 *
 * @example
 * const { sorted, batch, run } = prepareSyncBatchStep({ run_id: "psrun_123", source: "erp", items, position: { records: 100, cursor: null, total: null } })
 */
export const prepareSyncBatchStep = createStep(
  prepareSyncBatchStepId,
  async ({ items, ...input }: PrepareSyncBatchStepInput, { container, eventGroupId }) => {
    const { run_id } = input
    const run = await runContextFor(container, run_id)
    const outcome = emptyOutcome()
    const fail = (external_id: string | null, message: string) => {
      outcome.stats.failed++
      outcome.errors.push({ external_id, message })
      // A record that exists but cannot be named may be any of the products: the run will remove none.
      if (external_id === null) outcome.unidentified++
    }
    // The reader in this process validated and hashed them already (see Lookahead); a copy elsewhere is validated here.
    const valid = validateItems(items, outcome.stats, fail, (item) => run.lookahead.validatedCopy(item) ?? validateFeedProduct(item.product))
    outcome.seen = [...new Set([...valid.map((p) => p.external_id), ...outcome.errors.flatMap((e) => (e.external_id ? [e.external_id] : []))])]

    const { prepared, batch } = await planBatch(container, run, valid, outcome, fail, nestedIn(eventGroupId))
    if (run.dryRun) {
      // A dry run counts what it would write, and writes nothing: no step after this one gets a product.
      outcome.stats.created += prepared.create.length
      outcome.stats.updated += prepared.update.length + prepared.partial.length + prepared.stock.length
      outcome.stats.unchanged += prepared.rehash.length
      const sorted = { ...prepared, create: [], update: [], partial: [], stock: [], rehash: [], restock: [], reprice: [] }
      return new StepResponse<PrepareSyncBatchStepOutput>({ sorted, batch: toBatchData(batch), run: input })
    }
    return new StepResponse<PrepareSyncBatchStepOutput>({ sorted: prepared, batch: toBatchData(batch), run: input })
  }
)
