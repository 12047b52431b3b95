import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { SyncChangeDTO, SyncPriceChange, SyncStockChange } from "../../../../types/sync-change"
import { SYNC_WAREHOUSE, type StockLocations } from "../stock/stock-locations"
import { levelsOf, wantedLevels } from "../stock/write-stock"
import { type ExistingProduct, isWrittenVariant, optionsOf, variantsOf, type WriteContext } from "../to-product-input"
import { readVariantPrices, type VariantPrices } from "../product-snapshot"
import type { Planned } from "../write-products"
import { fieldChanges, referenceIds } from "./field-changes"
import { referenceNames } from "./reference-names"

export const DEFAULT_RISKY_PRICE_DROP = 0.5

export type ChangePlan = {
  /** Products to create, with their create inputs. */
  create: Planned[]
  /** Products to update (in full or in part), with their merged inputs; no input: only their stock changes. */
  update: Planned[]
  /** External ids of the updates that rewrite every variant (the others name only the variants whose prices change). */
  full: Set<string>
  /** External ids of the products whose stock is written. */
  restock: Set<string>
  existing: Map<string, ExistingProduct>
  write: WriteContext
  locations: StockLocations
  /** A price falling by more than this share is a risk. */
  riskyPriceDrop: number
  /** Filled with the prices read, by product id: the update's snapshot reads them no more. */
  pricesRead: Map<string, VariantPrices[]>
}

type InputVariant = { id?: string; sku?: string | null; title?: string; prices?: { currency_code: string; amount: number; rules?: { region_id?: string } }[] }

const priceKey = (currency: string, region?: string | null) => `${currency.toLowerCase()}/${region ?? ""}`
const round = (n: number) => Math.round(n * 10000) / 10000

/**
 * What the batch's inputs change, per product, against the store as it is:
 * the merge's output written down before it is applied (see mergePlanned).
 * A created product records its action alone; an update its changed fields,
 * option values and variants added and removed (a full update), prices per
 * variant and currency, stock per location. Two reads at most beyond what
 * the batch read: the prices of the
 * variants whose prices are written, the stock levels of the products whose
 * stock is. A product with nothing to change records nothing.
 */
export async function planChanges(container: MedusaContainer, plan: ChangePlan): Promise<SyncChangeDTO[]> {
  const changes: SyncChangeDTO[] = plan.create.map((p) => blank(p, "create"))
  if (!plan.update.length) return changes
  const inputs = plan.update.map((p) => (p.input ?? { id: p.productId }) as Record<string, unknown>)
  const stores = plan.update.map((p) => (plan.existing.get(p.productId as string)?.fields ?? {}) as Record<string, unknown>)
  const names = await referenceNames(container, referenceIds([...inputs, ...stores]), plan.write.refs)
  const priced = plan.update.filter((p, i) => ((inputs[i].variants ?? []) as InputVariant[]).some((v) => v.prices)).map((p) => p.productId as string)
  const prices = await storePrices(container, priced, plan.pricesRead)
  const stock = await plannedStock(container, plan.update.filter((p) => plan.restock.has(p.product.external_id)), plan)
  for (const [i, p] of plan.update.entries()) {
    const change = blank(p, "update")
    const input = inputs[i] as UpdateProductWorkflowInputDTO & Record<string, unknown>
    change.fields = fieldChanges(Object.fromEntries(Object.entries(input).filter(([k]) => k !== "id" && k !== "external_id")), stores[i], names)
    const existing = plan.existing.get(p.productId as string)
    const variants = (input.variants ?? []) as InputVariant[]
    // A full update lists every variant: one it leaves out is deleted; one without an id is added.
    if (plan.full.has(p.product.external_id)) {
      Object.assign(change.fields, optionChanges(p, existing))
      const kept = new Set(variants.flatMap((v) => (v.id ? [v.id] : [])))
      const added = variants.filter((v) => !v.id).map((v) => v.sku ?? v.title ?? "")
      const removed = (existing?.variants ?? []).filter((v) => !kept.has(v.id)).map((v) => v.sku ?? v.title)
      if (added.length || removed.length) change.variants = { added, removed }
    }
    change.prices = variants.flatMap((v) => priceChanges(v, existing, prices))
    change.stock = stock.get(p.product.external_id)?.changes ?? []
    if (change.fields.status && change.fields.status.to === "draft") change.risks.push("draft")
    if (change.prices.some((c) => c.change !== null && c.change < -plan.riskyPriceDrop)) change.risks.push("price_drop")
    if (stock.get(p.product.external_id)?.lost) change.risks.push("stock_lost")
    if (!unchanged(change)) changes.push(change)
  }
  return changes
}

/** An update that changes nothing it records (its fields, variants, prices and stock all as they are). */
export const unchanged = (change: SyncChangeDTO) =>
  change.action === "update" && !Object.keys(change.fields).length && !change.variants && !change.prices.length && !change.stock.length

/** A full update's option values against the product's, by option title (`options.Size`); an option it drops goes. */
function optionChanges(p: Planned, existing: ExistingProduct | undefined): Record<string, { from: string[] | null; to: string[] | null }> {
  const changes: Record<string, { from: string[] | null; to: string[] | null }> = {}
  const feed = optionsOf(p.product)
  const valuesOf = (title: string) => {
    const option = existing?.options.get(title)
    return option ? [...option.values.keys()].sort() : null
  }
  for (const o of feed) {
    const from = valuesOf(o.title)
    const to = [...new Set(o.values)].sort()
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[`options.${o.title}`] = { from, to }
  }
  for (const title of existing?.options.keys() ?? []) if (!feed.some((o) => o.title === title)) changes[`options.${title}`] = { from: valuesOf(title), to: null }
  return changes
}

