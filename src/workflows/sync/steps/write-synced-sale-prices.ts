import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { nestedIn } from "../batch/nested-run"
import { runContextFor } from "../batch/run-context"
import { writeSalePrices } from "../batch/sale/write-sale-prices"
import { type BatchData, plannedIn } from "../batch/batch-data"
import type { FailedProduct, WrittenProduct } from "../batch/types"

export type WriteSyncedSalePricesStepInput = {
  run_id: string
  /** Products created or updated by the steps before whose sale prices are to be written (see PreparedSyncBatch.reprice). */
  written: WrittenProduct[]
  /** The batch's products (see BatchData); only their feed products are read. */
  batch: Pick<BatchData, "planned">
}

export type WriteSyncedSalePricesStepOutput = {
  /** Products whose sale prices could not be written (they stay in the ledger without a hash, so the next run writes them again). */
  failed: FailedProduct[]
}

export const writeSyncedSalePricesStepId = "write-synced-sale-prices"

/**
 * Makes the source's price list of type `sale` hold the feed's sale prices
 * of the batch's written products, through Medusa's price list workflows
 * (the list is created with the source's first sale price). No compensation:
 * the write sets the list to what the feed says, so a batch that fails after
 * it is written again, the same, by the run that takes its products up.
 *
 * @example
 * writeSyncedSalePricesStep({ run_id, written: [...created, ...updated], batch })
 */
export const writeSyncedSalePricesStep = createStep(writeSyncedSalePricesStepId, async ({ run_id, written, batch }: WriteSyncedSalePricesStepInput, { container, eventGroupId }) => {
  if (!written.length) return new StepResponse<WriteSyncedSalePricesStepOutput>({ failed: [] })
  const run = await runContextFor(container, run_id)
  const targets = written.map((w) => ({ product: plannedIn(batch, w.external_id).product, productId: w.product_id }))
  const problems = await writeSalePrices(container, targets, run.salePrices, nestedIn(eventGroupId))
  return new StepResponse<WriteSyncedSalePricesStepOutput>({ failed: [...problems].map(([external_id, message]) => ({ external_id, message })) })
})
