import type { LedgerEntry } from "../../../modules/product_sync/service"
import type { SourceItem } from "../../../sources"
import { contentHash } from "./content-hash"
import { type FeedProduct, validateFeedProduct, type ValidatedItem } from "../../../feed/feed-product"

/**
 * What the read side of a run works out about items before their batch
 * workflow runs: each item's validation, each valid product's content hash
 * and ledger entry. It lets the run loop size its batches by what needs
 * writing (unchanged items cost little), and look up the next batch while
 * the current one writes; a batch's prepare step in the same process finds
 * the validations, hashes and ledger entries here instead of working them
 * out again — its items are a copy (Medusa copies a workflow's input), found
 * by their position in the read and their id. Each is used once.
 */
export class Lookahead {
  private readonly validated = new WeakMap<SourceItem, ValidatedItem>()
  /**
   * Validations kept for the batch's prepare step, by the item's position in
   * the read and its id, in order (a `map` may make several products of one
   * record, all at its position).
   */
  private readonly kept = new Map<string, ValidatedItem[]>()
  private readonly hashes = new WeakMap<FeedProduct, string>()
  /** Looked up ahead, by external id; null: not in the ledger. */
  private readonly ledger = new Map<string, LedgerEntry | null>()

  constructor(private readonly fetchLedger: (externalIds: string[]) => Promise<Map<string, LedgerEntry>>) {}

  validate(item: SourceItem): ValidatedItem {
    const known = this.validated.get(item)
    if (known) return known
    const checked = validateFeedProduct(item.product)
    this.validated.set(item, checked)
    return checked
  }

  hash(product: FeedProduct): string {
    let hash = this.hashes.get(product)
    if (!hash) this.hashes.set(product, (hash = contentHash(product)))
    return hash
  }

  /** The valid products of `items`, each validated once; `keep`: their validations are kept for a prepare step (see validatedCopy). */
  validProducts(items: SourceItem[], { keep = false }: { keep?: boolean } = {}): FeedProduct[] {
    return items.flatMap((item) => {
      if (item.skipped || item.error !== undefined) return []
      const checked = this.validate(item)
      if (keep) this.kept.set(keyOf(item), [...(this.kept.get(keyOf(item)) ?? []), checked])
      return checked.ok ? [checked.product] : []
    })
  }

  /** The reader's validation of `item`, of which the prepare step has a copy (same position, same id, same order); once. */
  validatedCopy(item: SourceItem): ValidatedItem | undefined {
    const key = keyOf(item)
    const known = this.kept.get(key)
    const checked = known?.shift()
    if (known && !known.length) this.kept.delete(key)
    return checked
  }

  /**
   * Validates and hashes the items and looks them up in the ledger; returns
   * how many need a write. `keep: false`: nothing is kept for a prepare step
   * (the batch may be written by another process).
   */
  async classify(items: SourceItem[], { keep = true }: { keep?: boolean } = {}): Promise<number> {
    const products = this.validProducts(items, { keep })
    const found = await this.fetchLedger(products.map((p) => p.external_id))
    let toWrite = 0
    for (const product of products) {
      const entry = found.get(product.external_id) ?? null
      if (keep) this.ledger.set(product.external_id, entry)
      if (!entry?.locked && entry?.hash !== this.hash(product)) toWrite++
    }
    return toWrite
  }

  /** Ledger entries of `externalIds`: those looked up ahead, and the others now. */
  async lookupLedger(externalIds: string[]): Promise<Map<string, LedgerEntry>> {
    const entries = new Map<string, LedgerEntry>()
    const unknown = externalIds.filter((id) => !this.ledger.has(id))
    for (const id of externalIds.filter((id) => this.ledger.has(id))) {
      const entry = this.ledger.get(id)
      this.ledger.delete(id)
      if (entry) entries.set(id, entry)
    }
    for (const [id, entry] of await this.fetchLedger(unknown)) entries.set(id, entry)
    return entries
  }
}

const keyOf = (item: SourceItem) => `${item.index}/${item.id ?? ""}`
