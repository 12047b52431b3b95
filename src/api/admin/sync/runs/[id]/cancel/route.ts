import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { toSyncRunDTO } from "../../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunResponse } from "../../../../../../types"
import { cancelProductSyncWorkflow } from "../../../../../../workflows/sync/workflows/cancel-product-sync"

/** Asks a running run to stop at its next batch boundary: 202; 400 when it is not running; 404. */
export async function POST(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunResponse>
) {
  const { result: run } = await cancelProductSyncWorkflow(req.scope).run({ input: { id: req.params.id } })
  res.status(202).json({ run: toSyncRunDTO(run) })
}
