import { upsertVariantPricesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
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

/**
 * Gives the variants of `written` products that have no price set one, with
 * the feed's prices; returns why it failed, by external id. Only a create
 * that a crash cut short leaves such variants (Medusa's product create makes
 * variants first and their price sets in a later step), and Medusa's update
 * and price upsert both skip a variant without a set — so adopted products
 * are repaired here.
 */
export async function linkMissingPriceSets(
  container: MedusaContainer,
  written: { item: Planned; result: string }[],
  ctx: WriteContext
): Promise<Map<string, string>> {
  const problems = new Map<string, string>()
  if (!written.length) return problems
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "title", "product_id", "price_set.id"],
    filters: { product_id: written.map((w) => w.result) },
  })
  const unpriced = (data as { id: string; sku: string | null; title: string; product_id: string; price_set?: { id: string } | null }[]).filter((v) => !v.price_set?.id)
  const repairs = written.flatMap(({ item, result }) => {
    const variants = unpriced.filter((v) => v.product_id === result)
    const prices = variants.flatMap((e) => {
      const wanted = variantsOf(item.product, ctx).find((v) => isWrittenVariant(v, e))
      return wanted ? [{ variant_id: e.id, product_id: result, prices: wanted.prices }] : []
    })
    return prices.length ? [{ item, prices }] : []
  })
  const { failed } = await writeIsolatingFailures(repairs, async (batch) => {
    // Not "previous": Medusa then creates each variant's price set and links it.
    await upsertVariantPricesWorkflow(container).run({ input: { variantPrices: batch.flatMap((r) => r.prices), previousVariantIds: [] } })
    return batch.map(() => true)
  })
  for (const { item, message } of failed) problems.set(item.item.product.external_id, `prices: ${message}`)
  return problems
}
