import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { runSync } from "../runner/run-sync"
import { ProductSyncEvents, RunRequestedEventData } from "../types"

/**
 * Starts a claimed run on this instance (with a Redis event bus: on whichever
 * worker takes the event) and returns at once. The event is acknowledged
 * right away: a run that takes an hour must not hold an event-bus slot that
 * `order.placed` and the rest wait for. The run's row, heartbeat and the
 * module's shutdown hook look after it from here.
 */
export default async function productSyncRunRequested({
  event,
  container,
}: SubscriberArgs<RunRequestedEventData>) {
  runSync(container, event.data.id).catch((e) =>
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .error(`product-sync: run ${event.data.id} could not be executed: ${(e as Error).message}`)
  )
}

export const config: SubscriberConfig = {
  event: ProductSyncEvents.RUN_REQUESTED,
}
