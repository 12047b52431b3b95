import { batchPriceListPricesWorkflow } from "@medusajs/core-flows"
import type { IPricingModuleService, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { FeedProduct } from "../../../../feed/feed-product"
import { writeIsolatingFailures } from "../isolate-failures"
import type { NestedRun } from "../nested-run"
import { isWrittenVariant, variantTitle } from "../to-product-input"
import type { SalePriceList } from "./sale-price-list"

export type SaleTarget = { product: FeedProduct; productId: string }

/** Whether the feed gives a sale price for any of the product's variants. */
export const hasSalePrices = (p: FeedProduct) => (p.variants ?? []).some((v) => v.sale_prices?.length)

type ListPrice = { id: string; price_set_id: string; currency_code: string; amount: number }

/**
 * Makes the source's sale price list hold exactly the feed's sale prices of
 * the `targets`' variants, through Medusa's price list workflow: missing
 * prices are added, changed ones updated, and those the feed no longer gives
 * (the sale ended, the variant went) removed. Returns why it failed, by
 * external id.
 */
export async function writeSalePrices(
  container: MedusaContainer,
  targets: SaleTarget[],
  list: SalePriceList,
  nested: NestedRun
): Promise<Map<string, string>> {
  const problems = new Map<string, string>()
  const listId = await list.id(targets.some((t) => hasSalePrices(t.product)), nested)
  if (!listId || !targets.length) return problems
  const variants = await variantsOfProducts(container, targets.map((t) => t.productId))
  const priceSets = targets.flatMap((t) => (variants.get(t.productId) ?? []).map((v) => v.price_set_id))
  const pricing = container.resolve<IPricingModuleService>(Modules.PRICING)
  const held = priceSets.length
    ? ((await pricing.listPrices({ price_list_id: [listId], price_set_id: priceSets }, { select: ["id", "price_set_id", "currency_code", "amount"] })) as unknown as ListPrice[])
    : []
  const heldBySet = new Map<string, ListPrice[]>()
  for (const price of held) heldBySet.set(price.price_set_id, [...(heldBySet.get(price.price_set_id) ?? []), price])
  const changes = targets.flatMap((target) => {
    const change = changesOf(target, variants.get(target.productId) ?? [], heldBySet)
    if (typeof change === "string") problems.set(target.product.external_id, change)
    return typeof change === "string" || !(change.create.length + change.update.length + change.delete.length) ? [] : [{ target, ...change }]
  })
  // One call for the batch; a product whose prices Medusa refuses fails alone.
  const written = await writeIsolatingFailures(changes, async (batch) => {
    const data = { id: listId, create: batch.flatMap((c) => c.create), update: batch.flatMap((c) => c.update), delete: batch.flatMap((c) => c.delete) }
    await batchPriceListPricesWorkflow(container).run({ input: { data }, context: nested })
    return batch.map(() => true)
  })
  for (const { item, message } of written.failed) problems.set(item.target.product.external_id, `sale prices: ${message}`)
  return problems
}

type PriceInput = { variant_id: string; currency_code: string; amount: number }
type Changes = { create: PriceInput[]; update: (PriceInput & { id: string })[]; delete: string[] }

/** What the list must gain, change and lose for one product; why not, as a string. */
function changesOf(target: SaleTarget, own: StoreVariant[], held: Map<string, ListPrice[]>): Changes | string {
  const changes: Changes = { create: [], update: [], delete: [] }
  const wanted = new Map<string, PriceInput>() // by price set and currency
  for (const fv of target.product.variants ?? []) {
    if (!fv.sale_prices?.length) continue
    const variant = own.find((v) => isWrittenVariant({ sku: fv.sku ?? null, title: variantTitle(target.product, fv) }, v))
    if (!variant) return `sale prices: the variant ${fv.sku ?? variantTitle(target.product, fv)} is not in the store`
    for (const price of fv.sale_prices) {
      const currency_code = price.currency_code.toLowerCase()
      wanted.set(`${variant.price_set_id}/${currency_code}`, { variant_id: variant.id, currency_code, amount: price.amount })
    }
  }
  for (const price of own.flatMap((v) => held.get(v.price_set_id) ?? [])) {
    const key = `${price.price_set_id}/${price.currency_code}`
    const want = wanted.get(key)
    wanted.delete(key)
    if (!want) changes.delete.push(price.id)
    else if (Number(price.amount) !== want.amount) changes.update.push({ id: price.id, ...want })
  }
  changes.create.push(...wanted.values())
  return changes
}

type StoreVariant = { id: string; sku: string | null; title: string; price_set_id: string }

/** The products' variants with their price sets, by product id. */
async function variantsOfProducts(container: MedusaContainer, productIds: string[]): Promise<Map<string, StoreVariant[]>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product_variant",
    fields: ["id", "sku", "title", "product_id", "price_set.id"],
    filters: { product_id: productIds },
  })
  const byProduct = new Map<string, StoreVariant[]>()
  for (const v of data as { id: string; sku: string | null; title: string; product_id: string; price_set?: { id: string } | null }[]) {
    if (!v.price_set) continue // a variant a crashed create left without prices gets its set before this runs
    const list = byProduct.get(v.product_id) ?? []
    list.push({ id: v.id, sku: v.sku, title: v.title, price_set_id: v.price_set.id })
    byProduct.set(v.product_id, list)
  }
  return byProduct
}
