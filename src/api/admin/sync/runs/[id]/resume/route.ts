import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../../../types"
import { requestProductSyncWorkflow } from "../../../../../../workflows/sync/workflows/request-product-sync"
import { respondToClaim } from "../../../respond-claim"

/** Continues a failed or interrupted run from its checkpoint: 202, 400 with the reason, 409, 404. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const { result } = await requestProductSyncWorkflow(req.scope).run({
    input: { trigger: "manual", triggered_by: req.auth_context.actor_id, resume: req.params.id },
  })
  respondToClaim(res, result)
}
