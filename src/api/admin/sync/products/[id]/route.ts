import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../modules/product_sync/service"
import type { AdminSyncProductResponse } from "../../../../../types"

/** Which source a product comes from, if any: `{ sync: null }` for a product no source manages. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncProductResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const [item] = await service.listSyncItems({ product_id: req.params.id }, { take: 1, order: { synced_at: "DESC" } })
  res.json({
    sync: item
      ? {
          source: item.source,
          external_id: item.external_id,
          synced_at: new Date(item.synced_at).toISOString(),
          last_run_id: item.last_run_id,
          left_feed: item.missing_action === "draft",
        }
      : null,
  })
}
