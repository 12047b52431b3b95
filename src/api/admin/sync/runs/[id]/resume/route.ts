import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { requestResume } from "../../../../../../engine/request-run"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../../../types"
import { respondToClaim } from "../../../respond-claim"

/** Continues a failed or interrupted run from its checkpoint: 202, 400 with the reason, 409, 404. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  respondToClaim(res, await requestResume(req.scope, req.params.id, req.auth_context.actor_id))
}
