import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { localBatches, shutdown } from "../modules/product_sync/utils/local-runners"
import { batchEnded } from "./batch-signals"
import { runBatch } from "./run-batch"
import { runContextFor } from "../workflows/sync/batch/run-context"
import { failureMessage } from "../workflows/sync/batch/system-failure"

/**
 * Executes a batch another process cut and delivered (see deliverBatch), on
 * whichever instance took its event: claims it — a compare-and-set, so a
 * second delivery of a batch whose executor is alive, or of a run that
 * ended, does nothing — and runs its workflow with the items from its row,
 * beating while it writes. A workflow that throws has undone its writes: the
 * batch is marked failed, and the run that cut it fails with its error —
 * unless this process is shutting down, when the batch is left to go quiet
 * and be delivered again.
 */
export async function executeBatch(container: MedusaContainer, batchId: string): Promise<void> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  if (shutdown.started) return // another instance takes it once it goes quiet
  const options = await service.getOptions()
  const batch = await service.claimBatch(batchId, options.staleAfterMs)
  if (!batch) return // done, held by a live executor, or its run ended
  const beat = setInterval(
    () => service.beatBatch(batchId, batch.owner).catch((e) => logger.warn(`product-sync: heartbeat of batch ${batchId} failed: ${(e as Error).message}`)),
    options.heartbeatIntervalMs
  )
  const work = (async () => {
    // The run's context (built once per process, as the batch's steps need it) knows its source.
    const { source } = await runContextFor(container, batch.run_id)
    const position = { records: batch.records, cursor: batch.cursor, total: batch.total }
    await runBatch(container, service, { run_id: batch.run_id, source, items: batch.payload ?? [], position, batch_id: batch.id, batch_claim: batch.owner })
  })()
  localBatches.add(work)
  try {
    await work
  } catch (e) {
    if (!shutdown.started) await service.failBatch(batchId, batch.owner, failureMessage(e))
  } finally {
    localBatches.delete(work)
    clearInterval(beat)
    batchEnded(batchId)
  }
}
