import type { MedusaContainer } from "@medusajs/framework/types"
import type { BatchCommit, LedgerEntry } from "../modules/product_sync/service"
import type { SourceItem } from "../sources"
import type { SyncRunStats } from "../types"
import { changedParts, contentHash } from "./content-hash"
import { deriveHandles } from "./derive-handles"
import { existingProducts } from "./read-products"
import type { RunReferences } from "./references"
import type { StockLocations } from "./stock/stock-locations"
import { writeStock } from "./stock/write-stock"
import type { WriteContext } from "./to-product-input"
import { validateItems } from "./validate-items"
import { linkMissingPriceSets, writePrices } from "./write-prices"
import { createProducts, Intents, Planned, updateProducts } from "./write-products"

export type BatchInput = {
  container: MedusaContainer
  items: SourceItem[]
  dryRun: boolean
  /** External ids met earlier in this run: a repeat is an error, not an overwrite. */
  seen: Set<string>
  defaults: Omit<WriteContext, "tagIds">
  lookupLedger: (externalIds: string[]) => Promise<Map<string, LedgerEntry>>
  /** Names of categories, collections, types and regions → ids, for the whole run. */
  references: RunReferences
  /** Where stock goes. */
  locations: StockLocations
  /** Create intents of the source, for exact adoption after a crash. */
  intents: Intents
}

export type BatchOutcome = Pick<BatchCommit, "stats" | "ledger" | "errors"> & {
  /** Every external id the batch met, whatever became of it. */
  seen: string[]
  /** External ids whose creates this batch attempted: their intents are settled with its commit. */
  settled: string[]
}

export const emptyStats = (): SyncRunStats => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
  removed: 0,
})

/**
 * Validates, classifies and writes one batch; never throws for a bad item.
 * New products are created; changed ones updated in full, or — when only
 * prices or stock changed — only their prices and stock levels are written.
 */
export async function processBatch(input: BatchInput): Promise<BatchOutcome> {
  const { container } = input
  const outcome: BatchOutcome = { stats: emptyStats(), ledger: [], errors: [], seen: [], settled: [] }
  const fail = (external_id: string | null, message: string) => {
    outcome.stats.failed++
    outcome.errors.push({ external_id, message })
  }
  const valid = validateItems(input.items, input.seen, outcome.stats, fail)
  outcome.seen = [...new Set([...valid.map((p) => p.external_id), ...outcome.errors.flatMap((e) => (e.external_id ? [e.external_id] : []))])]

  const ledger = await input.lookupLedger(valid.map((p) => p.external_id))
  let toCreate: Planned[] = []
  let toUpdate: Planned[] = [] // more than prices or stock changed
  let toTouch: (Planned & { prices: boolean })[] = [] // prices and/or stock only
  for (const product of valid) {
    const hash = contentHash(product)
    const entry = ledger.get(product.external_id)
    const changed = entry && changedParts(entry.hash, hash)
    if (!entry) toCreate.push({ product, hash })
    else if (entry.hash === hash) outcome.stats.unchanged++
    else if (changed && !changed.core) toTouch.push({ product, hash, productId: entry.product_id, prices: changed.prices })
    else toUpdate.push({ product, hash, productId: entry.product_id })
  }
  if (input.dryRun) {
    outcome.stats.created += toCreate.length
    outcome.stats.updated += toUpdate.length + toTouch.length
    return outcome
  }

  // A product whose tag, category, collection, type or region cannot be resolved is an item error.
  const { refs, problems } = await input.references.forBatch([...toCreate, ...toUpdate, ...toTouch].map((p) => p.product))
  const resolvable = (p: Planned) => {
    const why = problems.get(p.product.external_id)
    if (why) fail(p.product.external_id, why)
    return !why
  }
  toCreate = toCreate.filter(resolvable)
  toUpdate = toUpdate.filter(resolvable)
  toTouch = toTouch.filter(resolvable)
  const ctx: WriteContext = {
    ...input.defaults,
    tagIds: refs.tagIds,
    refs,
  }
  // One read of the products to change: what they are now, and which are gone.
  // A product deleted in the admin since the last sync is created again.
  const existing = await existingProducts(container, [...toUpdate, ...toTouch].map((p) => p.productId as string))
  const gone = (p: Planned) => !existing.has(p.productId as string)
  const recreate = [...toUpdate, ...toTouch].filter(gone)

  const handles = await deriveHandles(container, [...toCreate, ...recreate].map((p) => p.product))
  const created = await createProducts(container, [...toCreate, ...recreate], ctx, handles, input.intents)
  outcome.settled = [...toCreate, ...recreate].map((p) => p.product.external_id)
  const priced = await writePrices(container, toTouch.filter((p) => !gone(p) && p.prices), existing, ctx)
  const updated = await updateProducts(container, [...toUpdate.filter((p) => !gone(p)), ...created.adopted, ...priced.whole], existing, ctx)
  const stockOnly = toTouch.filter((p) => !gone(p) && !p.prices).map((p) => ({ item: p as Planned, result: p.productId as string }))

  const written = [...created.written, ...updated.written, ...priced.written, ...stockOnly]
  outcome.stats.created += created.written.length
  outcome.stats.updated += written.length - created.written.length
  const unpriced = await linkMissingPriceSets(container, updated.written.filter((w) => w.item.adopted), ctx)
  const stock = await writeStock(container, written.map(({ item, result }) => ({ product: item.product, productId: result })), input.locations, ctx)
  for (const { item, result } of written) {
    const problem = unpriced.get(item.product.external_id) ?? stock.get(item.product.external_id)
    if (problem) fail(item.product.external_id, problem)
    // A product whose prices or stock could not be written is in the ledger
    // with no hash: the next sync writes it again.
    outcome.ledger.push({ external_id: item.product.external_id, product_id: result, hash: problem ? "" : item.hash })
  }
  for (const { item, message } of [...created.failed, ...updated.failed, ...priced.failed]) {
    fail(item.product.external_id, message)
  }
  return outcome
}
