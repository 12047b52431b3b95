import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../../../types"
import { requestProductSyncWorkflow } from "../../../../../../workflows/sync/workflows/request-product-sync"
import { respondToClaim } from "../../../respond-claim"

/**
 * Retries the items a run (and the runs it resumed) could not sync: a
 * targeted run of the source for exactly their external ids — 202; 409 while
 * a run of the source is active; 400 when the run is still running or no
 * failed item has an external id; 404.
 */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.getRun(req.params.id) // NOT_FOUND
  if (run.status === "running") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${run.id} is still running: retry its failed items once it ended`)
  }
  const only = await service.failedExternalIds(run.id)
  if (!only.length) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${run.id} has no failed item with an external id to retry`)
  }
  const { result } = await requestProductSyncWorkflow(req.scope).run({
    input: { source: run.source, trigger: "manual", triggered_by: req.auth_context.actor_id, only },
  })
  respondToClaim(res, result)
}
