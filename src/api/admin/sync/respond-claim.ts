import type { MedusaResponse } from "@medusajs/framework/http"
import type { ClaimRunResult } from "../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../modules/product_sync/utils/to-dto"
import type { AdminSyncConflictResponse, AdminSyncRunResponse } from "../../../types"

/** 202 with the new run, or 409 with the run that holds the source. */
export function respondToClaim(
  res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>,
  result: ClaimRunResult
) {
  if (result.conflict) {
    const active = toSyncRunDTO(result.conflict)
    // Written by hand: Medusa's CONFLICT error type would replace the message and drop the run.
    res.status(409).json({
      type: "conflict",
      message: `A sync of source "${active.source}" is already running (run ${active.id}, started ${active.started_at} by ${active.triggered_by}).`,
      run: active,
    })
    return
  }
  res.status(202).json({ run: toSyncRunDTO(result.run) })
}
