import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { nestedIn } from "../../../engine/nested-run"
import { planBatch } from "../../../engine/plan-batch"
import { runContextOf } from "../../../engine/run-context"
import { validateItems } from "../../../engine/validate-items"
import { emptyOutcome } from "../types"

/** The batch's items are the run's `pendingItems` (see RunContext). */
export type PrepareSyncBatchStepInput = { run_id: string }

export type { PreparedSyncBatch } from "../../../engine/plan-batch"

export const prepareSyncBatchStepId = "prepare-sync-batch"

/**
 * Validates a batch's items and plans them (see planBatch): compared with
 * the ledger's last synced content, references resolved, the inputs of
 * Medusa's product workflows built, and what they change written down (the
 * run's change log; a dry run's plan, after which it writes nothing). Writes
 * no product. The reference values it creates stay on a compensation:
 * products of other batches and sources may already use them; a dry run
 * creates none. Validation, hashes and ledger entries the run loop worked
 * out ahead (see Lookahead) are not worked out again.
 *
 * @example
 * const prepared = prepareSyncBatchStep({ run_id: "psrun_123" })
 */
export const prepareSyncBatchStep = createStep(
  prepareSyncBatchStepId,
  async ({ run_id }: PrepareSyncBatchStepInput, { container, eventGroupId }) => {
    const run = runContextOf(run_id)
    const items = run.pendingItems ?? []
    run.pendingItems = undefined
    const outcome = emptyOutcome()
    const fail = (external_id: string | null, message: string) => {
      outcome.stats.failed++
      outcome.errors.push({ external_id, message })
      // A record that exists but cannot be named may be any of the products: the run will remove none.
      if (external_id === null) outcome.unidentified++
    }
    const valid = validateItems(items, run.seen, outcome.stats, fail, (item) => run.lookahead.validate(item))
    outcome.seen = [...new Set([...valid.map((p) => p.external_id), ...outcome.errors.flatMap((e) => (e.external_id ? [e.external_id] : []))])]

    const { prepared, batch } = await planBatch(container, run, valid, outcome, fail, nestedIn(eventGroupId))
    run.batch = batch
    if (run.dryRun) {
      // A dry run counts what it would write, and writes nothing: no step after this one gets a product.
      outcome.stats.created += prepared.create.length
      outcome.stats.updated += prepared.update.length + prepared.partial.length + prepared.stock.length
      outcome.stats.unchanged += prepared.rehash.length
      return new StepResponse({ ...prepared, create: [], update: [], partial: [], stock: [], rehash: [], restock: [], reprice: [] })
    }
    return new StepResponse(prepared)
  }
)
