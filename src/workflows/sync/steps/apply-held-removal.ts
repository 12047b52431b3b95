import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { applyHeldMissing } from "../removal/missing-products"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { SyncRunRecord } from "../../../modules/product_sync/utils/to-dto"

export const applyHeldRemovalStepId = "apply-held-removal"

/**
 * Drafts or deletes the products a run's safety breaker held that are still
 * missing from the feed, through Medusa's product workflows (NOT_ALLOWED when
 * the run holds none or a run of its source is active). It is its
 * workflow's only step, and each product workflow it runs rolls itself back.
 *
 * @example
 * const run = applyHeldRemovalStep({ id: "psrun_123" })
 */
export const applyHeldRemovalStep = createStep(applyHeldRemovalStepId, async ({ id }: { id: string }, { container }) => {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  return new StepResponse<SyncRunRecord>(await applyHeldMissing(container, service, id))
})
