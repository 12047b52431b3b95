import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { ResolvedProductSyncOptions } from "../types"
import type { StatusBoard } from "../modules/product_sync/status-board"
import type { AdminSyncSourceStatusDTO } from "../types"
import { describedSource, sourceStatusesOf } from "./admin/sync/source-status"

const NAMES = ["X-Sync-Status", "X-Sync-Source", "X-Sync-Progress", "X-Sync-Last-Success"]

// Made once per status board (at most once a second), not per request.
const made = new WeakMap<StatusBoard, Record<string, string>>()

/** What the headers say: the running source if one runs, else the one the status describes. */
export async function syncStatusHeaders(service: ProductSyncModuleService, options: ResolvedProductSyncOptions): Promise<Record<string, string>> {
  const board = await service.getStatusBoard()
  let headers = made.get(board)
  if (!headers) made.set(board, (headers = headersOf(sourceStatusesOf(board, options))))
  return headers
}

function headersOf(sources: AdminSyncSourceStatusDTO[]): Record<string, string> {
  const source = sources.find((s) => s.run) ?? describedSource(sources)
  if (!source) return {}
  const run = source.run ?? source.last_run
  return {
    "X-Sync-Status": run?.status ?? "never",
    "X-Sync-Source": source.name,
    ...(source.run ? { "X-Sync-Progress": `${source.run.progress.processed}/${source.run.progress.total ?? "?"}` } : {}),
    ...(source.last_success_at ? { "X-Sync-Last-Success": source.last_success_at } : {}),
  }
}

/**
 * Option `statusHeaders`: every admin and/or store API response says whether
 * the catalog is being rewritten. Read from the status board (at most a
 * second old): no query per request. Informative only: a failure here never
 * fails the request.
 */
export function statusHeadersMiddleware(area: "admin" | "store") {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    try {
      const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
      const options = await service.getOptions()
      if (options.statusHeaders === area || options.statusHeaders === "all") {
        for (const [name, value] of Object.entries(await syncStatusHeaders(service, options))) res.setHeader(name, value)
        // A storefront on another origin may read them.
        const exposed = res.getHeader("Access-Control-Expose-Headers")
        res.setHeader("Access-Control-Expose-Headers", [exposed, ...NAMES].filter(Boolean).join(", "))
      }
    } catch {
      // the response goes out without them
    }
    next()
  }
}
