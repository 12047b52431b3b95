import type ProductSyncModuleService from "../../../../../modules/product_sync/service"
import type { AdminSyncProductResponse, SyncFieldConflictDTO } from "../../../../../types"

// The product's card lists the last few runs that changed it; the run's Changes tab has the rest.
const LAST_CHANGES = 5

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null)

/** A product's ledger row as the admin API shows it; null when no source manages it. */
export async function productSyncOf(service: ProductSyncModuleService, productId: string): Promise<AdminSyncProductResponse["sync"]> {
  const [item] = await service.listSyncItems({ product_id: productId }, { take: 1, order: { synced_at: "DESC" } })
  if (!item) return null
  return {
    source: item.source,
    external_id: item.external_id,
    synced_at: new Date(item.synced_at).toISOString(),
    last_run_id: item.last_run_id,
    left_feed: item.missing_action === "draft",
    locked: !!item.locked_at,
    locked_at: iso(item.locked_at),
    locked_by: item.locked_by ?? null,
    conflicts: (item.conflicts as SyncFieldConflictDTO[] | null) ?? [],
    changes: await service.productChanges(productId, LAST_CHANGES),
  }
}
