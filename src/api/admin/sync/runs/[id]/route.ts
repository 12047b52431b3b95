import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunDetailResponse } from "../../../../../types"
import type { AdminSyncRunQueryType } from "../../validators"

/** One run with a page of its item errors (`error_count` counts the stored ones). */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminSyncRunQueryType>,
  res: MedusaResponse<AdminSyncRunDetailResponse>
) {
  const { errors_limit, errors_offset } = req.validatedQuery
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.getRun(req.params.id) // NOT_FOUND → 404
  const [[errors, error_count], [next]] = await Promise.all([
    service.listAndCountSyncRunErrors(
      { run_id: run.id },
      { take: errors_limit, skip: errors_offset, order: { created_at: "ASC", id: "ASC" } }
    ),
    service.listSyncRuns({ resumed_from: run.id }, { take: 1, select: ["id"] }),
  ])
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
      resumed_by: next?.id ?? null,
      // The products that left the feed (the first 200; `missing.count` has them all).
      missing_products: run.missing ? await service.listMissingProducts(run.id, 200) : [],
    },
  })
}
