import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { describeLocation } from "../../../../sources"
import type { AdminSyncSourcesResponse } from "../../../../types"
import { sourceStatusesOf } from "../source-status"

/** The configured sources, without secrets, each with its schedule and its last run. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncSourcesResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  res.json({
    sources: sourceStatusesOf(await service.getStatusBoard(), options).map((status) => {
      const source = options.sources[status.name]
      return {
        name: status.name,
        url: describeLocation(source.url),
        format: source.format ?? null,
        preset: source.preset ?? null,
        pagination: source.pagination?.type ?? "next",
        has_map: typeof source.map === "function",
        incremental: !!source.incremental,
        enabled: status.enabled,
        schedule: status.schedule,
        next_run_at: status.next_run_at,
        last_run: status.run ?? status.last_run,
      }
    }),
  })
}
