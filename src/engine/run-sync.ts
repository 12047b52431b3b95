import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { createSource } from "../sources"
import { ProductSyncEvents, SyncRunStatus } from "../types"
import { processBatch } from "./process-batch"
import { resolveStoreDefaults } from "./write-context"

const ZERO = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0 }
const HEARTBEAT_MS = 10_000

/**
 * Executes a claimed run to its end: pages → batches → writes → one commit
 * per batch. Whatever happens, the row ends in a final status; it never stays
 * `running` because this function returned or threw.
 */
export async function runSync(container: MedusaContainer, runId: string): Promise<SyncRunStatus> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const run = await service.getRun(runId)
  if (run.status !== "running") {
    return run.status
  }
  const options = await service.getOptions()
  const abort = new AbortController()
  // A slow source or a long batch must not look like a dead run.
  const heartbeat = setInterval(() => {
    service
      .commitBatch(runId, run.source, { stats: ZERO, processed: 0, ledger: [], errors: [] })
      .then((r) => !r.continue && abort.abort())
      .catch((e) => logger.warn(`product-sync: heartbeat of ${runId} failed: ${e.message}`))
  }, HEARTBEAT_MS)

  let status: Exclude<SyncRunStatus, "running"> = "completed"
  let error: string | null = null
  try {
    await emit(container, ProductSyncEvents.RUN_STARTED, { id: runId, source: run.source })
    const source = createSource(run.source, options)
    const defaults = await resolveStoreDefaults(container, options.sources[run.source])
    const seen = new Set<string>()
    const checkpoint = run.checkpoint as { page: string; offset: number } | null
    for await (const chunk of source.read(checkpoint, options.batchSize, abort.signal)) {
      const outcome = await processBatch({
        container,
        items: chunk.items,
        dryRun: run.dry_run,
        seen,
        defaults,
        lookupLedger: (ids) => service.lookupLedger(run.source, ids),
      })
      const next = await service.commitBatch(runId, run.source, {
        ...outcome,
        processed: chunk.items.length,
        total: chunk.total,
        checkpoint: chunk.cursor,
        step: "writing products",
      })
      if (!next.continue) {
        logger.warn(`product-sync: run ${runId} was ended elsewhere; stopping`)
        return (await service.getRun(runId)).status
      }
      if (next.cancel) {
        status = "cancelled"
        break
      }
    }
  } catch (e) {
    status = "failed"
    error = (e as Error).message || String(e)
    logger.error(`product-sync: run ${runId} failed: ${error}`)
  } finally {
    clearInterval(heartbeat)
  }

  if (await service.finishRun(runId, status, error)) {
    const finished = await service.getRun(runId)
    await emit(container, `product-sync.run.${status}`, {
      id: runId,
      source: run.source,
      stats: {
        created: finished.created,
        updated: finished.updated,
        unchanged: finished.unchanged,
        skipped: finished.skipped,
        failed: finished.failed,
      },
    })
  }
  return status
}

async function emit(container: MedusaContainer, name: string, data: Record<string, unknown>) {
  await container.resolve(Modules.EVENT_BUS).emit({ name, data })
}
