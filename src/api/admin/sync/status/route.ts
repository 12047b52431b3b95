import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { createSource } from "../../../../sources"
import type { AdminSyncStatusResponse } from "../../../../types"
import { describedSource, sourceStatusesOf } from "../source-status"
import type { AdminSyncStatusQueryType } from "../validators"

/**
 * What the sources are doing now and how their last runs went: one source
 * with `?source=`, else all of them. Read from the status board (at most a
 * second old), so a hundred polling tabs cost one query a second.
 */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminSyncStatusQueryType>,
  res: MedusaResponse<AdminSyncStatusResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const requested = req.validatedQuery.source
  if (requested !== undefined) createSource(requested, options) // 404 for an unknown source, like the trigger
  const sources = sourceStatusesOf(await service.getStatusBoard(), options)
  if (requested !== undefined) {
    const one = sources.find((s) => s.name === requested)!
    res.json({
      source: one.name,
      is_running: one.is_running,
      run: one.run,
      last_run: one.last_run,
      next_run_at: one.next_run_at,
      last_success_at: one.last_success_at,
      freshness: one.freshness,
    })
    return
  }
  const described = describedSource(sources)
  res.json({
    source: described?.name ?? null,
    is_running: sources.some((s) => s.is_running),
    run: described?.run ?? null,
    last_run: described?.last_run ?? null,
    next_run_at: described?.next_run_at ?? null,
    last_success_at: described?.last_success_at ?? null,
    freshness: described?.freshness ?? { max_age_hours: options.freshnessHours, is_fresh: false },
    sources,
  })
}
