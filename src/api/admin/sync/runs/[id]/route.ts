import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunDetailResponse } from "../../../../../types"

const ERRORS_SHOWN = 200

/** One run with its item errors (the first 200; `error_count` has them all). */
export async function GET(
  req: AuthenticatedMedusaRequest,
  res: MedusaResponse<AdminSyncRunDetailResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.getRun(req.params.id) // NOT_FOUND → 404
  const [errors, error_count] = await service.listAndCountSyncRunErrors(
    { run_id: run.id },
    { take: ERRORS_SHOWN, order: { created_at: "ASC" } }
  )
  res.json({
    run: {
      ...toSyncRunDTO(run),
      errors: errors.map((e) => ({
        id: e.id,
        run_id: e.run_id,
        external_id: e.external_id,
        message: e.message,
        created_at: new Date(e.created_at).toISOString(),
      })),
      error_count,
    },
  })
}
