import type { CreateProductWorkflowInputDTO, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type ProductSnapshot, restoreProducts, snapshotProducts } from "../batch/product-snapshot"
import { nestedIn } from "../batch/nested-run"
import { runContextFor } from "../batch/run-context"
import { writeParts } from "../batch/write-parts"
import { linkMissingPriceSets } from "../batch/write-prices"
import { updateProducts } from "../batch/write-products"
import { type BatchData, batchOf } from "../batch/batch-data"
import { adoptedOf, plannedOf } from "../batch/batch-product"
import type { AdoptedProduct, FailedProduct, WrittenProduct } from "../batch/types"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"

type Undo = ProductSnapshot & { run_id: string }

export type UpdateSyncedProductsStepInput = {
  run_id: string
  /** External ids of products whose options or variants changed: updated in full (in `batch`). */
  update: string[]
  /** External ids of products whose own fields and/or prices alone changed: only those are written (see `partialInput`). */
  partial: string[]
  /** What the `productsPrepared` hook returned in place of their update inputs (matched by product id). */
  inputs?: UpdateProductWorkflowInputDTO[]
  /** What the hook returned in place of the batch's create inputs: adopted products are written with it. */
  createInputs?: CreateProductWorkflowInputDTO[]
  /** Products a crashed batch created (see createSyncedProductsStep): updated in full, and repaired. */
  adopted: AdoptedProduct[]
  batch: BatchData
}

/** `dropped`: external ids the hook returned no input for, not written. */
export type UpdateSyncedProductsStepOutput = { updated: WrittenProduct[]; failed: FailedProduct[]; dropped: string[] }

export const updateSyncedProductsStepId = "update-synced-products"

/**
 * Writes the batch's changed products through Medusa's workflows: in full
 * (`updateProductsWorkflow`, options added and removed first where they
 * changed) or, when their variants did not change, only the parts that did
 * (own fields without variants, and/or the variants' prices).
 * Compensation: the products' fields, tags, categories, images and the
 * prices of their variants are put back as they were before the step,
 * except those the batch's commit took.
 *
 * @example
 * const { updated } = updateSyncedProductsStep({ run_id, update, partial, adopted, batch })
 */
export const updateSyncedProductsStep = createStep(
  updateSyncedProductsStepId,
  async (input: UpdateSyncedProductsStepInput, { container, eventGroupId }) => {
    if (!(input.update.length + input.partial.length + input.adopted.length)) {
      return new StepResponse<UpdateSyncedProductsStepOutput, Undo>({ updated: [], failed: [], dropped: [] }, { run_id: input.run_id, products: [], prices: [] })
    }
    const run = await runContextFor(container, input.run_id)
    const batch = batchOf(input.batch, eventGroupId, [...input.update, ...input.partial, ...input.adopted.map((a) => a.external_id)])
    const { planned, dropped } = plannedOf(batch, [...input.update, ...input.partial], input.inputs, "id")
    const whole = new Set(input.update)
    const update = planned.filter((p) => whole.has(p.product.external_id))
    const partial = planned.filter((p) => !whole.has(p.product.external_id))
    const adopted = adoptedOf(batch, input.adopted, input.createInputs)
    const all = [...update, ...partial, ...adopted]
    const { write, existing, pricesRead } = batch
    // Prices are read back only of products whose prices this step may write (the plan read some already).
    const priced = [...update, ...adopted, ...partial.filter((p) => (p.input as UpdateProductWorkflowInputDTO).variants?.length)]
    const before = await snapshotProducts(container, all.map((p) => p.productId as string), existing, priced.map((p) => p.productId as string), pricesRead)
    const parts = await writeParts(container, partial, write)
    const full = await updateProducts(container, [...update, ...adopted], existing, write, run.locations)
    // A create a crash cut short may have left variants without price sets.
    const lacking = await linkMissingPriceSets(container, full.written.filter((w) => w.item.adopted), write)
    return new StepResponse<UpdateSyncedProductsStepOutput, Undo>(
      {
        // Without its prices a product is in the ledger with no hash: the next sync writes it again.
        updated: [...full.written, ...parts.written].map(({ item, result }) => ({
          external_id: item.product.external_id,
          product_id: result,
          hash: lacking.has(item.product.external_id) ? "" : item.hash,
        })),
        failed: [
          ...[...full.failed, ...parts.failed].map(({ item, message }) => ({ external_id: item.product.external_id, message })),
          ...[...lacking].map(([external_id, message]) => ({ external_id, message })),
        ],
        dropped,
      },
      { ...before, run_id: input.run_id }
    )
  },
  async (before, { container, eventGroupId }) => {
    if (!before?.products.length) return
    // What the batch's commit took stays: a failure after the commit undoes nothing of it.
    const committed = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).committedProducts(before.run_id, before.products.map((p) => p.id as string))
    await restoreProducts(container, {
      products: before.products.filter((p) => !committed.has(p.id as string)),
      prices: before.prices.filter((p) => !committed.has(p.product_id)),
    }, nestedIn(eventGroupId))
  }
)
