import { createHash } from "node:crypto"
import type { Context } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { SyncCheckpoint } from "../../types"
import { IntentStore } from "./intent-store"
import { type ChangeFilter, insertChanges, readChanges, readProductChanges } from "./change-log"
import type { SyncChangeDTO, SyncChangeSummary, SyncProductChangeDTO } from "../../types"
import { rows } from "./sync-run-store"
import type { ClaimRunInput } from "./sync-run-store"
import { localBatches, localRunners, shutdown } from "./utils/local-runners"
import { progressSummary } from "./utils/progress-summary"
import * as SQL from "./utils/sql"
import type { SyncRunRecord } from "./utils/to-dto"

export type {
  BatchCommit,
  ClaimRunInput,
  ClaimRunResult,
  LedgerEntry,
} from "./sync-run-store"

const SHUTDOWN_GRACE_MS = 20_000
const urlHash = (url: string) => createHash("sha1").update(url).digest("hex")
// A sent alert is remembered this long (it keeps a stale source from alerting again).
const ALERT_KEEP_DAYS = 90

/**
 * The module's service: the run rows (SyncRunStore), missing products
 * (MissingStore), create intents (IntentStore) and their lifecycle —
 * boot and shutdown hooks, cancel, resume and retention.
 */
class ProductSyncModuleService extends IntentStore {
  __hooks = {
    // A run whose heartbeat stopped is not running any more, whoever owned
    // it; this process owns none yet. Liveness is the heartbeat alone: the
    // owner's hostname and pid say nothing across containers.
    onApplicationStart: async () => {
      shutdown.started = false
      await this.interruptStaleRuns()
    },
    // Medusa awaits this on SIGTERM/SIGINT before it disposes the container.
    onApplicationPrepareShutdown: async () => {
      await this.stopLocalRunners("server shutting down")
    },
  }

