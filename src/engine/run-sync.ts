import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { localRunners } from "../modules/product_sync/utils/local-runners"
import { progressSummary } from "../modules/product_sync/utils/progress-summary"
import { createSource } from "../sources"
import { ProductSyncEvents, SyncCheckpoint, SyncRunStatus } from "../types"
import { announceOutcome, emit } from "./announce"
import { emptyStats, processBatch } from "./process-batch"
import { resolveStoreDefaults } from "./write-context"
import { planRead } from "./plan-read"
import { RunReferences } from "./references"
import { StockLocations } from "./stock/stock-locations"

type Stop = { status: "cancelled" | "interrupted"; reason: string | null }

/**
 * Executes a claimed run to its end: pages → batches → writes → one commit
 * per batch. Whatever happens, the row ends in a final status; it never stays
 * `running` because this function returned or threw.
 */
export async function runSync(
  container: MedusaContainer,
  runId: string,
  /** Benchmark only: run without progress, checkpoint and heartbeat writes. */
  { bookkeeping = true }: { bookkeeping?: boolean } = {}
): Promise<SyncRunStatus> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  if (!(await service.adoptRun(runId))) {
    return (await service.getRun(runId)).status // executed elsewhere, or already over
  }
  const run = await service.getRun(runId)
  const options = await service.getOptions()
  const abort = new AbortController()
  let stop: Stop | null = null
  const requestStop = (next: Stop) => {
    stop ??= next
    abort.abort()
  }
  let settle!: () => void
  localRunners.set(runId, {
    requestStop: (reason) => requestStop({ status: "interrupted", reason }),
    done: new Promise<void>((resolve) => (settle = resolve)),
  })
  // A slow source or a long batch must not look like a dead run; the
  // heartbeat also carries a cancel request to a runner stuck on the source.
  const heartbeat = setInterval(() => {
    if (!bookkeeping) return
    service
      .commitBatch(runId, run.source, { stats: emptyStats(), processed: 0, ledger: [], errors: [] })
      .then((r) => {
        if (!r.continue) requestStop({ status: "interrupted", reason: null })
        else if (r.cancel) requestStop({ status: "cancelled", reason: null })
      })
      .catch((e) => logger.warn(`product-sync: heartbeat of ${runId} failed: ${e.message}`))
  }, options.heartbeatIntervalMs)

  let status: Exclude<SyncRunStatus, "running"> = "completed"
  let error: string | null = null
  try {
    await emit(container, ProductSyncEvents.RUN_STARTED, { id: runId, source: run.source })
    const source = createSource(run.source, options)
    const defaults = await resolveStoreDefaults(container, options.sources[run.source])
    const seen = new Set<string>()
    const references = new RunReferences(container)
    const locations = new StockLocations(
      container,
      { stockLocation: options.sources[run.source].stockLocation, salesChannelIds: defaults.salesChannelIds },
      (note) => service.annotateRun(runId, { note })
    )
    const from = run.checkpoint as SyncCheckpoint | null
    const plan = await planRead(service, run, options.sources[run.source])
    let first = true
    for await (const chunk of source.read({ ...plan, from, chunkSize: options.batchSize, signal: abort.signal, startIndex: run.processed })) {
      if (first && !run.dry_run && source.info.validators) {
        await service.annotateRun(runId, { source_validators: source.info.validators })
      }
      first = false
      const outcome = await processBatch({
        container,
        items: chunk.items,
        dryRun: run.dry_run,
        seen,
        defaults,
        lookupLedger: (ids) => service.lookupLedger(run.source, ids),
        references,
        locations,
      })
      const next = await service.commitBatch(runId, run.source, {
        ...outcome,
        processed: chunk.records,
        total: chunk.total,
        checkpoint: chunk.cursor,
        step: "writing products",
        skipBookkeeping: !bookkeeping,
      })
      if (!next.continue) requestStop({ status: "interrupted", reason: null })
      else if (next.cancel) requestStop({ status: "cancelled", reason: null })
      if (stop) break
    }
    if (source.info.unchanged) {
      await service.annotateRun(runId, { source_validators: plan.conditional ?? null, note: "source unchanged since the last completed run (HTTP 304); nothing was read" })
    }
  } catch (e) {
    if (!stop) {
      status = "failed"
      error = (e as Error).message || String(e)
      logger.error(`product-sync: run ${runId} failed: ${error}`)
    }
  } finally {
    clearInterval(heartbeat)
  }
  if (stop) {
    const { status: stopped, reason } = stop as Stop
    status = stopped
    error = reason && `${reason}; ${progressSummary(await service.getRun(runId))}`
  }

  try {
    // Guarded by status: a run ended elsewhere (reaped, shut down) keeps that ending.
    if (await service.finishRun(runId, status, error)) {
      await announceOutcome(container, await service.getRun(runId))
    }
    return (await service.getRun(runId)).status
  } finally {
    localRunners.delete(runId)
    settle()
  }
}
