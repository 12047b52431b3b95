import {
  batchInventoryItemLevelsWorkflow,
  createInventoryItemsWorkflow,
  deleteInventoryLevelsWorkflow,
  updateInventoryLevelsWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { FeedProduct } from "../../../../feed/feed-product"
import { writeIsolatingFailures } from "../isolate-failures"
import { isWrittenVariant, variantsOf, WriteContext } from "../to-product-input"
import type { NestedRun } from "../nested-run"
import type { StockLocations } from "./stock-locations"

export type StockTarget = { product: FeedProduct; productId: string }

export type Level = { inventory_item_id: string; location_id: string; stocked_quantity: number }

/** Why stock failed, by external id, and what was changed (to undo it: the levels before, the levels made). */
export type StockWrite = { problems: Map<string, string>; previous: Level[]; created: Level[] }
type Planned = StockTarget & { levels: Level[] }

/** The quantities a feed variant gives, by location name (null: the source's default location). */
export function wantedLevels(v: NonNullable<FeedProduct["variants"]>[number] | undefined): { location: string | null; quantity: number }[] {
  return [
    ...(v?.inventory_quantity !== undefined ? [{ location: null, quantity: v.inventory_quantity }] : []),
    ...(v?.inventory ?? []).map((l) => ({ location: l.location, quantity: l.quantity })),
  ]
}

/** Whether the feed gives stock for any of the product's variants. */
export const hasStock = (p: FeedProduct) => (p.variants ?? []).some((v) => v.inventory_quantity !== undefined || v.inventory?.length)

/**
 * Sets the stocked quantities the feed gives, through Medusa's inventory
 * workflows: variants get an inventory item if they have none yet, levels
 * are created or updated at their locations, and what did not change is not
 * written. Returns why it failed, by external id (the others are written),
 * and the levels it changed.
 */
export async function writeStock(
  container: MedusaContainer,
  targets: StockTarget[],
  locations: StockLocations,
  ctx: WriteContext
): Promise<StockWrite> {
  const problems = new Map<string, string>()
  const changed: StockWrite = { problems, previous: [], created: [] }
  const withStock = targets.filter((t) => hasStock(t.product))
  if (!withStock.length) return changed
  const items = await inventoryItemsOf(container, withStock, ctx)
  const planned: Planned[] = []
  for (const target of withStock) {
    const levels: Level[] = []
    const feedVariants = target.product.variants ?? []
    for (const [i, v] of variantsOf(target.product, ctx).entries()) {
      const wanted = wantedLevels(feedVariants[i])
      if (!wanted.length) continue
      const item = items.get(`${target.productId}/${v.sku ?? ""}/${v.title}`)
      for (const w of wanted) {
        const location = w.location === null ? await locations.default() : await locations.find(w.location)
        if (typeof location === "string") problems.set(target.product.external_id, `variants.${i}: ${location}`)
        else if (item) levels.push({ inventory_item_id: item, location_id: location.id, stocked_quantity: w.quantity })
      }
    }
    if (!problems.has(target.product.external_id)) planned.push({ ...target, levels })
  }
  const existing = await levelsOf(container, planned.flatMap((p) => p.levels.map((l) => l.inventory_item_id)))
  const { failed } = await writeIsolatingFailures(planned, async (batch) => {
    const levels = batch.flatMap((p) => p.levels)
    const create = levels.filter((l) => !existing.has(`${l.inventory_item_id}/${l.location_id}`))
    const update = levels.filter((l) => existing.has(`${l.inventory_item_id}/${l.location_id}`) && existing.get(`${l.inventory_item_id}/${l.location_id}`) !== l.stocked_quantity)
    // A resync mostly updates levels: the update workflow alone is the cheap path.
    if (create.length) {
      await batchInventoryItemLevelsWorkflow(container).run({ input: { create, update, delete: [] }, context: ctx.nested })
    } else if (update.length) {
      await updateInventoryLevelsWorkflow(container).run({ input: { updates: update }, context: ctx.nested })
    }
    changed.created.push(...create)
    changed.previous.push(...update.map((l) => ({ ...l, stocked_quantity: existing.get(`${l.inventory_item_id}/${l.location_id}`) as number })))
    return batch.map(() => true)
  })
  for (const { item, message } of failed) problems.set(item.product.external_id, `stock: ${message}`)
  return changed
}

/** Puts stock back as it was before `writeStock` (a compensation). */
export async function undoStock(container: MedusaContainer, { previous, created }: Pick<StockWrite, "previous" | "created">, nested?: NestedRun): Promise<void> {
  if (previous.length) await updateInventoryLevelsWorkflow(container).run({ input: { updates: previous }, context: nested })
  for (const level of created) {
    await deleteInventoryLevelsWorkflow(container).run({
      input: { inventory_item_id: level.inventory_item_id, location_id: level.location_id, force: true },
      context: nested,
    })
  }
}

/** `${productId}/${sku}/${title}` → inventory item id, creating and linking items variants lack. */
async function inventoryItemsOf(container: MedusaContainer, targets: StockTarget[], ctx: WriteContext): Promise<Map<string, string>> {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "product",
    fields: ["id", "variants.id", "variants.sku", "variants.title", "variants.inventory_items.inventory_item_id"],
    filters: { id: targets.map((t) => t.productId) },
  })
  const byKey = new Map<string, string>()
  const lacking: { variantId: string; key: string; sku: string | null; title: string }[] = []
  for (const target of targets) {
    const product = data.find((p: { id: string }) => p.id === target.productId)
    const variants = (product?.variants ?? []) as { id: string; sku: string | null; title: string; inventory_items?: { inventory_item_id: string }[] }[]
    for (const wanted of variantsOf(target.product, ctx)) {
      const variant = variants.find((v) => isWrittenVariant(wanted, v))
      if (!variant) continue
      const key = `${target.productId}/${wanted.sku ?? ""}/${wanted.title}`
      const item = variant.inventory_items?.[0]?.inventory_item_id
      if (item) byKey.set(key, item)
      else lacking.push({ variantId: variant.id, key, sku: variant.sku, title: variant.title })
    }
  }
  if (lacking.length) {
    // A variant that starts tracking stock on an update has no inventory item yet.
    const { result } = await createInventoryItemsWorkflow(container).run({
      input: { items: lacking.map((l) => ({ sku: l.sku, title: l.title })) },
      context: ctx.nested,
    })
    await container.resolve(ContainerRegistrationKeys.LINK).create(
      lacking.map((l, i) => ({ [Modules.PRODUCT]: { variant_id: l.variantId }, [Modules.INVENTORY]: { inventory_item_id: result[i].id } }))
    )
    lacking.forEach((l, i) => byKey.set(l.key, result[i].id))
  }
  return byKey
}

/** `${itemId}/${locationId}` → stocked quantity of the levels that exist. */
export async function levelsOf(container: MedusaContainer, itemIds: string[]): Promise<Map<string, number>> {
  if (!itemIds.length) return new Map()
  const levels = await container
    .resolve(Modules.INVENTORY)
    .listInventoryLevels({ inventory_item_id: [...new Set(itemIds)] }, { select: ["inventory_item_id", "location_id", "stocked_quantity"] })
  return new Map(levels.map((l) => [`${l.inventory_item_id}/${l.location_id}`, Number(l.stocked_quantity)]))
}
