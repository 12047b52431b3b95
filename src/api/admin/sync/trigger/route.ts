import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { requestResume, requestSyncRun } from "../../../../engine/request-run"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../types"
import { respondToClaim } from "../respond-claim"
import type { AdminTriggerSyncType } from "../validators"

/** Starts a run (202) or answers 409 with the run that is already active. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminTriggerSyncType>,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const { source = "default", dry_run = false, resume = false } = req.validatedBody
  const triggered_by = req.auth_context.actor_id
  if (resume) {
    const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
    const latest = await service.getLatestResumable(source)
    if (!latest) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Source "${source}" has no failed or interrupted run to resume`
      )
    }
    respondToClaim(res, await requestResume(req.scope, latest.id, triggered_by))
    return
  }
  respondToClaim(
    res,
    await requestSyncRun(req.scope, { source, trigger: "manual", triggered_by, dry_run })
  )
}
