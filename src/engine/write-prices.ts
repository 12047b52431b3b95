import { upsertVariantPricesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { ExistingProduct, isWrittenVariant, variantsOf, WriteContext } from "./to-product-input"
import type { Planned } from "./write-products"

/**
 * The cheap path of a product whose prices alone changed: the variants'
 * prices are written, the product is not. A product whose variants cannot
 * all be matched (by SKU, else by title) is returned in `whole`, to be
 * updated in full.
 */
export async function writePrices(
  container: MedusaContainer,
  planned: Planned[],
  existing: Map<string, ExistingProduct>,
  ctx: WriteContext
): Promise<Isolated<Planned, string> & { whole: Planned[] }> {
  const whole: Planned[] = []
  const updates = new Map<Planned, { id: string; prices: ReturnType<typeof variantsOf>[number]["prices"] }[]>()
  for (const p of planned) {
    const variants = existing.get(p.productId as string)?.variants ?? []
    const matched = variantsOf(p.product, ctx).map((v) => {
      const found = variants.find((e) => isWrittenVariant(v, e))
      return found ? { id: found.id, prices: v.prices } : null
    })
    if (matched.some((m) => !m)) whole.push(p)
    else updates.set(p, matched as { id: string; prices: ReturnType<typeof variantsOf>[number]["prices"] }[])
  }
  // Medusa's price upsert writes the variants' price sets and nothing else
  // (no variant update, no inventory steps).
  const written = await writeIsolatingFailures([...updates.keys()], async (batch) => {
    const variantPrices = batch.flatMap((p) => (updates.get(p) ?? []).map((v) => ({ variant_id: v.id, product_id: p.productId as string, prices: v.prices })))
    await upsertVariantPricesWorkflow(container).run({
      // Every variant already has a price set: listed as "previous", its set is updated in place.
      input: { variantPrices, previousVariantIds: variantPrices.map((v) => v.variant_id) },
    })
    return batch.map((p) => p.productId as string)
  })
  return { ...written, whole }
}
