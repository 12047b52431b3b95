import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { applyHeldMissing } from "../../../../../../engine/missing-products"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunResponse } from "../../../../../../types"

/**
 * Drafts or deletes the products a run's safety breaker held (those still
 * missing from the feed): 200 with the run; 400 when it holds none or a run
 * of the source is active; 404.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncRunResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await applyHeldMissing(req.scope, service, req.params.id)
  res.json({ run: toSyncRunDTO(run) })
}
