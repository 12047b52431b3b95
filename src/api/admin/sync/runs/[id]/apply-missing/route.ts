import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunResponse } from "../../../../../../types"
import { applyHeldRemovalWorkflow } from "../../../../../../workflows/sync/workflows/apply-held-removal"

/**
 * Drafts or deletes the products a run's safety breaker held (those still
 * missing from the feed): 200 with the run; 400 when it holds none or a run
 * of the source is active; 404.
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncRunResponse>) {
  const { result: run } = await applyHeldRemovalWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.json({ run: toSyncRunDTO(run) })
}
