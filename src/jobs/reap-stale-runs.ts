import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { alertStaleSources } from "../alerts/stale-alerts"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { requestProductSyncWorkflow } from "../workflows/sync/workflows/request-product-sync"

/**
 * Every minute: a running run without a recent heartbeat becomes `interrupted` (the module
 * announces it). With `autoResume`, it continues at once from its checkpoint
 * on the instance that noticed: a killed worker's run is finished by another
 * — unless it keeps dying at the same checkpoint (`maxResumes`). Then the `stale` alerts.
 */
export default async function reapStaleSyncRuns(container: MedusaContainer) {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const reaped = await service.interruptStaleRuns()
  // The same minute's look finds sources that have gone too long without a success; it never holds the reaping up.
  void alertStaleSources(container).catch((e) => logger.warn(`product-sync: the stale check failed: ${(e as Error).message}`))
  if (!reaped.length || !(await service.getOptions()).autoResume) return
  for (const id of reaped) {
    try {
      if (await service.stopResumeLoop(id)) {
        logger.warn(`product-sync: run ${id} keeps dying at the same checkpoint; it is failed, not resumed again`)
        continue
      }
      const { result } = await requestProductSyncWorkflow(container).run({ input: { trigger: "scheduled", triggered_by: "system", resume: id } })
      const { run, conflict } = result
      logger.info(`product-sync: run ${id} was interrupted; ${run ? `resumed as run ${run.id}` : `run ${conflict.id} is already active`}`)
    } catch (e) {
      logger.warn(`product-sync: could not resume run ${id}: ${(e as Error).message}`)
    }
  }
}

export const config = {
  name: "product-sync-reap-stale-runs",
  // Every minute; tests that kill processes look more often (6-field cron with seconds).
  schedule: process.env.PRODUCT_SYNC_REAP_CRON?.trim() || "* * * * *",
}