  /** Stops this process's runners after their current batch; interrupts what does not stop in time. */
  async stopLocalRunners(reason: string): Promise<void> {
    shutdown.started = true
    const runners = [...localRunners.entries()]
    runners.forEach(([, runner]) => runner.requestStop(reason))
    const timeout = new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())
    // Batches this process writes for other processes' runs end too (or go quiet, to be delivered again).
    await Promise.race([Promise.allSettled([...runners.map(([, r]) => r.done), ...localBatches]), timeout])
    for (const [id] of runners) {
      const run = await this.getRun(id)
      if (run.status === "running") {
        await this.finishRun(id, "interrupted", `${reason}; ${progressSummary(run)}`)
      }
    }
  }

  /** Adds changes to run `runId`'s change log (removals; batches write theirs with their commit). */
  @InjectManager()
  async recordChanges(
    runId: string,
    source: string,
    changes: SyncChangeDTO[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await insertChanges(sharedContext.manager as SqlEntityManager, runId, source, changes)
  }

  /** A page of run `runId`'s change log with its count and the summary of all of it (empty for an unknown run). */
  @InjectManager()
  async listChanges(
    runId: string,
    filter: ChangeFilter,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ changes: SyncChangeDTO[]; count: number; summary: SyncChangeSummary }> {
    return await readChanges(sharedContext.manager as SqlEntityManager, runId, filter, page)
  }

  /** The last `limit` changes runs made to product `productId`, newest first. */
  @InjectManager()
  async productChanges(
    productId: string,
    limit: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncProductChangeDTO[]> {
    return await readProductChanges(sharedContext.manager as SqlEntityManager, productId, limit)
  }

  /** Asks a running run to stop at its next batch boundary. */
  @InjectManager()
  async requestCancel(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord> {
    const run = await this.getRun(runId, sharedContext) // NOT_FOUND
    const manager = sharedContext.manager as SqlEntityManager
    if (!rows(await manager.execute(SQL.REQUEST_CANCEL, [runId])).length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Run ${runId} is ${run.status}; only a running run can be cancelled`
      )
    }
    return await this.getRun(runId, sharedContext)
  }

  /**
   * What a new run needs to continue `runId` from its checkpoint, or
   * NOT_ALLOWED with the reason it cannot be resumed.
   */
  @InjectManager()
  async resumeInputOf(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Omit<ClaimRunInput, "triggered_by">> {
    const run = await this.getRun(runId, sharedContext) // NOT_FOUND
    const notAllowed = (why: string) =>
      new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${runId} cannot be resumed: ${why}`)
    if (run.status !== "failed" && run.status !== "interrupted") {
      throw notAllowed(`it is ${run.status}; only failed and interrupted runs can be resumed`)
    }
    const [later] = await this.listSyncRuns({ resumed_from: runId }, { take: 1 }, sharedContext)
    if (later) {
      throw notAllowed(`it was already resumed by run ${later.id}`)
    }
    const newer = await this.getSupersededBy(runId, sharedContext)
    if (newer) {
      throw notAllowed(`run ${newer.id} completed a newer sync of source "${run.source}" since it began; start a new run`)
    }
    return {
      source: run.source,
      trigger: "resume",
      dry_run: run.dry_run,
      resumed_from: run.id,
      only: run.only_ids ?? null,
      checkpoint: (run.checkpoint as SyncCheckpoint | null) ?? null,
      total: run.total,
      carried: {
        processed: run.processed,
        created: run.created,
        updated: run.updated,
        unchanged: run.unchanged,
        skipped: run.skipped,
        failed: run.failed,
        conflicts: run.conflicts ?? 0,
        unidentified: run.unidentified ?? 0,
      },
    }
  }

  /**
   * The completed run that superseded `runId`'s chain: one that began after
   * the chain did. Resuming the chain would finish a read of the feed older
   * than the one the ledger already reflects.
   */
  @InjectManager()
  async getSupersededBy(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    const first = await this.getChainStart(runId, sharedContext)
    return await this.getSupersedingRun(first.source, first.id, sharedContext)
  }

  /**
   * Before an automatic resume of interrupted run `runId`: when it is the
   * `maxResumes`-th interruption in a row that left the checkpoint where it
   * was, it ends `failed` instead (saying at which checkpoint) and true is
   * returned: resuming again would only die at the same record again.
   */
  @InjectManager()
  async stopResumeLoop(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    let run = await this.getRun(runId, sharedContext)
    let stuck = 0
    const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
    for (;;) {
      const before = run.resumed_from ? await this.getRun(run.resumed_from, sharedContext) : null
      if (run.status !== "interrupted" || !same(run.checkpoint, before?.checkpoint)) break
      stuck++
      if (!before) break
      run = before
    }
    if (stuck < this.options_.maxResumes) return false
    const at = progressSummary(await this.getRun(runId, sharedContext))
    const manager = sharedContext.manager as SqlEntityManager
    const reason = `interrupted ${stuck} times in a row without getting past its checkpoint (${at}); not resumed again automatically ("maxResumes"): look at the record after the checkpoint, then resume it by hand`
    return rows(await manager.execute(SQL.FAIL_INTERRUPTED, [reason, runId])).length > 0
  }

  /** The external ids of the items that failed in `runId` and the runs it resumed (at most 1,000, the first met first). */
  @InjectManager()
  async failedExternalIds(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const chain: string[] = []
    for (let run: SyncRunRecord | null = await this.getRun(runId, sharedContext); run; run = run.resumed_from ? await this.getRun(run.resumed_from, sharedContext) : null) {
      chain.push(run.id)
    }
    const errors = await this.listSyncRunErrors({ run_id: chain }, { select: ["external_id"], order: { created_at: "ASC" } }, sharedContext)
    return [...new Set(errors.flatMap((e) => (e.external_id ? [e.external_id] : [])))].slice(0, 1000)
  }

  /** The newest failed or interrupted run of a source that nobody resumed yet. */
  @InjectManager()
  async getLatestResumable(
    source: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    // A targeted run (a retry, one product) neither is the source's sync to resume nor hides it.
    const [latest] = (await this.listSyncRuns(
      { source, status: ["completed", "failed", "cancelled", "interrupted"], mode: ["full", "incremental"] },
      { take: 1, order: { started_at: "DESC" } },
      sharedContext
    )) as SyncRunRecord[]
    if (!latest || (latest.status !== "failed" && latest.status !== "interrupted")) {
      return null
    }
    const [later] = await this.listSyncRuns({ resumed_from: latest.id }, { take: 1 }, sharedContext)
    return later ? null : latest
  }

  /**
   * Stops (`actor` given) or restarts (null) syncing a product: a locked
   * product is skipped by every run and never removed. NOT_FOUND when no
   * source manages it.
   */
  @InjectManager()
  async lockProduct(
    productId: string,
    actor: string | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    if (!rows(await manager.execute(SQL.LOCK_PRODUCT, [actor, actor, productId])).length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product ${productId} is not synced from any source`)
    }
  }

  /** True for the one caller that may send the alert `kind` of `source` about `key`; false when it was sent. */
  @InjectManager()
  async claimAlert(
    source: string,
    kind: string,
    key: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows(await manager.execute(SQL.CLAIM_ALERT, [generateEntityId(undefined, "psalert"), source, kind, key])).length > 0
  }

  /** The File module URLs of images already re-hosted, by source URL. */
  @InjectManager()
  async rehostedImages(sourceUrls: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, string>> {
    if (!sourceUrls.length) return new Map()
    const manager = sharedContext.manager as SqlEntityManager
    const found = rows<{ source_url: string; url: string }>(await manager.execute(SQL.REHOSTED_IMAGES, [JSON.stringify(sourceUrls.map(urlHash))]))
    return new Map(found.map((r) => [r.source_url, r.url]))
  }

  /** Remembers re-hosted images; one another run recorded first wins (both files stay valid). */
  @InjectManager()
  async recordRehostedImages(images: { source_url: string; file_id: string; url: string }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    for (const image of images) {
      await manager.execute(SQL.RECORD_REHOSTED_IMAGE, [generateEntityId(undefined, "psimg"), urlHash(image.source_url), image.source_url, image.file_id, image.url])
    }
  }

  /** Deletes finished runs beyond `keepRuns` per source, with their errors, and alerts older than 90 days. */
  @InjectManager()
  async pruneRuns(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    return await this.pruneRuns_(sharedContext)
  }

  @InjectTransactionManager()
  protected async pruneRuns_(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    await manager.execute(SQL.PRUNE_ALERTS, [ALERT_KEEP_DAYS])
    return rows(await manager.execute(SQL.PRUNE_RUNS, [this.options_.keepRuns, this.options_.keepResumableDays])).length
  }
}

export default ProductSyncModuleService
