import { updateProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { FeedProduct } from "../../../feed/feed-product"
import { addOptions, planOptions, removeValues } from "./option-changes"
import { existingProducts } from "./read-products"
import type { StockLocations } from "./stock/stock-locations"
import { writeStock } from "./stock/write-stock"
import type { WriteContext } from "./to-product-input"

type Price = { amount: number; currency_code: string; price_rules?: { attribute: string; value: string }[] }
type Level = { location_id: string; stocked_quantity: number }
type VariantRow = {
  title: string
  sku: string | null
  manage_inventory: boolean
  allow_backorder: boolean
  options?: { value: string; option_id: string }[]
  prices?: Price[]
  inventory_items?: { inventory?: { location_levels?: Level[] } }[]
}
type ProductRow = { id: string; title: string; options?: { id: string; title: string; values?: { value: string }[] }[]; variants?: VariantRow[] }

/** A product's options and variants (prices and stock included) as they were before an option change that deletes its variants. */
export type VariantsSnapshot = Map<string, ProductRow>

/** Reads what `restoreVariants` needs to put the products back; one query. */
export async function snapshotVariants(container: MedusaContainer, productIds: string[]): Promise<VariantsSnapshot> {
  if (!productIds.length) return new Map()
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product",
    fields: [
      "id", "title", "options.id", "options.title", "options.values.value",
      "variants.title", "variants.sku", "variants.manage_inventory", "variants.allow_backorder",
      "variants.options.value", "variants.options.option_id",
      "variants.prices.amount", "variants.prices.currency_code", "variants.prices.price_rules.attribute", "variants.prices.price_rules.value",
      "variants.inventory_items.inventory.location_levels.location_id", "variants.inventory_items.inventory.location_levels.stocked_quantity",
    ],
    filters: { id: productIds },
  })
  return new Map((data as ProductRow[]).map((p) => [p.id, p]))
}

// The snapshot in the feed's shape, so that the sync's own option planner and stock writer put it back.
function asFeed(row: ProductRow): FeedProduct {
  const titles = new Map((row.options ?? []).map((o) => [o.id, o.title]))
  return {
    external_id: row.id,
    title: row.title,
    options: (row.options ?? []).map((o) => ({ title: o.title, values: (o.values ?? []).map((v) => v.value) })),
    variants: (row.variants ?? []).map((v) => ({
      title: v.title,
      ...(v.sku ? { sku: v.sku } : {}),
      options: Object.fromEntries((v.options ?? []).map((o) => [titles.get(o.option_id) as string, o.value])),
      inventory: (v.inventory_items ?? []).flatMap((i) => i.inventory?.location_levels ?? []).map((l) => ({ location: l.location_id, quantity: Number(l.stocked_quantity) })),
    })),
  } as FeedProduct
}

const variantInput = (v: VariantRow, options: Record<string, string>) => ({
  title: v.title,
  sku: v.sku,
  manage_inventory: v.manage_inventory,
  allow_backorder: v.allow_backorder,
  options,
  prices: (v.prices ?? []).map((p) => ({
    amount: p.amount,
    currency_code: p.currency_code,
    ...(p.price_rules?.length ? { rules: Object.fromEntries(p.price_rules.map((r) => [r.attribute, r.value])) } : {}),
  })),
})

/**
 * Puts products whose option change failed after their variants were
 * deleted back as `snapshotVariants` saw them: their options, and variants
 * of the same titles, SKUs, option values and prices (new ids: Medusa
 * cannot bring deleted ones back), with their stock at the same locations.
 */
export async function restoreVariants(
  container: MedusaContainer,
  productIds: string[],
  snapshot: VariantsSnapshot,
  ctx: WriteContext,
  locations: StockLocations
): Promise<void> {
  const rows = productIds.flatMap((id) => (snapshot.has(id) ? [snapshot.get(id)!] : []))
  if (!rows.length) return
  const now = await existingProducts(container, rows.map((r) => r.id))
  const changes = rows.flatMap((r) => {
    const plan = planOptions(asFeed(r), now.get(r.id)!)
    return plan ? [{ productId: r.id, plan }] : []
  })
  await addOptions(container, changes, ctx.nested)
  const products = rows.map((r) => {
    const feed = asFeed(r)
    return { id: r.id, variants: (r.variants ?? []).map((v, i) => variantInput(v, feed.variants![i].options ?? {})) } as UpdateProductWorkflowInputDTO
  })
  await updateProductsWorkflow(container).run({ input: { products }, context: ctx.nested })
  await removeValues(container, changes, ctx.nested)
  const { problems } = await writeStock(container, rows.map((r) => ({ product: asFeed(r), productId: r.id })), locations, ctx)
  if (problems.size) throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `its stock could not be put back: ${[...problems.values()].join("; ")}`)
}
