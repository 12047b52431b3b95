import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { requestSyncRun } from "../../../../engine/request-run"
import { toSyncRunDTO } from "../../../../modules/product_sync/utils/to-dto"
import type {
  AdminSyncConflictResponse,
  AdminSyncRunResponse,
} from "../../../../types"
import type { AdminTriggerSyncType } from "../validators"

/** Starts a run (202) or answers 409 with the run that is already active. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminTriggerSyncType>,
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>
) {
  const { source = "default", dry_run = false } = req.validatedBody
  const result = await requestSyncRun(req.scope, {
    source,
    trigger: "manual",
    triggered_by: req.auth_context.actor_id,
    dry_run,
  })
  if (result.conflict) {
    const active = toSyncRunDTO(result.conflict)
    // Written by hand: Medusa's CONFLICT error type would replace the message and drop the run.
    res.status(409).json({
      type: "conflict",
      message: `A sync of source "${source}" is already running (run ${active.id}, started ${active.started_at} by ${active.triggered_by}).`,
      run: active,
    })
    return
  }
  res.status(202).json({ run: toSyncRunDTO(result.run) })
}
