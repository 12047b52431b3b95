import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type ProductSnapshot, restoreProducts, snapshotProducts } from "../../../engine/product-snapshot"
import { runContextOf } from "../../../engine/run-context"
import { linkMissingPriceSets, writePrices } from "../../../engine/write-prices"
import { type Planned, updateProducts } from "../../../engine/write-products"
import type { FailedProduct, WrittenProduct } from "../types"

export type UpdateSyncedProductsStepInput = {
  run_id: string
  /** Changed products, with update inputs. */
  update: Planned[]
  /** Price-only changes, with inputs naming only variant prices. */
  prices: Planned[]
  /** Products a crashed batch created (see createSyncedProductsStep): updated in full, and repaired. */
  adopted: Planned[]
}

export type UpdateSyncedProductsStepOutput = { updated: WrittenProduct[]; failed: FailedProduct[] }

export const updateSyncedProductsStepId = "update-synced-products"

/**
 * Writes the batch's changed products through Medusa's workflows: in full
 * (`updateProductsWorkflow`, options added and removed first where they
 * changed) or, when only prices changed, their variants' prices alone.
 * Compensation: the products' fields, tags, categories, images and variant
 * prices are put back as they were before the step.
 *
 * @example
 * const { updated } = updateSyncedProductsStep({ run_id, update, prices, adopted })
 */
export const updateSyncedProductsStep = createStep(
  updateSyncedProductsStepId,
  async ({ run_id, update, prices, adopted }: UpdateSyncedProductsStepInput, { container }) => {
    const run = runContextOf(run_id)
    const all = [...update, ...prices, ...adopted]
    if (!all.length || !run.batch) {
      return new StepResponse<UpdateSyncedProductsStepOutput, ProductSnapshot>({ updated: [], failed: [] }, { products: [], prices: [] })
    }
    const { write, existing } = run.batch
    const before = await snapshotProducts(container, all.map((p) => p.productId as string), existing)
    const priced = await writePrices(container, prices)
    const whole = await updateProducts(container, [...update, ...adopted], existing, write)
    // A create a crash cut short may have left variants without price sets.
    const unpriced = await linkMissingPriceSets(container, whole.written.filter((w) => w.item.adopted), write)
    return new StepResponse<UpdateSyncedProductsStepOutput, ProductSnapshot>(
      {
        // Without its prices a product is in the ledger with no hash: the next sync writes it again.
        updated: [...whole.written, ...priced.written].map(({ item, result }) => ({
          external_id: item.product.external_id,
          product_id: result,
          hash: unpriced.has(item.product.external_id) ? "" : item.hash,
        })),
        failed: [
          ...[...whole.failed, ...priced.failed].map(({ item, message }) => ({ external_id: item.product.external_id, message })),
          ...[...unpriced].map(([external_id, message]) => ({ external_id, message })),
        ],
      },
      before
    )
  },
  async (before, { container }) => {
    if (before) await restoreProducts(container, before)
  }
)
