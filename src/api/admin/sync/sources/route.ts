import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { nextRunAt, scheduleOf } from "../../../../engine/schedule"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { toSyncRunDTO } from "../../../../modules/product_sync/utils/to-dto"
import { describeLocation } from "../../../../sources"
import type { AdminSyncSourcesResponse } from "../../../../types"

/** The configured sources, without secrets, each with its last run. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse<AdminSyncSourcesResponse>) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const { sources } = await service.getOptions()
  const schedule = scheduleOf(process.env)
  const result = await Promise.all(
    Object.entries(sources).map(async ([name, source]) => {
      const last = await service.getLatestRun(name, ["running", "completed", "failed", "cancelled", "interrupted"])
      return {
        name,
        url: describeLocation(source.url),
        format: source.format ?? null,
        preset: source.preset ?? null,
        pagination: source.pagination?.type ?? "next",
        has_map: typeof source.map === "function",
        incremental: !!source.incremental,
        // The scheduled job syncs the default source (its cron comes from env).
        schedule: name === "default" && schedule.enabled ? schedule.cron : null,
        next_run_at: name === "default" ? nextRunAt(schedule) : null,
        last_run: last ? toSyncRunDTO(last) : null,
      }
    })
  )
  res.json({ sources: result })
}
