import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../../../types"
import { requestProductSyncWorkflow } from "../../../../../../workflows/sync/workflows/request-product-sync"
import { respondToClaim } from "../../../respond-claim"

/**
 * Continues a failed or interrupted run from its checkpoint: 202; 409 with
 * the active run, or with the completed run that superseded this one (its
 * read of the feed is newer); 400 with the reason; 404.
 */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const newer = await service.getSupersededBy(req.params.id) // NOT_FOUND
  if (newer) {
    res.status(409).json({
      type: "conflict",
      message: `Run ${req.params.id} cannot be resumed: run ${newer.id} completed a newer sync of source "${newer.source}" since it began. Start a new run instead.`,
      run: toSyncRunDTO(newer),
    })
    return
  }
  const { result } = await requestProductSyncWorkflow(req.scope).run({
    input: { trigger: "manual", triggered_by: req.auth_context.actor_id, resume: req.params.id },
  })
  respondToClaim(res, result)
}
