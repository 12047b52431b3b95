import type { SyncChangeDTO } from "./sync-change"
import type { FeedProduct } from "./feed-product"
import type { SourcePreset } from "./options"
import type { SyncRunDTO, SyncRunErrorDTO } from "./sync-run"

export type AdminSyncRunResponse = { run: SyncRunDTO }

export type AdminSyncConflictResponse = {
  type: "conflict"
  message: string
  run: SyncRunDTO
}

/** What one source is doing now and how its runs went. */
export type AdminSyncSourceStatus = {
  is_running: boolean
  /** The source's active run. */
  run: SyncRunDTO | null
  /** Its latest finished run. */
  last_run: SyncRunDTO | null
  /** When its schedule fires next; null when it has none. */
  next_run_at: string | null
  last_success_at: string | null
  /** Whether the catalog was synced successfully within `max_age_hours` (option `freshnessHours`). */
  freshness: { max_age_hours: number; is_fresh: boolean }
}

/** One entry of the bare status's `sources`. */
export type AdminSyncSourceStatusDTO = AdminSyncSourceStatus & {
  name: string
  enabled: boolean
  /** The source's cron, null when it is not scheduled. */
  schedule: string | null
}

/**
 * `GET /admin/sync/status?source=…`: that source. Without `source`: `is_running`
 * when any source runs, every source in `sources`, and the top-level fields
 * describe `default` when it exists, else the source that ran last (`source`).
 */
export type AdminSyncStatusResponse = AdminSyncSourceStatus & {
  /** The source the top-level fields describe; null when none is configured. */
  source: string | null
  /** Every configured source; only in the answer without `?source=`. */
  sources?: AdminSyncSourceStatusDTO[]
}

export type AdminSyncSourceHealth = {
  name: string
  status: "ok" | "degraded" | "failing" | "disabled"
  /** Why it is not ok, in a sentence. */
  reason: string | null
  is_running: boolean
  last_run_status: SyncRunDTO["status"] | null
  last_success_at: string | null
  is_fresh: boolean
}

/** `GET /admin/sync/health` (503 when `failing`). */
export type AdminSyncHealthResponse = {
  status: "ok" | "degraded" | "failing"
  sources: AdminSyncSourceHealth[]
}

/** `GET /sync/health` (option `publicHealth`): no run ids, no reasons. */
export type PublicSyncHealthResponse = {
  status: "ok" | "degraded" | "failing"
  sources: Pick<AdminSyncSourceHealth, "name" | "status" | "is_fresh" | "last_success_at">[]
}

export type AdminSyncRunListResponse = {
  runs: SyncRunDTO[]
  count: number
  limit: number
  offset: number
}

export type AdminSyncRunDetailResponse = {
  run: SyncRunDTO & {
    /** A page of the run's item errors (`errors_limit`, `errors_offset`). */
    errors: SyncRunErrorDTO[]
    error_count: number
    /** The run that continued this one, if any. */
    resumed_by: string | null
    /** Products that left the feed — drafted, deleted or held (the first 200). */
    missing_products: { external_id: string; product_id: string }[]
  }
}

/** A configured source as the admin API shows it: no credentials, secret query values masked. */
export type AdminSyncSourceDTO = {
  name: string
  url: string
  /** The configured format; null when detected per page (extension, Content-Type, preset). */
  format: "json" | "ndjson" | "csv" | "xml" | "xlsx" | null
  preset: SourcePreset | null
  pagination: "next" | "link-header" | "offset" | "page" | "cursor"
  /** Whether the app maps records with its own function. */
  has_map: boolean
  incremental: boolean
  enabled: boolean
  /** The source's cron, null when it is not scheduled. */
  schedule: string | null
  next_run_at: string | null
  /** Its active run, else its latest finished one. */
  last_run: SyncRunDTO | null
}

export type AdminSyncSourcesResponse = { sources: AdminSyncSourceDTO[] }

export type AdminSyncPreviewResponse = {
  /** The records that map to valid products, as a run would write them. */
  products: FeedProduct[]
  /** Records that would be item errors; `record` is null when the source itself cannot be read. */
  errors: { record: number | null; external_id: string | null; message: string }[]
  /** Records the mapping skips (returns null for). */
  skipped: number
  /**
   * For each previewed product the store has (by external id), what a sync
   * would change, as a dry run's plan lists it; null when it would change
   * nothing. Products the store does not have are not listed.
   */
  changes: Record<string, Omit<SyncChangeDTO, "external_id" | "title"> | null>
}

/** Where a product comes from (the product page's "Synced from" widget). */
export type AdminSyncProductResponse = {
  sync: {
    source: string
    external_id: string
    /** When a sync last wrote the product. */
    synced_at: string
    last_run_id: string
    /** Drafted because it left the feed (`onMissing: "draft"`). */
    left_feed: boolean
    /** An admin stopped syncing it: every run skips it and none removes it. */
    locked: boolean
    locked_at: string | null
    locked_by: string | null
    /** Fields that both the feed and the store changed, as the last sync that met them found them. */
    conflicts: SyncFieldConflictDTO[]
    /** What the last runs that changed the product changed, newest first (at most 5). */
    changes: SyncProductChangeDTO[]
  } | null
}

/** One run's change to a product, as its card lists it. */
export type SyncProductChangeDTO = Pick<SyncChangeDTO, "action" | "fields" | "prices" | "stock" | "variants"> & {
  run_id: string
  /** When the run started. */
  at: string
  /** The changed fields' names, and `prices`, `stock`, `variants`. */
  changed: string[]
}

/** A field that both the feed and the store changed since the sync before. */
export type SyncFieldConflictDTO = {
  /** `description`, `tag_ids`, `metadata.brand`, … (long values are shortened). */
  field: string
  store: unknown
  feed: unknown
  /** Whose value the product has now (the source's `onConflict`). */
  kept: "feed" | "store"
  run_id: string
}
