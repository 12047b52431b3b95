import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { noteForEndedRun } from "../alerts/ended-run-note"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { ProductSyncEvents } from "../types"

/**
 * Posts the admin notification for a run that ended, however it ended: by
 * its runner, or interrupted by the reaper, a boot or a shutdown on any
 * instance (the module emits the event wherever the run's row is ended).
 */
export default async function productSyncRunEnded({ event, container }: SubscriberArgs<{ id: string }>) {
  if (!container.hasRegistration(Modules.NOTIFICATION)) return
  const run = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).getRun(event.data.id)
  const note = noteForEndedRun(run)
  if (!note) return
  try {
    await container.resolve(Modules.NOTIFICATION).createNotifications({ to: "", channel: "feed", template: "admin-ui", data: note })
  } catch (e) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(`product-sync: could not post the admin notification: ${(e as Error).message}`)
  }
}

export const config: SubscriberConfig = {
  event: [ProductSyncEvents.RUN_COMPLETED, ProductSyncEvents.RUN_FAILED, ProductSyncEvents.RUN_INTERRUPTED],
}
