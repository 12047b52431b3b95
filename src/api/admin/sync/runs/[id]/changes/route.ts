import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import type { AdminSyncChangesResponse } from "../../../../../../types"
import type { AdminSyncChangesQueryType } from "../../../validators"

/**
 * What run `:id` changed per product (a dry run: its plan), filtered and
 * paged, with the summary of all of it: counts per action, per field, and
 * the risks (price drops, stock lost, drafts, removals).
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminSyncChangesQueryType>, res: MedusaResponse<AdminSyncChangesResponse>) {
  const { limit, offset, ...filter } = req.validatedQuery
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.getRun(req.params.id)
  const { changes, count, summary } = await service.listChanges(run.id, filter, { limit, offset })
  res.json({ changes, count, limit, offset, summary, dry_run: run.dry_run })
}
