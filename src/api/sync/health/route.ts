import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { PublicSyncHealthResponse } from "../../../types"
import { sourceStatusesOf } from "../../admin/sync/source-status"
import { syncHealth } from "../../admin/sync/sync-health"

/**
 * For uptime monitors and Kubernetes probes, without a login (option
 * `publicHealth`): the status and each source's freshness, nothing else.
 */
export async function GET(req: MedusaRequest, res: MedusaResponse<PublicSyncHealthResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  if (!options.publicHealth) throw new MedusaError(MedusaError.Types.NOT_FOUND, "Not found")
  const { code, body } = syncHealth(sourceStatusesOf(await service.getStatusBoard(), options))
  res.status(code).json({
    status: body.status,
    sources: body.sources.map(({ name, status, is_fresh, last_success_at }) => ({ name, status, is_fresh, last_success_at })),
  })
}
