import type { FeedProduct } from "./feed-product"
import type { FieldOwnershipMap } from "../feed/product-fields"

/** How a paged source goes from one page to the next. */
export type PaginationOptions =
  /** The next page's URL is in the body at `path` (default "next"); null or absent ends the feed. */
  | { type: "next"; path?: string }
  /** RFC 8288 `Link: <…>; rel="next"` (Shopify Admin REST and many APIs). */
  | { type: "link-header" }
  /**
   * `?limit=…&offset=…`: stops on a short or empty page, or when the offset
   * reaches the total found at `totalPath` (default "total").
   */
  | { type: "offset"; limit: number; limitParam?: string; offsetParam?: string; totalPath?: string }
  /** `?page=1,2,…` (from `first`, default 1): stops on an empty page, or a short one when `size` is set. */
  | { type: "page"; size?: number; sizeParam?: string; pageParam?: string; first?: number }
  /**
   * A token in the body at `path` ("nextPageToken", "meta.next_cursor") is sent
   * as `?param=<token>` for the next page (Google APIs' `pageToken`, cursor
   * APIs); an empty or absent token ends the feed.
   */
  | { type: "cursor"; path: string; param: string }

/** Where a `map` function is called from. */
export type MapContext = {
  /** The source's name. */
  source: string
  /** 0-based position of the record in the feed (counted from where the run started reading). */
  index: number
}

/** What a `map` returns for one record: products, or null/undefined to skip it. */
export type MapResult = FeedProduct | FeedProduct[] | null | undefined

/**
 * Turns one record of a source into products: null/undefined skips it
 * (counted in `stats.skipped`); a throw is an item error and the run goes on.
 */
export type MapFunction = NonNullable<FeedSourceOptions["map"]>

export type SourcePreset = "shopify" | "shopify-csv" | "woocommerce-csv" | "magento-csv" | "medusa-csv" | "google-merchant"

/**
 * Where one named source reads its products from, and how its records
 * become products.
 */
