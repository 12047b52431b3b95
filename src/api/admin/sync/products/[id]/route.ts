import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../modules/product_sync/service"
import type { AdminSyncProductResponse } from "../../../../../types"
import { productSyncOf } from "./product-sync-of"

/** Which source a product comes from, if any: `{ sync: null }` for a product no source manages. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncProductResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  res.json({ sync: await productSyncOf(service, req.params.id) })
}
