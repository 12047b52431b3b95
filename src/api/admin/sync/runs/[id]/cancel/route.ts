import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunResponse } from "../../../../../../types"

/** Asks a running run to stop at its next batch boundary: 202; 400 when it is not running; 404. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.requestCancel(req.params.id)
  res.status(202).json({ run: toSyncRunDTO(run) })
}
