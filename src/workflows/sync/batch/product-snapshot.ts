import { updateProductsWorkflow, upsertVariantPricesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { NestedRun } from "./nested-run"
import { existingProducts } from "./read-products"
import type { ExistingProduct } from "./to-product-input"

export const SNAPSHOT_FIELDS = [
  "id", "title", "subtitle", "description", "status", "thumbnail", "handle", "external_id", "metadata", "material",
  "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "discountable", "collection_id", "type_id",
]

type Price = { amount: number; currency_code: string; price_list_id?: string | null; price_rules?: { attribute: string; value: string }[] }
export type VariantPrices = { variant_id: string; product_id: string; prices: Price[] }

/** The prices of every variant of `productIds`, as stored: one query. */
export async function readVariantPrices(container: MedusaContainer, productIds: string[]): Promise<VariantPrices[]> {
  if (!productIds.length) return []
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product_variant",
    fields: ["id", "product_id", "prices.amount", "prices.currency_code", "prices.price_list_id", "prices.price_rules.attribute", "prices.price_rules.value"],
    filters: { product_id: productIds },
  })
  return (data as { id: string; product_id: string; prices?: Price[] }[]).map((v) => ({ variant_id: v.id, product_id: v.product_id, prices: v.prices ?? [] }))
}
export type SnapshotRow = Record<string, unknown> & {
  id: string
  tags?: { id: string }[]
  categories?: { id: string }[]
  images?: { url: string }[]
}

/** A product as read → the update input that puts its own fields, tags, categories and images back. */
export const fieldsOf = (row: SnapshotRow): UpdateProductWorkflowInputDTO =>
  ({
    ...Object.fromEntries(SNAPSHOT_FIELDS.map((f) => [f, row[f]])),
    tag_ids: (row.tags ?? []).map((t) => t.id),
    category_ids: (row.categories ?? []).map((c) => c.id),
    images: (row.images ?? []).map((i) => ({ url: i.url })),
  }) as UpdateProductWorkflowInputDTO

/** What a sync update may overwrite of products, as they are now: to put back on a compensation. */
export type ProductSnapshot = { products: UpdateProductWorkflowInputDTO[]; prices: { variant_id: string; product_id: string; prices: Price[] }[] }

/**
 * The products' own fields come from the read the batch made already
 * (`existingProducts`), and so do the prices the batch's plan read
 * (`pricesRead`, by product id), so the snapshot costs at most one query:
 * the prices of the other variants of `pricedIds`, the products whose
 * prices may be written.
 */
export async function snapshotProducts(
  container: MedusaContainer,
  ids: string[],
  existing: Map<string, ExistingProduct>,
  pricedIds: string[] = ids,
  pricesRead: Map<string, VariantPrices[]> = new Map()
): Promise<ProductSnapshot> {
  if (!ids.length) return { products: [], prices: [] }
  const unread = ids.filter((id) => !existing.get(id)?.fields)
  for (const [id, product] of await existingProducts(container, unread)) existing.set(id, product)
  return {
    products: ids.flatMap((id) => (existing.get(id)?.fields ? [existing.get(id)!.fields!] : [])),
    prices: [...pricedIds.flatMap((id) => pricesRead.get(id) ?? []), ...(await readVariantPrices(container, pricedIds.filter((id) => !pricesRead.has(id))))],
  }
}

/**
 * Puts products back as `snapshotProducts` saw them: their fields, tags,
 * categories, images and the prices of the variants that still exist.
 * Variants an update added or removed are not restored.
 */
export async function restoreProducts(container: MedusaContainer, snapshot: ProductSnapshot, nested?: NestedRun): Promise<void> {
  if (!snapshot.products.length) return
  await updateProductsWorkflow(container).run({ input: { products: snapshot.products }, context: nested })
  if (!snapshot.prices.length) return
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product_variant",
    fields: ["id"],
    filters: { id: snapshot.prices.map((p) => p.variant_id) },
  })
  const still = new Set((data as { id: string }[]).map((v) => v.id))
  const variantPrices = snapshot.prices
    .filter((p) => still.has(p.variant_id))
    .map((p) => ({
      ...p,
      // A price list's prices (the source's sale list) are put back by their own step, not as variant prices.
      prices: p.prices.filter((pr) => !pr.price_list_id).map(({ amount, currency_code, price_rules }) => ({
        amount,
        currency_code,
        ...(price_rules?.length ? { rules: Object.fromEntries(price_rules.map((r) => [r.attribute, r.value])) } : {}),
      })),
    }))
  if (variantPrices.length) {
    await upsertVariantPricesWorkflow(container).run({ input: { variantPrices, previousVariantIds: variantPrices.map((v) => v.variant_id) }, context: nested })
  }
}
