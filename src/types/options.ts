/**
 * Where one named source reads its products from.
 */
export type FeedSourceOptions = {
  /**
   * The feed: an `http(s)://` URL or a local file path (relative paths resolve
   * from the app's working directory). The document is either an array of
   * products or a page `{ "products": [...], "next": "<url>|null", "total": n }`.
   */
  url: string
  /** Extra request headers (e.g. an `Authorization` header). Never returned by the API. */
  headers?: Record<string, string>
  /** Sales channels created products join. Default: the store's default sales channel. */
  salesChannelIds?: string[]
  /** Shipping profile of created products. Default: the store's default shipping profile. */
  shippingProfileId?: string
}

/**
 * Options of the plugin (`plugins: [{ resolve: "medusa-product-sync", options }]`).
 */
export type ProductSyncOptions = {
  /** Named sources; the one called `default` is used when a trigger names none. */
  sources?: Record<string, FeedSourceOptions>
  /** Items written per product workflow call and per committed checkpoint. Default 100. */
  batchSize?: number
  /** Attempts per source request before a run fails. Default 3. */
  requestAttempts?: number
  /** Timeout of one source request in milliseconds (until the headers arrive). Default 30000. */
  requestTimeoutMs?: number
  /** Item errors stored per run; the run's `failed` counter keeps the full count. Default 1000. */
  maxErrorsPerRun?: number
  /** How often a running run proves it is alive, in milliseconds. Default 10000. */
  heartbeatIntervalMs?: number
  /** A running run silent for longer than this becomes `interrupted`. Default 120000 (2 minutes). */
  staleAfterMs?: number
  /** Finished runs kept per source (with their errors); running and resumable runs are always kept. Default 50. */
  keepRuns?: number
  /** The scheduled sync resumes an interrupted run from its checkpoint instead of starting over. Default false. */
  autoResume?: boolean
  /** First delay between two attempts of a feed request, doubled each time, with jitter. Default 500. */
  retryBackoffMs?: number
  /** The admin warns when the last successful sync is older than this many hours. Default 24. */
  freshnessHours?: number
}

export type ResolvedProductSyncOptions = Required<
  Omit<ProductSyncOptions, "sources" | "autoResume">
> & {
  autoResume: boolean
  sources: Record<string, FeedSourceOptions>
}
