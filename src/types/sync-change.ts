/** What a run did (or, dry, would do) to one product. */
export type SyncChangeAction = "create" | "update" | "draft" | "remove"

/**
 * What deserves a look before a plan is applied: a price falling by more
 * than the source's `riskyPriceDrop`, a product left with no stock where it
 * had some, a product going to draft, a product deleted.
 */
export type SyncChangeRisk = "price_drop" | "stock_lost" | "draft" | "remove"

/** One field's value before and after; long text is shortened, with its length and a hash. */
export type SyncFieldChange = { from: unknown; to: unknown }

/** A variant's price in one currency (and region): `change` is relative, -0.6 for a 60 % drop; null for a new price. */
export type SyncPriceChange = { sku: string | null; variant: string; currency_code: string; region_id?: string; from: number | null; to: number | null; change: number | null }

/** A variant's stocked quantity at one location (its name): `from` null where it had no level there. */
export type SyncStockChange = { sku: string | null; variant: string; location: string; from: number | null; to: number }

/** One changed product of a run: unchanged products record nothing. */
export type SyncChangeDTO = {
  external_id: string
  /** null for a product a dry run would create. */
  product_id: string | null
  title: string
  action: SyncChangeAction
  /** Its own fields by the feed's names (`title`, `tags`, `metadata.brand`); references by their names. */
  fields: Record<string, SyncFieldChange>
  /** Variants added and removed by an update, by SKU (else title). */
  variants: { added: string[]; removed: string[] } | null
  prices: SyncPriceChange[]
  stock: SyncStockChange[]
  risks: SyncChangeRisk[]
}

/** Counts over every change of a run (not only the page listed). */
export type SyncChangeSummary = {
  total: number
  actions: Partial<Record<SyncChangeAction, number>>
  /** Products per changed field; `prices`, `stock` and `variants` count as fields here. */
  fields: Record<string, number>
  /** Products per risk. */
  risks: Partial<Record<SyncChangeRisk, number>>
}

export type AdminSyncChangesResponse = {
  changes: SyncChangeDTO[]
  count: number
  limit: number
  offset: number
  summary: SyncChangeSummary
  /** A dry run's plan was made against the store as it was then: it may have aged. */
  dry_run: boolean
}
