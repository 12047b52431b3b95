import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { runSync } from "../engine/run-sync"
import { ProductSyncEvents, RunRequestedEventData } from "../types"

/** Executes a claimed run; with a Redis event bus, on whichever worker takes the event. */
export default async function productSyncRunRequested({
  event,
  container,
}: SubscriberArgs<RunRequestedEventData>) {
  await runSync(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: ProductSyncEvents.RUN_REQUESTED,
}
