import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, defineFileConfig } from "@medusajs/framework/utils"
import { isDue, scheduleOf, sourceCron, tickOf } from "../modules/product_sync/utils/schedule"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { requestProductSyncWorkflow } from "../workflows/sync/workflows/request-product-sync"

const schedule = scheduleOf(process.env)
const tick = tickOf(schedule)

/**
 * One job for every source: it wakes each minute (each second when
 * PRODUCT_SYNC_CRON has seconds) and starts the sources whose schedule fires
 * at this wake-up. Due is decided from the clock alone, so the job needs no
 * state and fires a source once per tick wherever the job runs.
 */
export default async function scheduledProductSync(container: MedusaContainer) {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const { sources } = await service.getOptions()
  // The clock, floored to the job's precision: a tick that runs late still counts as its own.
  // Not Medusa's `scheduledFor`: with the Redis engine it is when the previous tick was picked up.
  const at = new Date(Math.floor(Date.now() / tick.ms) * tick.ms)
  const due = Object.entries(sources).filter(([name, source]) => {
    const cron = sourceCron(name, source, schedule)
    return !!cron && isDue(cron, at)
  })
  await Promise.all(due.map(([name]) => startScheduledRun(container, name)))
}

/**
 * The scheduled run of one source: the same claim as the button; a run
 * already active is not an error. With `autoResume`, an interrupted run
 * continues from its checkpoint.
 */
export async function startScheduledRun(container: MedusaContainer, source: string): Promise<void> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  try {
    const { autoResume } = await service.getOptions()
    let resumable = autoResume ? await service.getLatestResumable(source) : null
    if (resumable?.status === "interrupted" && (await service.stopResumeLoop(resumable.id))) resumable = null
    const { result } = await requestProductSyncWorkflow(container).run({
      input: {
        source,
        trigger: "scheduled",
        triggered_by: "system",
        resume: resumable?.status === "interrupted" ? resumable.id : undefined,
      },
    })
    const { conflict } = result
    if (conflict) {
      logger.info(`product-sync: scheduled run skipped, run ${conflict.id} is active`)
    }
  } catch (e) {
    // One source that cannot start does not keep the others from theirs.
    logger.error(`product-sync: scheduled run of "${source}" could not start: ${(e as Error).message}`)
  }
}

defineFileConfig({ isDisabled: () => !schedule.enabled })

export const config = {
  name: "product-sync-scheduled",
  schedule: tick.cron,
}
