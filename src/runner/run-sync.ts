import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { localRunners } from "../modules/product_sync/utils/local-runners"
import { progressSummary } from "../modules/product_sync/utils/progress-summary"
import { emptyStats, ProductSyncEvents, type SyncRunStatus } from "../types"
import { emit } from "./emit"
import { failureMessage } from "../workflows/sync/batch/system-failure"
import { ProgressLog } from "./progress-log"
import { type Stop, syncSource } from "./sync-source"

/**
 * Executes a claimed run to its end: pages → batches → writes → one commit
 * per batch. Whatever happens, the row ends in a final status; it never stays
 * `running` because this function returned or threw.
 */
export async function runSync(container: MedusaContainer, runId: string): Promise<SyncRunStatus> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  // The run's lock first, then its owner: a run with an owner whose lock is
  // free is one whose process died (see interruptStaleRuns).
  const lock = await service.holdRunLock(runId)
  if (!lock) return (await service.getRun(runId)).status // executed elsewhere
  if (!(await service.adoptRun(runId))) {
    await lock.release()
    return (await service.getRun(runId)).status // executed elsewhere, or already over
  }
  const run = await service.getRun(runId)
  const options = await service.getOptions()
  const progress = new ProgressLog(logger, runId)
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
    service
      .commitBatch(runId, run.source, { stats: emptyStats(), processed: 0, ledger: [], errors: [] })
      .then((r) => {
        if (!r.continue) requestStop({ status: "interrupted", reason: null })
        else if (r.cancel) requestStop({ status: "cancelled", reason: null })
      })
      .catch((e) => logger.warn(`product-sync: heartbeat of ${runId} failed: ${e.message}`))
  }, options.heartbeatIntervalMs)
  // A run that outlasts runTimeoutMs ends failed (resumable) instead of holding its source.
  const deadline = options.runTimeoutMs
    ? setTimeout(() => requestStop({ status: "failed", reason: `the run took longer than ${options.runTimeoutMs} ms ("runTimeoutMs")` }), options.runTimeoutMs)
    : undefined

  let status: Exclude<SyncRunStatus, "running"> = "completed"
  let error: string | null = null
  try {
    progress.started(run)
    await emit(container, ProductSyncEvents.RUN_STARTED, { id: runId, source: run.source })
    await syncSource({ container, service, run, options, signal: abort.signal, shouldStop: () => !!stop, requestStop, progress })
  } catch (e) {
    if (!stop) {
      status = "failed"
      error = failureMessage(e)
      // The whole error (a failed statement with its bindings) is for the log, not for the run's readers.
      if (error !== ((e as Error).message || String(e))) logger.error(`product-sync: run ${runId} failed: ${(e as Error).stack ?? String(e)}`)
    }
  } finally {
    clearInterval(heartbeat)
    clearTimeout(deadline)
  }
  if (stop) {
    const { status: stopped, reason } = stop as Stop
    status = stopped
    error = reason && `${reason}; ${progressSummary(await service.getRun(runId))}`
  }

  try {
    // Guarded by status: a run ended elsewhere (reaped, shut down) keeps that
    // ending. The module announces the end (event → admin notification).
    await service.finishRun(runId, status, error)
    const ended = await service.getRun(runId)
    if (ended.status !== "running") progress.ended(ended)
    return ended.status
  } finally {
    localRunners.delete(runId)
    await lock.release().catch((e) => logger.warn(`product-sync: releasing the lock of run ${runId} failed: ${(e as Error).message}`))
    settle()
  }
}