export type FeedSourceOptions = {
  /**
   * An `http(s)://` URL, a local file path (relative paths resolve from the
   * app's working directory), or a file drop: `sftp://user@host/exports/products-*.csv`,
   * `ftp://…` or `ftps://…` (explicit TLS), whose file name may hold `*` and `?`.
   * Credentials in an http(s) URL are sent as Basic auth.
   */
  url: string
  /** sftp/ftp(s): how to log in. Never returned by the API nor written in a message. */
  login?: {
    password?: string
    /** sftp: a private key in OpenSSH or PEM format (the file's content), with its `passphrase`. */
    privateKey?: string
    passphrase?: string
    /** sftp: the server's host key fingerprint as `ssh-keygen -lf` prints it ("SHA256:…"); default any. */
    hostKey?: string
  }
  /** sftp/ftp(s): "newest" reads the matching file changed last, "all" every matching file in name order. Default "newest". */
  pick?: "newest" | "all"
  /** sftp/ftp(s): `"move:processed/"` moves the files a complete run read to that folder (relative to the pattern's). */
  afterSync?: string
  /** Extra request headers (e.g. `Authorization`), sent to the URL's origin only. Never returned by the API. */
  headers?: Record<string, string>
  /** Default: from the file extension, else the Content-Type, else the preset's, else "json". */
  format?: "json" | "ndjson" | "csv" | "xml" | "xlsx"
  /**
   * json: dot path of the record array in a page ("products", "data.items");
   * default: the document when it is an array, else "products".
   * xml: the element name of one record ("item", "product", "entry"); default "item".
   */
  items?: string
  /** How pages follow each other. Default: `{ type: "next" }`. */
  pagination?: PaginationOptions
  /** xlsx: the sheet to read, by name or position (1 = the first tab). Default the first. */
  sheet?: string | number
  csv?: {
    /** Column separator; default "," ("\t" for .tsv and tab-separated Content-Types). */
    delimiter?: string
    /**
     * One record = consecutive rows with the same value in this column; an
     * empty value continues the record above. The record is the array of rows.
     */
    groupBy?: string
    /**
     * false: the rows of one product may be anywhere in the file, not only
     * next to each other (the file is read twice; rows wait in memory only
     * until their product's last row, at most 50,000 at once). Default true.
     */
    adjacent?: boolean
  }
  /** A ready-made mapping for a known format. */
  preset?: SourcePreset
  /**
   * Your own mapping from a record to products; it replaces the preset's.
   * `record` is whatever the source sends (one JSON item, one XML element as
   * an object, one CSV row, or the array of grouped rows); `ctx.source` is the
   * source's name, `ctx.index` the record's 0-based position. Declared as a
   * method so that a function typed for your records, `(row: MyRow) => …`,
   * fits without `any`.
   */
  map?(record: unknown, ctx: MapContext): MapResult | Promise<MapResult>
  /**
   * `"rehost"`: images are downloaded once and kept by Medusa's File module,
   * whose URLs the products get (for a catalog leaving a store whose image
   * URLs will stop working). Default `"link"`: the feed's URLs as they are.
   */
  images?: "link" | "rehost"
  /** `images: "rehost"`: a larger image keeps its source URL (reported on the run). Default 10 MB. */
  maxImageBytes?: number
  /** Currency (ISO 4217) of prices that carry none (Shopify, most CSVs). */
  currency?: string
  /**
   * A query parameter that makes the source send only some records: a
   * targeted run (`only`) adds `param=<id>,<id>` to the first page's URL.
   * Without it a targeted run reads the source until it has met every id.
   */
  targetedParam?: string
  /** Hosts besides the URL's own that `next`/Link/redirect URLs may lead to. They get no configured headers or credentials. */
  allowedHosts?: string[]
  /** Pages one run may read at most. Default 100000. */
  maxPages?: number
  /** A record larger than this many bytes is an item error, never held in memory whole. Default 1000000. */
  maxRecordBytes?: number
  /**
   * Ask only for what changed: adds `param=<start of the last completed run chain without item failures, less overlapSeconds>`
   * (ISO 8601, or seconds since 1970 with `format: "unix"`) to the URL.
   */
  incremental?: {
    param: string
    format?: "iso" | "unix"
    /**
     * Seconds before the start of the last run chain that synced without
     * item failures that the parameter names, so that changes the source
     * committed late are not missed. Default 300.
     */
    overlapSeconds?: number
  }
  /**
   * Stock location (name or id) of `inventory_quantity`. Default: the store's
   * default location, else its only one; a store with none gets a
   * "Product sync warehouse" linked to the products' sales channels.
   */
  stockLocation?: string
  /**
   * What becomes of the source's products that a complete, non-dry,
   * non-incremental run did not meet in the feed. Default "keep".
   */
  onMissing?: "keep" | "draft" | "delete"
  /**
   * Safety breaker: when more than this share (0–1) of the source's synced
   * products would be removed, nothing is, and the run holds the removal for
   * an admin to apply. Default 0.2.
   */
  maxMissingRatio?: number
  /**
   * Whether each run records what it changes per product (fields before and
   * after, prices, stock, removals): the run's change log, and a dry run's
   * plan. Default true; false saves a row per created or updated product
   * (removals are still recorded).
   */
  changeLog?: boolean
  /** Batches of this source's runs written at once (the plugin's `concurrency` when not given). */
  concurrency?: number
  /** A price falling by more than this share (0–1) is flagged in the change log and a dry run's plan. Default 0.5. */
  riskyPriceDrop?: number
  /**
   * Who owns each field after a product is created: `"sync"` (default) —
   * written on create and whenever the feed changes it; `"create"` — written
   * only when the product is created, the store owns it afterwards;
   * `"ignore"` — never written. Keys: title, subtitle, description, handle,
   * status, thumbnail, images, tags, categories, collection, type,
   * discountable, hs_code, mid_code, origin_country, material, weight,
   * length, height, width, metadata, variants, prices, stock.
   * `{ description: "create", images: "create" }`: the supplier's copy is a
   * first draft, its prices and stock stay in sync.
   */
  fields?: FieldOwnershipMap
  /**
   * A field that both the feed and the store changed since the last sync:
   * `"feed"` (default) writes the feed's value, `"store"` keeps the store's.
   * Either way the run counts it (`stats.conflicts`) and the product's page shows both values.
   */
  onConflict?: "feed" | "store"
  /**
   * When the scheduled job syncs this source: a five-field cron expression
   * ("0 3 * * *", minute precision), or false for never. Default: the
   * `default` source follows PRODUCT_SYNC_CRON (every 6 hours), the others
   * run only when triggered.
   */
  schedule?: string | false
  /** false: the source is neither scheduled nor triggered (a trigger answers 400); it still lists and reports. Default true. */
  enabled?: boolean
  /** Sales channels created products join. Default: the store's default sales channel. */
  salesChannelIds?: string[]
  /** Shipping profile of created products. Default: the store's default shipping profile. */
  shippingProfileId?: string
}

/** What an alert is about. */
export type SyncAlertKind = "failed" | "interrupted" | "held" | "stale" | "completed_with_errors" | "completed" | "cancelled"

/**
 * Alerts that reach someone outside the admin: a signed webhook and/or email
 * through Medusa's Notification module.
 */
