import type { MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { LedgerEntry } from "../../../modules/product_sync/service"
import type { BatchOutcome } from "./types"
import { changedParts } from "./content-hash"
import { planChanges } from "./changes/plan-changes"
import { deriveHandles } from "./derive-handles"
import type { FeedProduct } from "../../../feed/feed-product"
import { mergePlanned, ownedParts } from "./merge-fields"
import type { NestedRun } from "./nested-run"
import { fieldHashes, ownerOf } from "../../../feed/product-fields"
import { existingProducts } from "./read-products"
import type { RunContext } from "./run-context"
import type { SyncChangeDTO } from "../../../types/sync-change"
import type { VariantPrices } from "./product-snapshot"
import type { ExistingProduct, WriteContext } from "./to-product-input"
import { hasSalePrices } from "./sale/write-sale-prices"
import { hasStock } from "./stock/write-stock"
import { createInput, statusOf, toUpdateInput } from "./to-product-input"
import { partialInput } from "./write-parts"
import type { Planned } from "./write-products"

/**
 * A batch sorted by what each product needs written, by external id. The
 * products, with the inputs for Medusa's workflows, are in its `Batch`.
 */
export type PreparedSyncBatch = {
  /** What validation, the ledger and the references decided already. */
  outcome: BatchOutcome
  /** New products (and products deleted in the admin since), with create inputs. */
  create: string[]
  /** Products whose options or variants changed, with full update inputs. */
  update: string[]
  /**
   * Products whose own fields and/or prices changed, not their variants,
   * with inputs naming only those: `{ id, ...fields, variants: [{ id, prices }] }`.
   */
  partial: string[]
  /** Products whose stock alone changed. */
  stock: string[]
  /**
   * Products whose content changed, of which nothing is to be written (the
   * merge found every change in the store already, or kept the store's
   * value): only their ledger rows are updated.
   */
  rehash: string[]
  /** The products written by the steps before the stock step whose stock it writes (created, updated in full, or with changed stock). */
  restock: string[]
  /** The products written by the steps before whose sale prices are written next (created with some, or with prices written). */
  reprice: string[]
  /** Products with an image that may still be re-hosted (a timeout, a 5xx): written, but synced again by the next run. */
  unhosted: string[]
}

/** What planning a batch needs of its run: a preview plans with the same, for a run that does not exist. */
export type PlanContext = Pick<RunContext, "runId" | "source" | "rules" | "lookahead" | "references" | "images" | "defaults" | "locations" | "dryRun" | "changeLog" | "riskyPriceDrop">

/** What a batch's steps read once and share: its products (feed product, hash, Medusa's input) by external id, and what they are now. */
export type Batch = {
  write: WriteContext
  existing: Map<string, ExistingProduct>
  planned: Map<string, Planned>
  /** What the batch changes per product (see planChanges). */
  changes: SyncChangeDTO[]
  /** Prices the plan read, by product id, for the update's snapshot. */
  pricesRead: Map<string, VariantPrices[]>
}

/**
 * A batch's valid products sorted by what each needs written, against the
 * ledger's last synced content and the products as they are: references
 * resolved (created unless `dryRun`), images re-hosted (a dry run swaps the
 * URLs copied before and downloads none),
 * the inputs of Medusa's workflows built and merged, and — with `changeLog`
 * — what they change written down. Writes no product. What cannot be
 * resolved goes to `fail`; counts go to `outcome`; the ledger entries it
 * read come back with the plan.
 */
export async function planBatch(
  container: MedusaContainer,
  run: PlanContext,
  valid: FeedProduct[],
  outcome: BatchOutcome,
  fail: (externalId: string, message: string) => void,
  /** The workflow context of a run's batch; none for a preview (which re-hosts nothing). */
  nested?: NestedRun
): Promise<{ prepared: PreparedSyncBatch; batch: Batch; ledger: Map<string, LedgerEntry> }> {
  const prepared: PreparedSyncBatch = { outcome, create: [], update: [], partial: [], stock: [], restock: [], rehash: [], reprice: [], unhosted: [] }
  const ledger = await run.lookahead.lookupLedger(valid.map((p) => p.external_id))
  let create: Planned[] = []
  let update: Planned[] = [] // options or variants changed: a full update
  let partial: Planned[] = [] // fields, prices and/or stock changed
  for (const product of valid) {
    const hash = run.lookahead.hash(product)
    const entry = ledger.get(product.external_id)
    if (!entry) create.push({ product, hash })
    else if (entry.locked) outcome.stats.skipped++ // an admin stopped syncing it
    else if (entry.hash === hash) outcome.stats.unchanged++
    else {
      const parts = ownedParts(changedParts(entry.hash, hash), run.rules)
      ;(parts.variants ? update : partial).push({ product, hash, productId: entry.product_id, parts, last: entry.fields })
    }
  }
  // A product whose tag, category, collection, type or region cannot be resolved is an item error.
  const { refs, problems } = await run.references.forBatch([...create, ...update, ...partial].map((p) => p.product))
  const resolvable = (p: Planned) => {
    const why = problems.get(p.product.external_id)
    if (why) fail(p.product.external_id, why)
    return !why
  }
  create = create.filter(resolvable)
  update = update.filter(resolvable)
  partial = partial.filter(resolvable)
  // Images are re-hosted before an input names them: every product to write, as each input may carry
  // its images; only changed products are written, and a known URL costs a lookup, not a download.
  // A plan downloads nothing: it swaps the URLs copied before, so it compares what the store holds.
  if (run.images && !["images", "thumbnail"].every((f) => ownerOf(run.rules.ownership, f as "images") === "ignore")) {
    const all = [...create, ...update, ...partial]
    const rehosted = await run.images.rehost(all.map((p) => p.product), run.dryRun ? null : (nested ?? null))
    for (const [i, p] of all.entries()) p.product = rehosted.products[i]
    if (!run.dryRun) prepared.unhosted = rehosted.retry
  }
  const write = { ...run.defaults, tagIds: refs.tagIds, refs, origin: { product_sync: { source: run.source, run_id: run.runId } }, nested }
  // One read of the products to change: what they are now, and which are gone.
  // A product deleted in the admin since the last sync is created again.
  const existing = await existingProducts(container, [...update, ...partial].map((p) => p.productId as string))
  const planned = new Map<string, Planned>()
  const batch: Batch = { write, existing, planned, changes: [], pricesRead: new Map() }
  const keep = (list: string[], p: Planned) => {
    planned.set(p.product.external_id, p)
    list.push(p.product.external_id)
  }
  const gone = (p: Planned) => !existing.has(p.productId as string)
  const recreate = [...update, ...partial].filter(gone).map((p) => ({ product: p.product, hash: p.hash }))
  const handles = await deriveHandles(container, [...create, ...recreate].map((p) => p.product))

  const { ownership } = run.rules
  // Stock is set on create unless ignored, on update only where the source owns it.
  const restock = (p: Planned, allowed: string[]) =>
    hasStock(p.product) && allowed.includes(ownerOf(ownership, "stock")) && prepared.restock.push(p.product.external_id)
  for (const p of [...create, ...recreate]) {
    const input = createInput(p.product, write, handles.get(p.product.external_id), ownership)
    keep(prepared.create, { ...p, input, fields: fieldHashes(input) })
    restock(p, ["sync", "create"])
    if (hasSalePrices(p.product) && ownerOf(ownership, "prices") !== "ignore") prepared.reprice.push(p.product.external_id)
  }
  for (const p of partial.filter((p) => !gone(p))) {
    // Variants that cannot all be found are rewritten in full, where the source owns them; else its prices wait.
    let planned = partialInput(p, existing, write, run.rules)
    if (planned === "unmatched" && ownerOf(ownership, "variants") === "sync") {
      update.push(p)
      continue
    }
    if (planned === "unmatched") planned = partialInput({ ...p, parts: { ...p.parts!, prices: false } }, existing, write, run.rules) as Planned
    if (planned.input) keep(prepared.partial, planned)
    else keep(p.parts?.stock ? prepared.stock : prepared.rehash, planned)
    if (planned.input && p.parts?.stock) restock(p, ["sync"])
    // Sale prices follow the prices: written when they are (a sale that ended leaves the list).
    if ((planned.input as UpdateProductWorkflowInputDTO | undefined)?.variants?.length) prepared.reprice.push(p.product.external_id)
  }
  for (const p of update.filter((p) => !gone(p))) {
    const current = existing.get(p.productId as string)!
    const merged = mergePlanned(p, toUpdateInput(p.product, p.productId as string, current, write), current, run.rules)
    // The sync drafted it when it left the feed; back in the feed, it undoes that.
    if (ledger.get(p.product.external_id)?.drafted) merged.input = { ...merged.input, status: statusOf(p.product) }
    keep(prepared.update, merged)
    restock(p, ["sync"])
    if (ownerOf(ownership, "prices") === "sync") prepared.reprice.push(p.product.external_id)
  }
  // The plan: what the inputs change, written down before anything is written (see planChanges).
  if (run.changeLog) {
    const of = (ids: string[]) => ids.map((id) => planned.get(id)!)
    batch.changes = await planChanges(container, {
      create: of(prepared.create),
      update: of([...prepared.update, ...prepared.partial, ...prepared.stock]),
      full: new Set(prepared.update),
      restock: new Set([...prepared.restock, ...prepared.stock]),
      existing,
      write,
      locations: run.locations,
      riskyPriceDrop: run.riskyPriceDrop,
      pricesRead: batch.pricesRead,
    })
  }
  return { prepared, batch, ledger }
}
