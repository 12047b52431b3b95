import type { UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type ProductSnapshot, restoreProducts, snapshotProducts } from "../../../engine/product-snapshot"
import { runContextOf } from "../../../engine/run-context"
import { writeParts } from "../../../engine/write-parts"
import { linkMissingPriceSets } from "../../../engine/write-prices"
import { updateProducts } from "../../../engine/write-products"
import { adoptedOf, plannedOf } from "../batch-product"
import type { AdoptedProduct, FailedProduct, WrittenProduct } from "../types"

export type UpdateSyncedProductsStepInput = {
  run_id: string
  /** External ids of products whose options or variants changed: updated in full (see RunContext.batch). */
  update: string[]
  /** External ids of products whose own fields and/or prices alone changed: only those are written (see `partialInput`). */
  partial: string[]
  /** What the `productsPrepared` hook returned in place of their update inputs (`update`, then `partial`). */
  inputs?: UpdateProductWorkflowInputDTO[]
  /** Products a crashed batch created (see createSyncedProductsStep): updated in full, and repaired. */
  adopted: AdoptedProduct[]
}

export type UpdateSyncedProductsStepOutput = { updated: WrittenProduct[]; failed: FailedProduct[] }

export const updateSyncedProductsStepId = "update-synced-products"

/**
 * Writes the batch's changed products through Medusa's workflows: in full
 * (`updateProductsWorkflow`, options added and removed first where they
 * changed) or, when their variants did not change, only the parts that did
 * (own fields without variants, and/or the variants' prices).
 * Compensation: the products' fields, tags, categories, images and the
 * prices of their variants are put back as they were before the step.
 *
 * @example
 * const { updated } = updateSyncedProductsStep({ run_id, update, partial, adopted })
 */
export const updateSyncedProductsStep = createStep(
  updateSyncedProductsStepId,
  async (input: UpdateSyncedProductsStepInput, { container }) => {
    const run = runContextOf(input.run_id)
    if (!run.batch || !(input.update.length + input.partial.length + input.adopted.length)) {
      return new StepResponse<UpdateSyncedProductsStepOutput, ProductSnapshot>({ updated: [], failed: [] }, { products: [], prices: [] })
    }
    const update = plannedOf(run, input.update, input.inputs)
    const partial = plannedOf(run, input.partial, input.inputs?.slice(input.update.length))
    const adopted = adoptedOf(run, input.adopted)
    const all = [...update, ...partial, ...adopted]
    const { write, existing } = run.batch
    // Prices are read back only of products whose prices this step may write.
    const priced = [...update, ...adopted, ...partial.filter((p) => (p.input as UpdateProductWorkflowInputDTO).variants?.length)]
    const before = await snapshotProducts(container, all.map((p) => p.productId as string), existing, priced.map((p) => p.productId as string))
    const parts = await writeParts(container, partial, write)
    const whole = await updateProducts(container, [...update, ...adopted], existing, write)
    // A create a crash cut short may have left variants without price sets.
    const lacking = await linkMissingPriceSets(container, whole.written.filter((w) => w.item.adopted), write)
    return new StepResponse<UpdateSyncedProductsStepOutput, ProductSnapshot>(
      {
        // Without its prices a product is in the ledger with no hash: the next sync writes it again.
        updated: [...whole.written, ...parts.written].map(({ item, result }) => ({
          external_id: item.product.external_id,
          product_id: result,
          hash: lacking.has(item.product.external_id) ? "" : item.hash,
        })),
        failed: [
          ...[...whole.failed, ...parts.failed].map(({ item, message }) => ({ external_id: item.product.external_id, message })),
          ...[...lacking].map(([external_id, message]) => ({ external_id, message })),
        ],
      },
      before
    )
  },
  async (before, { container }) => {
    if (before) await restoreProducts(container, before)
  }
)
