import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { nextRunAt, scheduleOf } from "../../../../engine/schedule"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import { createSource } from "../../../../sources"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncStatusResponse } from "../../../../types"
import type { AdminSyncStatusQueryType } from "../validators"

/** What a source is doing now and how its last runs went; read from rows only. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminSyncStatusQueryType>,
  res: MedusaResponse<AdminSyncStatusResponse>
) {
  const source = req.validatedQuery.source ?? "default"
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  createSource(source, options) // 404 for an unknown source, like the trigger
  const { active, last, last_success_at } = await service.getStatusSnapshot(source)
  const { freshnessHours } = options
  const lastSuccessAt = last_success_at ? new Date(last_success_at) : null
  res.json({
    is_running: !!active,
    run: active ? toSyncRunDTO(active) : null,
    last_run: last ? toSyncRunDTO(last) : null,
    next_run_at: source === "default" ? nextRunAt(scheduleOf(process.env)) : null,
    last_success_at: lastSuccessAt?.toISOString() ?? null,
    freshness: {
      max_age_hours: freshnessHours,
      is_fresh: !!lastSuccessAt && Date.now() - lastSuccessAt.getTime() <= freshnessHours * 3_600_000,
    },
  })
}
