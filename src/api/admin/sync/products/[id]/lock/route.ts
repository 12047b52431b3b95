import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import type { AdminSyncProductResponse } from "../../../../../../types"
import { productSyncOf } from "../product-sync-of"

/** Stops syncing a product: every later run skips it (counted) and none removes it. 404 for a product no source manages. */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncProductResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  await service.lockProduct(req.params.id, req.auth_context.actor_id)
  res.json({ sync: await productSyncOf(service, req.params.id) })
}

/** Syncs the product again from the next run on. 404 for a product no source manages. */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncProductResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  await service.lockProduct(req.params.id, null)
  res.json({ sync: await productSyncOf(service, req.params.id) })
}
