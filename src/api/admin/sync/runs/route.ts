import type {
  AuthenticatedMedusaRequest,
  MedusaResponse,
} from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import {
  SyncRunRecord,
  toSyncRunDTO,
} from "../../../../modules/product_sync/utils/to-dto"
import type { AdminSyncRunListResponse } from "../../../../types"
import type { AdminSyncRunsQueryType } from "../validators"

/** Run history, newest first. */
export async function GET(
  req: AuthenticatedMedusaRequest<unknown, AdminSyncRunsQueryType>,
  res: MedusaResponse<AdminSyncRunListResponse>
) {
  const { source, status, limit, offset } = req.validatedQuery
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const [runs, count] = await service.listAndCountSyncRuns(
    { ...(source ? { source } : {}), ...(status ? { status } : {}) },
    { take: limit, skip: offset, order: { started_at: "DESC" } }
  )
  res.json({
    runs: runs.map((r) => toSyncRunDTO(r as SyncRunRecord)),
    count,
    limit,
    offset,
  })
}
