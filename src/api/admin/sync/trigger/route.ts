import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../types"
import { requestProductSyncWorkflow } from "../../../../workflows/sync/workflows/request-product-sync"
import { respondToClaim } from "../respond-claim"
import type { AdminTriggerSyncType } from "../validators"

/** Starts a run (202), or resumes the source's latest failed or interrupted one; 409 with the run that is already active. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminTriggerSyncType>,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const { source, dry_run = false, resume = false, mode, only } = req.validatedBody
  const { result } = await requestProductSyncWorkflow(req.scope).run({
    input: { source, trigger: "manual", triggered_by: req.auth_context.actor_id, dry_run, resume: resume ? "latest" : undefined, force_full: mode === "full", only },
  })
  respondToClaim(res, result)
}
