import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncConflictResponse, AdminSyncRunResponse } from "../../../../../../types"
import { applyHeldRemovalWorkflow } from "../../../../../../workflows/sync/workflows/apply-held-removal"

/**
 * Drafts or deletes the products a run's safety breaker held (those still
 * missing from the feed): 200 with the run; 409 with the active run while
 * one of the source runs; 400 when it holds none (or no longer: applied
 * already); 404.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncRunResponse | AdminSyncConflictResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const active = await service.getActiveRun((await service.getRun(req.params.id)).source) // NOT_FOUND
  if (active) {
    res.status(409).json({
      type: "conflict",
      message: `Run ${active.id} of source "${active.source}" is running; apply the removal when it has ended.`,
      run: toSyncRunDTO(active),
    })
    return
  }
  // The workflow takes the removal in one statement, guarded again against a run that starts meanwhile.
  const { result: run } = await applyHeldRemovalWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ run: toSyncRunDTO(run) })
}
