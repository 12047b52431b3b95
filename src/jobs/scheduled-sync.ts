import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, defineFileConfig } from "@medusajs/framework/utils"
import { scheduleOf } from "../engine/schedule"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { requestProductSyncWorkflow } from "../workflows/sync/workflows/request-product-sync"

/**
 * The cron's run: the same claim as the button; a run already active is not
 * an error. With `autoResume`, an interrupted run continues from its checkpoint.
 */
export default async function scheduledProductSync(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const { autoResume } = await service.getOptions()
  let resumable = autoResume ? await service.getLatestResumable("default") : null
  if (resumable?.status === "interrupted" && (await service.stopResumeLoop(resumable.id))) resumable = null
  const { result } = await requestProductSyncWorkflow(container).run({
    input: {
      source: "default",
      trigger: "scheduled",
      triggered_by: "system",
      resume: resumable?.status === "interrupted" ? resumable.id : undefined,
    },
  })
  const { conflict } = result
  if (conflict) {
    logger.info(`product-sync: scheduled run skipped, run ${conflict.id} is active`)
  }
}

defineFileConfig({ isDisabled: () => !scheduleOf(process.env).enabled })

export const config = {
  name: "product-sync-scheduled",
  schedule: scheduleOf(process.env).cron,
}
