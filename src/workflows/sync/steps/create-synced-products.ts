import { deleteProductsWorkflow } from "@medusajs/core-flows"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { nestedIn } from "../batch/nested-run"
import { runContextFor } from "../batch/run-context"
import { createProducts } from "../batch/write-products"
import type { CreateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { type BatchData, batchOf } from "../batch/batch-data"
import { plannedOf } from "../batch/batch-product"
import type { AdoptedProduct, FailedProduct, WrittenProduct } from "../batch/types"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"

/** What the compensation deletes: the products made, less those the batch's commit took. */
type Created = { run_id: string; ids: string[] }

export type CreateSyncedProductsStepInput = {
  run_id: string
  /** External ids of the batch's new products (in `batch`). */
  create: string[]
  batch: BatchData
  /** What the `productsPrepared` hook returned in place of their create inputs (matched by external id). */
  inputs?: CreateProductWorkflowInputDTO[]
}

export type CreateSyncedProductsStepOutput = {
  created: WrittenProduct[]
  failed: FailedProduct[]
  /** Products an earlier, crashed batch of this source created: to be updated instead. */
  adopted: AdoptedProduct[]
  /** External ids whose create intents the batch's commit settles. */
  settled: string[]
  /** External ids the hook returned no input for: not written. */
  dropped: string[]
}

export const createSyncedProductsStepId = "create-synced-products"

/**
 * Creates the batch's new products through Medusa's `createProductsWorkflow`,
 * recording the intent to create each first, isolating the ones Medusa
 * rejects, and adopting the ones a crashed batch of this source made.
 * Compensation: the products it created are deleted again, so a batch whose
 * ledger commit fails leaves no product the ledger does not know — unless
 * the commit took them (a failure after it leaves committed work in place).
 *
 * @example
 * const { created, adopted } = createSyncedProductsStep({ run_id, create: sorted.create, batch })
 */
export const createSyncedProductsStep = createStep(
  createSyncedProductsStepId,
  async ({ run_id, create, inputs, batch: data }: CreateSyncedProductsStepInput, { container, eventGroupId }) => {
    if (!create.length) {
      return new StepResponse<CreateSyncedProductsStepOutput, Created>({ created: [], failed: [], adopted: [], settled: [], dropped: [] }, { run_id, ids: [] })
    }
    const run = await runContextFor(container, run_id)
    const batch = batchOf(data, eventGroupId, create)
    const { planned, dropped } = plannedOf(batch, create, inputs, "external_id")
    const result = await createProducts(container, planned, batch.write, run.intents)
    const created = result.written.map(({ item, result: product_id }) => ({ external_id: item.product.external_id, product_id, hash: item.hash }))
    return new StepResponse<CreateSyncedProductsStepOutput, Created>(
      {
        created,
        failed: result.failed.map(({ item, message }) => ({ external_id: item.product.external_id, message })),
        adopted: result.adopted.map((p) => ({ external_id: p.product.external_id, product_id: p.productId as string })),
        settled: create,
        dropped,
      },
      { run_id, ids: created.map((c) => c.product_id) }
    )
  },
  async (created, { container, eventGroupId }) => {
    if (!created?.ids.length) return
    const committed = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).committedProducts(created.run_id, created.ids)
    const ids = created.ids.filter((id) => !committed.has(id))
    if (ids.length) await deleteProductsWorkflow(container).run({ input: { ids }, context: nestedIn(eventGroupId) })
  }
)
