import { deleteProductsWorkflow } from "@medusajs/core-flows"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { runContextOf } from "../../../engine/run-context"
import { createProducts } from "../../../engine/write-products"
import type { CreateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { plannedOf } from "../batch-product"
import type { AdoptedProduct, FailedProduct, WrittenProduct } from "../types"

export type CreateSyncedProductsStepInput = {
  run_id: string
  /** External ids of the batch's new products (see RunContext.batch). */
  create: string[]
  /** What the `productsPrepared` hook returned in place of their create inputs, in the same order. */
  inputs?: CreateProductWorkflowInputDTO[]
}

export type CreateSyncedProductsStepOutput = {
  created: WrittenProduct[]
  failed: FailedProduct[]
  /** Products an earlier, crashed batch of this source created: to be updated instead. */
  adopted: AdoptedProduct[]
  /** External ids whose create intents the batch's commit settles. */
  settled: string[]
}

export const createSyncedProductsStepId = "create-synced-products"

/**
 * Creates the batch's new products through Medusa's `createProductsWorkflow`,
 * recording the intent to create each first, isolating the ones Medusa
 * rejects, and adopting the ones a crashed batch of this source made.
 * Compensation: the products it created are deleted again, so a batch whose
 * ledger commit fails leaves no product the ledger does not know.
 *
 * @example
 * const { created, adopted } = createSyncedProductsStep({ run_id, create: prepared.create })
 */
export const createSyncedProductsStep = createStep(
  createSyncedProductsStepId,
  async ({ run_id, create, inputs }: CreateSyncedProductsStepInput, { container }) => {
    const run = runContextOf(run_id)
    if (!create.length || !run.batch) {
      return new StepResponse<CreateSyncedProductsStepOutput, string[]>({ created: [], failed: [], adopted: [], settled: [] }, [])
    }
    const result = await createProducts(container, plannedOf(run, create, inputs), run.batch.write, run.intents)
    const created = result.written.map(({ item, result: product_id }) => ({ external_id: item.product.external_id, product_id, hash: item.hash }))
    return new StepResponse<CreateSyncedProductsStepOutput, string[]>(
      {
        created,
        failed: result.failed.map(({ item, message }) => ({ external_id: item.product.external_id, message })),
        adopted: result.adopted.map((p) => ({ external_id: p.product.external_id, product_id: p.productId as string })),
        settled: create,
      },
      created.map((c) => c.product_id)
    )
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) return
    await deleteProductsWorkflow(container).run({ input: { ids: createdIds } })
  }
)
