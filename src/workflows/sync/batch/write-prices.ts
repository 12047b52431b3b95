import { upsertVariantPricesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { ExistingProduct, isWrittenVariant, variantsOf, WriteContext } from "./to-product-input"
import type { Planned } from "./write-products"

/**
 * The cheap path of a product whose prices alone changed: an update input
 * naming only its variants and their prices, or null when its variants
 * cannot all be matched (by SKU, else by title) — then it is updated in full.
 */
export function pricesInput(p: Planned, existing: Map<string, ExistingProduct>, ctx: WriteContext): UpdateProductWorkflowInputDTO | null {
  const variants = existing.get(p.productId as string)?.variants ?? []
  const matched = variantsOf(p.product, ctx).map((v) => {
    const found = variants.find((e) => isWrittenVariant(v, e))
    return found ? { id: found.id, ...(v.prices ? { prices: v.prices } : {}) } : null
  })
  return matched.some((m) => !m) ? null : ({ id: p.productId as string, variants: matched } as UpdateProductWorkflowInputDTO)
}

type Prices = ReturnType<typeof variantsOf>[number]["prices"]
/** Medusa's update input takes variant prices, though its type does not name them. */
const pricesOf = (input: UpdateProductWorkflowInputDTO) => (input.variants ?? []) as unknown as { id: string; prices?: Prices }[]

/**
 * Writes the prices of `planned` products (each with a `pricesInput`)
 * through Medusa's price upsert: the variants' price sets and nothing else
 * (no product or variant update, no inventory steps).
 */
export async function writePrices(container: MedusaContainer, planned: Planned[], ctx: WriteContext): Promise<Isolated<Planned, string>> {
  return await writeIsolatingFailures(planned, async (batch) => {
    const variantPrices = batch.flatMap((p) =>
      pricesOf(p.input as UpdateProductWorkflowInputDTO).flatMap((v) => (v.prices ? [{ variant_id: v.id, product_id: p.productId as string, prices: v.prices }] : []))
    )
    await upsertVariantPricesWorkflow(container).run({
      // Every variant already has a price set: listed as "previous", its set is updated in place.
      input: { variantPrices, previousVariantIds: variantPrices.map((v) => v.variant_id) },
      context: ctx.nested,
    })
    return batch.map((p) => p.productId as string)
  })
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
      return wanted?.prices ? [{ variant_id: e.id, product_id: result, prices: wanted.prices }] : []
    })
    return prices.length ? [{ item, prices }] : []
  })
  const { failed } = await writeIsolatingFailures(repairs, async (batch) => {
    // Not "previous": Medusa then creates each variant's price set and links it.
    await upsertVariantPricesWorkflow(container).run({ input: { variantPrices: batch.flatMap((r) => r.prices), previousVariantIds: [] }, context: ctx.nested })
    return batch.map(() => true)
  })
  for (const { item, message } of failed) problems.set(item.item.product.external_id, `prices: ${message}`)
  return problems
}
