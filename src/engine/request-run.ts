import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { ClaimRunInput, ClaimRunResult } from "../modules/product_sync/service"
import { createSource } from "../sources"
import { ProductSyncEvents } from "../types"

/**
 * The one way a run starts, for the button, the API and the cron alike:
 * check the source exists, claim the row (the database refuses a second
 * active run), then hand the run to a subscriber, so the caller returns at
 * once and a worker instance can execute it.
 */
export async function requestSyncRun(
  container: MedusaContainer,
  input: ClaimRunInput
): Promise<ClaimRunResult> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  createSource(input.source, await service.getOptions()) // NOT_FOUND for an unknown source
  const claimed = await service.claimRun(input)
  if (claimed.run) {
    try {
      await container.resolve(Modules.EVENT_BUS).emit({
        name: ProductSyncEvents.RUN_REQUESTED,
        data: { id: claimed.run.id },
      })
    } catch (e) {
      // Nobody will execute the run: free the slot rather than block the source.
      await service.finishRun(claimed.run.id, "failed", `could not start: ${(e as Error).message}`)
      throw e
    }
  }
  return claimed
}

/**
 * Continues a failed or interrupted run from its checkpoint in a new run
 * (NOT_ALLOWED with the reason when it cannot be; a conflict while another runs).
 */
export async function requestResume(
  container: MedusaContainer,
  runId: string,
  triggered_by: string
): Promise<ClaimRunResult> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const input = await service.resumeInputOf(runId)
  return await requestSyncRun(container, { ...input, triggered_by })
}
