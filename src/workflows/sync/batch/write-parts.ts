import { updateProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { type FieldRules, mergePlanned, writesFields } from "./merge-fields"
import { type ExistingProduct, toFieldsInput, type WriteContext } from "./to-product-input"
import { pricesInput, writePrices } from "./write-prices"
import type { Planned } from "./write-products"

/**
 * A product whose options and variants did not change, with the update input
 * of what did: `{ id, ...its own fields the merge lets through, variants:
 * [{ id, prices }] if its prices changed }`; no input when nothing but its
 * stock (or nothing at all) is to be written; "unmatched" when its variants
 * cannot all be found in Medusa (it is then updated in full).
 */
export function partialInput(p: Planned, existing: Map<string, ExistingProduct>, ctx: WriteContext, rules: FieldRules): Planned | "unmatched" {
  const { fields = true, prices = true } = p.parts ?? {}
  const priced = prices ? pricesInput(p, existing, ctx) : undefined
  if (priced === null) return "unmatched"
  const id = p.productId as string
  const merged = fields ? mergePlanned(p, toFieldsInput(p.product, id, ctx), existing.get(id), rules) : p
  const fieldsInput = merged.input as UpdateProductWorkflowInputDTO | undefined
  const own = fieldsInput && writesFields(fieldsInput) ? fieldsInput : undefined
  if (!own && !priced) return { ...merged, input: undefined }
  const input: UpdateProductWorkflowInputDTO = { ...(own ?? { id }), ...(priced ? { variants: priced.variants } : {}) }
  return { ...merged, input }
}

/**
 * Writes products with a `partialInput` (possibly changed by a hook), each
 * part through the cheapest of Medusa's workflows: the product's own fields
 * through `updateProductsWorkflow` without variants (no variant, price or
 * inventory step runs), the prices through the price upsert. A product is
 * written when all its parts are.
 */
export async function writeParts(container: MedusaContainer, planned: Planned[], ctx: WriteContext): Promise<Isolated<Planned, string>> {
  const inputOf = (p: Planned) => p.input as UpdateProductWorkflowInputDTO
  const fields = await writeIsolatingFailures(planned.filter((p) => writesFields(inputOf(p))), async (batch) => {
    const products = batch.map((p) => {
      // Without `variants`, Medusa's update leaves variants, prices and inventory alone.
      const own = { ...inputOf(p) }
      delete own.variants
      return own
    })
    await updateProductsWorkflow(container).run({ input: { products, additional_data: ctx.origin }, context: ctx.nested })
    return batch.map((p) => p.productId as string)
  })
  const fieldsFailed = new Set(fields.failed.map((f) => f.item))
  const prices = await writePrices(container, planned.filter((p) => !fieldsFailed.has(p) && inputOf(p).variants?.length), ctx)
  const failed = [...fields.failed, ...prices.failed]
  const failedItems = new Set(failed.map((f) => f.item))
  return { written: planned.filter((p) => !failedItems.has(p)).map((item) => ({ item, result: item.productId as string })), failed }
}
