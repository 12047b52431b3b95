import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { describeLocation } from "../../../../sources"
import type { AdminSyncSourcesResponse } from "../../../../types"
import { toSourceStatusDTO } from "../source-status"

/** The configured sources, without secrets, each with its schedule and its last run. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncSourcesResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const board = await service.getStatusBoard()
  res.json({
    sources: board.sources.map((row) => {
      const source = options.sources[row.source]
      const status = toSourceStatusDTO(row, options)
      return {
        name: row.source,
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
