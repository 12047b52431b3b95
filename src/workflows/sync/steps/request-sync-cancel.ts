import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { SyncRunRecord } from "../../../modules/product_sync/utils/to-dto"

export const requestSyncCancelStepId = "request-sync-cancel"

/**
 * Asks a running run to stop at its next batch boundary (NOT_ALLOWED when it
 * is not running). Compensation: the request is withdrawn.
 *
 * @example
 * const run = requestSyncCancelStep({ id: "psrun_123" })
 */
export const requestSyncCancelStep = createStep(
  requestSyncCancelStepId,
  async ({ id }: { id: string }, { container }) => {
    const run = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).requestCancel(id)
    return new StepResponse<SyncRunRecord, string>(run, id)
  },
  async (id, { container }) => {
    if (id) await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).updateSyncRuns({ id, cancel_requested: false })
  }
)
