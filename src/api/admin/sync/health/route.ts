import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import type { AdminSyncHealthResponse } from "../../../../types"
import { sourceStatusesOf } from "../source-status"
import { syncHealth } from "../sync-health"

/** Whether the catalog's syncing is healthy, per source: 200, or 503 when a source is failing. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncHealthResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const { code, body } = syncHealth(sourceStatusesOf(await service.getStatusBoard(), options))
  res.status(code).json(body)
}
