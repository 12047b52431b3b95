import { updateProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { type ExistingProduct, toFieldsInput, type WriteContext } from "./to-product-input"
import { pricesInput, writePrices } from "./write-prices"
import type { Planned } from "./write-products"

/**
 * The update input of a product whose options and variants did not change:
 * `{ id, ...its own fields if they changed, variants: [{ id, prices }] if its
 * prices changed }`. null when only its stock changed; "unmatched" when its
 * variants cannot all be found in Medusa (it is then updated in full).
 */
export function partialInput(p: Planned, existing: Map<string, ExistingProduct>, ctx: WriteContext): UpdateProductWorkflowInputDTO | null | "unmatched" {
  const { fields = true, prices = true } = p.parts ?? {}
  const priced = prices ? pricesInput(p, existing, ctx) : undefined
  if (priced === null) return "unmatched"
  if (!fields && !priced) return null
  const id = p.productId as string
  return { ...(fields ? toFieldsInput(p.product, id, ctx) : { id }), ...(priced ? { variants: priced.variants } : {}) }
}

const hasFields = (input: UpdateProductWorkflowInputDTO) => Object.keys(input).some((k) => k !== "id" && k !== "variants")

/**
 * Writes products with a `partialInput` (possibly changed by a hook), each
 * part through the cheapest of Medusa's workflows: the product's own fields
 * through `updateProductsWorkflow` without variants (no variant, price or
 * inventory step runs), the prices through the price upsert. A product is
 * written when all its parts are.
 */
export async function writeParts(container: MedusaContainer, planned: Planned[], ctx: WriteContext): Promise<Isolated<Planned, string>> {
  const inputOf = (p: Planned) => p.input as UpdateProductWorkflowInputDTO
  const fields = await writeIsolatingFailures(planned.filter((p) => hasFields(inputOf(p))), async (batch) => {
    const products = batch.map((p) => {
      // Without `variants`, Medusa's update leaves variants, prices and inventory alone.
      const own = { ...inputOf(p) }
      delete own.variants
      return own
    })
    await updateProductsWorkflow(container).run({ input: { products, additional_data: ctx.origin } })
    return batch.map((p) => p.productId as string)
  })
  const fieldsFailed = new Set(fields.failed.map((f) => f.item))
  const prices = await writePrices(container, planned.filter((p) => !fieldsFailed.has(p) && inputOf(p).variants?.length))
  const failed = [...fields.failed, ...prices.failed]
  const failedItems = new Set(failed.map((f) => f.item))
  return { written: planned.filter((p) => !failedItems.has(p)).map((item) => ({ item, result: item.productId as string })), failed }
}