export type SyncAlertOptions = {
  /**
   * POSTed a JSON body; with `secret`, `X-Product-Sync-Signature: sha256=<hex>`
   * is the HMAC-SHA256 of the raw body. Retried with backoff (5 attempts), never in a run's way.
   */
  webhook?: { url: string; secret?: string }
  /** Addresses sent a notification on channel "email" with template `emailTemplate`; needs an email provider in the Notification module. */
  email?: string[]
  /** Default "product-sync-alert". Its data: `{ kind, source, title, description, run_id, run }`. */
  emailTemplate?: string
  /** Default: failed, interrupted, held, stale, completed_with_errors. */
  on?: SyncAlertKind[]
}

/**
 * Options of the plugin (`plugins: [{ resolve: "medusa-product-sync", options }]`).
 */
export type ProductSyncOptions = {
  /** Named sources; the one called `default` is used when a trigger names none. */
  sources?: Record<string, FeedSourceOptions>
  /**
   * Products written per batch (one product workflow call, one committed checkpoint). Default 100.
   * Unchanged items join a batch without counting, up to ten times this many records or a second.
   */
  batchSize?: number
  /**
   * Batches of one run written at once. Default 1. With more, the run's
   * reading process keeps that many batches in flight; each commits on its
   * own, and the run's checkpoint and counters take them in in order (a
   * resume reads on after the last batch below which every one is done).
   */
  concurrency?: number
  /**
   * With `concurrency` above 1: how many times a batch is delivered (again
   * when its executor died: quiet for `staleAfterMs`) before its records
   * become item errors. Default 3.
   */
  maxBatchAttempts?: number
  /** Attempts per source request before a run fails. Default 3. */
  requestAttempts?: number
  /** Timeout of one source request in milliseconds (until the headers arrive). Default 30000. */
  requestTimeoutMs?: number
  /**
   * Reading one page (or a one-page document) may take this long at most,
   * however steadily the server drips; then the page is retried like any
   * failed request. The clock stops while a batch is being written. Default 600000 (10 minutes).
   */
  pageTimeoutMs?: number
  /** A run that takes longer than this many milliseconds ends `failed` (it can be resumed). Default: no limit. */
  runTimeoutMs?: number
  /** Item errors stored per run; the run's `failed` counter keeps the full count. Default 1000. */
  maxErrorsPerRun?: number
  /** How often a running run proves it is alive, in milliseconds. Default 10000. */
  heartbeatIntervalMs?: number
  /**
   * How a dead run is noticed. `"lock"` (default): the process executing a
   * run holds a Postgres session-level advisory lock for it, which Postgres
   * frees the moment that process or its connection dies; the next boot,
   * trigger or reaper tick interrupts the run at once, and never a run whose
   * lock is held. `"heartbeat"`: only a heartbeat older than `staleAfterMs`
   * counts — for a transaction-mode pooler (PgBouncer), where session locks
   * do not hold.
   */
  liveness?: "lock" | "heartbeat"
  /** A running run silent for longer than this becomes `interrupted`. Default 120000 (2 minutes). */
  staleAfterMs?: number
  /** Finished runs kept per source (with their errors); running runs are always kept, resumable ones for `keepResumableDays`. Default 50. */
  keepRuns?: number
  /** An interrupted run continues from its checkpoint: the reaper resumes what it interrupts, the scheduled sync resumes instead of starting over. Default false. */
  autoResume?: boolean
  /**
   * `autoResume` stops after this many interruptions in a row that left the
   * checkpoint where it was (a record that kills the process would loop
   * forever): the last run ends `failed`, naming the checkpoint. Default 3.
   */
  maxResumes?: number
  /** Days a failed or interrupted run nobody resumed is kept beyond `keepRuns`, to be resumed. Default 14. */
  keepResumableDays?: number
  /** First delay between two attempts of a feed request, doubled each time, with jitter. Default 500. */
  retryBackoffMs?: number
  /** The admin warns when the last successful sync is older than this many hours. Default 24. */
  freshnessHours?: number
  /**
   * Adds `X-Sync-Status`, `X-Sync-Source`, `X-Sync-Progress` and
   * `X-Sync-Last-Success` to admin and/or store API responses, read from a
   * status cache at most a second old. Default: none.
   */
  statusHeaders?: "admin" | "store" | "all"
  /** Serves `GET /sync/health` without a login: the status and each source's freshness, no URLs. Default false. */
  publicHealth?: boolean
  /** Alerts by webhook and email; `stale` fires once when a source has had no successful run for `freshnessHours`. */
  alerts?: SyncAlertOptions
}

export type ResolvedProductSyncOptions = Required<
  Omit<ProductSyncOptions, "sources" | "autoResume" | "liveness" | "runTimeoutMs" | "statusHeaders" | "publicHealth" | "alerts">
> & {
  runTimeoutMs?: number
  statusHeaders?: "admin" | "store" | "all"
  publicHealth: boolean
  alerts?: SyncAlertOptions
  autoResume: boolean
  liveness: "lock" | "heartbeat"
  sources: Record<string, FeedSourceOptions>
}
