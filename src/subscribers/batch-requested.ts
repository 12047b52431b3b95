import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import type { Logger } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { executeBatch } from "../runner/execute-batch"
import { BatchRequestedEventData, ProductSyncEvents } from "../types"

/**
 * Executes a batch of a run with `concurrency` above 1 on this instance
 * (with a Redis event bus: on whichever worker takes the event). Unlike a
 * run, a batch holds its event while it writes — a few seconds — so each
 * worker takes batches as fast as it writes them and the batches of a run
 * spread over the workers.
 */
export default async function productSyncBatchRequested({ event, container }: SubscriberArgs<BatchRequestedEventData>) {
  await executeBatch(container, event.data.id).catch((e) =>
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .error(`product-sync: batch ${event.data.id} could not be executed: ${(e as Error).message}`)
  )
}

export const config: SubscriberConfig = {
  event: ProductSyncEvents.BATCH_REQUESTED,
}
