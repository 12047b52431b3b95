/** Events the plugin emits; `data` is `{ id, source }` (+ `stats` on outcomes). */
export const ProductSyncEvents = {
  RUN_REQUESTED: "product-sync.run.requested",
  /** A batch of a run for whichever instance takes the event (see SyncBatch). `{ id }` (the batch's) */
  BATCH_REQUESTED: "product-sync.batch.requested",
  RUN_STARTED: "product-sync.run.started",
  RUN_COMPLETED: "product-sync.run.completed",
  RUN_FAILED: "product-sync.run.failed",
  RUN_CANCELLED: "product-sync.run.cancelled",
  RUN_INTERRUPTED: "product-sync.run.interrupted",
  /** A `batchCommitted` hook failed; the batch stays committed and the run goes on. `{ id, source, hook, message }` */
  HOOK_FAILED: "product-sync.hook.failed",
} as const

export type RunRequestedEventData = { id: string }
export type BatchRequestedEventData = { id: string }
