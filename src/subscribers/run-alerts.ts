import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { alertForRun, sendAlert } from "../alerts/alerts"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { ProductSyncEvents } from "../types"

/**
 * The webhook and email alerts for a run that ended, on any instance (option
 * `alerts`). The webhook's retries go on in the background: the event is
 * acknowledged at once.
 */
export default async function productSyncRunAlerts({ event, container }: SubscriberArgs<{ id: string }>) {
  const run = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).getRun(event.data.id)
  await sendAlert(container, alertForRun(run), run.id)
}

export const config: SubscriberConfig = {
  event: [ProductSyncEvents.RUN_COMPLETED, ProductSyncEvents.RUN_FAILED, ProductSyncEvents.RUN_INTERRUPTED, ProductSyncEvents.RUN_CANCELLED],
}
