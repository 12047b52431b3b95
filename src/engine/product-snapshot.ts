import { updateProductsWorkflow, upsertVariantPricesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

const FIELDS = [
  "id", "title", "subtitle", "description", "status", "thumbnail", "handle", "external_id", "metadata", "material",
  "weight", "length", "height", "width", "hs_code", "origin_country", "mid_code", "discountable", "collection_id", "type_id",
]

type Price = { amount: number; currency_code: string; price_rules?: { attribute: string; value: string }[] }
type Row = Record<string, unknown> & {
  id: string
  tags?: { id: string }[]
  categories?: { id: string }[]
  images?: { url: string }[]
  variants?: { id: string; prices?: Price[] }[]
}

/** What a sync update may overwrite of products, as they are now: to put back on a compensation. */
export type ProductSnapshot = { products: UpdateProductWorkflowInputDTO[]; prices: { variant_id: string; product_id: string; prices: Price[] }[] }

export async function snapshotProducts(container: MedusaContainer, ids: string[]): Promise<ProductSnapshot> {
  if (!ids.length) return { products: [], prices: [] }
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product",
    fields: [...FIELDS, "tags.id", "categories.id", "images.url", "variants.id", "variants.prices.amount", "variants.prices.currency_code", "variants.prices.price_rules.attribute", "variants.prices.price_rules.value"],
    filters: { id: ids },
  })
  const rows = data as Row[]
  return {
    products: rows.map((row) => ({
      ...Object.fromEntries(FIELDS.map((f) => [f, row[f]])),
      tag_ids: (row.tags ?? []).map((t) => t.id),
      category_ids: (row.categories ?? []).map((c) => c.id),
      images: (row.images ?? []).map((i) => ({ url: i.url })),
    })) as UpdateProductWorkflowInputDTO[],
    prices: rows.flatMap((row) => (row.variants ?? []).map((v) => ({ variant_id: v.id, product_id: row.id, prices: v.prices ?? [] }))),
  }
}

/**
 * Puts products back as `snapshotProducts` saw them: their fields, tags,
 * categories, images and the prices of the variants that still exist.
 * Variants an update added or removed are not restored.
 */
export async function restoreProducts(container: MedusaContainer, snapshot: ProductSnapshot): Promise<void> {
  if (!snapshot.products.length) return
  await updateProductsWorkflow(container).run({ input: { products: snapshot.products } })
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
      prices: p.prices.map(({ amount, currency_code, price_rules }) => ({
        amount,
        currency_code,
        ...(price_rules?.length ? { rules: Object.fromEntries(price_rules.map((r) => [r.attribute, r.value])) } : {}),
      })),
    }))
  if (variantPrices.length) {
    await upsertVariantPricesWorkflow(container).run({ input: { variantPrices, previousVariantIds: variantPrices.map((v) => v.variant_id) } })
  }
}