function blank(p: Planned, action: SyncChangeDTO["action"]): SyncChangeDTO {
  // A product deleted in the admin since is created again: its old id is gone, the commit names the new one.
  const productId = action === "create" ? null : (p.productId ?? null)
  return { external_id: p.product.external_id, product_id: productId, title: p.product.title, action, fields: {}, variants: null, prices: [], stock: [], risks: [] }
}

/** Variant id → its prices as stored (not a price list's), by currency and region; what was read is kept in `read`, by product. */
async function storePrices(container: MedusaContainer, productIds: string[], read: Map<string, VariantPrices[]>): Promise<Map<string, Map<string, number>>> {
  const variants = await readVariantPrices(container, productIds)
  for (const v of variants) read.set(v.product_id, [...(read.get(v.product_id) ?? []), v])
  return new Map(
    variants.map((v) => {
      const own = v.prices.filter((pr) => !pr.price_list_id && (pr.price_rules ?? []).every((r) => r.attribute === "region_id"))
      return [v.variant_id, new Map(own.map((pr) => [priceKey(pr.currency_code, pr.price_rules?.[0]?.value), Number(pr.amount)]))]
    })
  )
}

/** A variant's prices before and after; a price the input no longer gives goes (to: null). */
function priceChanges(v: InputVariant, existing: ExistingProduct | undefined, store: Map<string, Map<string, number>>): SyncPriceChange[] {
  if (!v.prices) return []
  const known = v.id ? existing?.variants.find((e) => e.id === v.id) : undefined
  const sku = v.sku ?? known?.sku ?? null
  const variant = v.title ?? known?.title ?? sku ?? ""
  const before = (v.id && store.get(v.id)) || new Map<string, number>()
  const changes: SyncPriceChange[] = []
  const given = new Set<string>()
  for (const pr of v.prices) {
    const key = priceKey(pr.currency_code, pr.rules?.region_id)
    given.add(key)
    const from = before.get(key) ?? null
    const to = Number(pr.amount)
    if (from === to) continue
    changes.push({ sku, variant, currency_code: pr.currency_code.toLowerCase(), ...(pr.rules?.region_id ? { region_id: pr.rules.region_id } : {}), from, to, change: from ? round((to - from) / from) : null })
  }
  for (const [key, from] of before) {
    if (given.has(key)) continue
    const [currency_code, region] = key.split("/")
    changes.push({ sku, variant, currency_code, ...(region ? { region_id: region } : {}), from, to: null, change: null })
  }
  return changes
}

/**
 * The stock levels the feed sets for updated products against the levels
 * they have, by external id, and whether the product is left with none
 * where it had some. Locations are found, never made (a dry run makes none).
 */
async function plannedStock(container: MedusaContainer, products: Planned[], plan: ChangePlan): Promise<Map<string, { changes: SyncStockChange[]; lost: boolean }>> {
  const result = new Map<string, { changes: SyncStockChange[]; lost: boolean }>()
  if (!products.length) return result
  const variantIds = products.flatMap((p) => plan.existing.get(p.productId as string)?.variants.map((v) => v.id) ?? [])
  const { data } = await container.resolve(ContainerRegistrationKeys.QUERY).graph({
    entity: "product_variant",
    fields: ["id", "inventory_items.inventory_item_id"],
    filters: { id: variantIds },
  })
  const itemOf = new Map((data as { id: string; inventory_items?: { inventory_item_id: string }[] }[]).map((v) => [v.id, v.inventory_items?.[0]?.inventory_item_id]))
  const itemIds = [...new Set([...itemOf.values()].filter((i): i is string => !!i))]
  const quantity = await levelsOf(container, itemIds)
  const fallback = await plan.locations.known()
  for (const p of products) {
    const existing = plan.existing.get(p.productId as string)
    const after = new Map<string, number>()
    const changes: SyncStockChange[] = []
    for (const [i, v] of variantsOf(p.product, plan.write).entries()) {
      const wanted = wantedLevels((p.product.variants ?? [])[i])
      const variant = existing?.variants.find((e) => isWrittenVariant(v, e))
      const item = variant ? itemOf.get(variant.id) : undefined
      for (const w of wanted) {
        // A store without a location gets the sync's warehouse on the first write: a plan names it.
        const location = w.location !== null ? await plan.locations.find(w.location) : (fallback ?? { id: "", name: `${SYNC_WAREHOUSE} (new)` })
        if (typeof location === "string") continue // an item error of the write, not a change
        const from = item ? quantity.get(`${item}/${location.id}`) ?? null : null
        if (item) after.set(`${item}/${location.id}`, w.quantity)
        if (from !== w.quantity) changes.push({ sku: v.sku, variant: v.title, location: location.name, from, to: w.quantity })
      }
    }
    const items = new Set((existing?.variants ?? []).map((v) => itemOf.get(v.id)).filter(Boolean))
    const now = new Map([...quantity].filter(([key]) => items.has(key.slice(0, key.indexOf("/")))))
    const before = [...now.values()].reduce((n, q) => n + q, 0)
    const total = [...new Map([...now, ...after]).values()].reduce((n, q) => n + q, 0)
    if (changes.length) result.set(p.product.external_id, { changes, lost: before > 0 && total === 0 })
  }
  return result
}
