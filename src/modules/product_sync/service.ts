import type { Context, DAL, IEventBusModuleService, Logger } from "@medusajs/framework/types"
import {
  generateEntityId,
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
  Modules,
} from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { SourceItem } from "../../sources"
import {
  BATCH_COUNTERS,
  ENDED_RUN_STATUSES,
  isResumableStatus,
  type MissingProducts,
  type ProductSyncOptions,
  type ResolvedProductSyncOptions,
  type SyncChangeDTO,
  type SyncChangeSummary,
  type SyncCheckpoint,
  type SyncProductChangeDTO,
  type SyncRunMode,
  type SyncRunStatus,
} from "../../types"
import { type BatchCommit, commitBatch } from "./commit-batch"
import { SyncAlert, SyncBatch, SyncChange, SyncImage, SyncIntent, SyncItem, SyncMissingProduct, SyncRun, SyncRunError } from "./models"
import { type HeldRunLock, holdRunLock, isRunLockFree } from "./run-lock"
import { type StatusBoard, StatusBoardCache } from "./status-board"
import * as Alerts from "./tables/alerts"
import * as Batches from "./tables/batches"
import * as Changes from "./tables/changes"
import * as Errors from "./tables/errors"
import * as Images from "./tables/images"
import * as Intents from "./tables/intents"
import * as Ledger from "./tables/ledger"
import { replaceMissingProducts } from "./tables/missing-products"
import * as Runs from "./tables/runs"
import { instanceId, localBatches, localRunners, shutdown } from "./utils/local-runners"
import { orphanReason, progressSummary, staleReason } from "./utils/progress-summary"
import { resolveOptions } from "./utils/resolve-options"
import { type SyncRunRecord, toSyncRunDTO } from "./utils/to-dto"

export type { BatchCommit } from "./commit-batch"
export type { BatchState, ClaimedBatch } from "./tables/batches"
export type { LedgerEntry, LedgerWrite, MissingItem } from "./tables/ledger"
export type { ClaimRunInput } from "./tables/runs"

export type ClaimRunResult =
  | { run: SyncRunRecord; conflict?: undefined }
  | { run?: undefined; conflict: SyncRunRecord }

/** What a run found missing: its summary (the run's `missing`) and the products, stored as rows. */
export type MissingRecord = MissingProducts & { products: Ledger.MissingItem[] }

type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
  logger?: Logger
  [Modules.EVENT_BUS]?: IEventBusModuleService
}

const SHUTDOWN_GRACE_MS = 20_000
// A sent alert is remembered this long (it keeps a stale source from alerting again).
const ALERT_KEEP_DAYS = 90

/**
 * The module's service: runs (claim, batches, end, resume, cancel), the
 * ledger and what left the feed, create intents, the change log, alerts,
 * re-hosted images, retention, and the boot and shutdown hooks. Each method
 * is the module's word for one thing; the SQL of each table lives in
 * tables/, the rules of a run (statuses, resumable, counters) in
 * types/run-rules.
 */
class ProductSyncModuleService extends MedusaService({
  SyncRun,
  SyncRunError,
  SyncItem,
  SyncIntent,
  SyncMissingProduct,
  SyncAlert,
  SyncImage,
  SyncChange,
  SyncBatch,
}) {
  protected baseRepository_: DAL.RepositoryService
  protected readonly options_: ResolvedProductSyncOptions
  protected readonly eventBus_?: IEventBusModuleService
  protected readonly logger_?: Logger
  protected readonly statusBoard_ = new StatusBoardCache(() => this.loadStatusBoard())

  constructor(container: InjectedDependencies, options?: ProductSyncOptions) {
    // eslint-disable-next-line prefer-rest-params
    super(...arguments)
    this.baseRepository_ = container.baseRepository
    this.options_ = resolveOptions(options)
    this.eventBus_ = optional(() => container[Modules.EVENT_BUS])
    this.logger_ = optional(() => container.logger)
  }

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

  async getOptions(): Promise<ResolvedProductSyncOptions> {
    return this.options_
  }

  // ── Runs: claim, execute, end ────────────────────────────────────────────

  /**
   * Claims the one active slot of a source with a single INSERT. The partial
   * unique index decides; on conflict the active run is returned instead.
   */
  @InjectManager()
  async claimRun(input: Runs.ClaimRunInput, @MedusaContext() sharedContext: Context = {}): Promise<ClaimRunResult> {
    const manager = sharedContext.manager as SqlEntityManager
    // A dead run must not answer for a live one: reap (and announce) before claiming.
    await this.interruptStaleRuns(input.source, sharedContext)
    // A run can finish between the failed INSERT and the read of the active
    // run; then the slot is free again and the claim is simply retried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const id = await Runs.insertRun(manager, generateEntityId(undefined, "psrun"), input)
      if (id) {
        this.statusBoard_.clear()
        return { run: await this.getRun(id, sharedContext) }
      }
      const active = await this.getActiveRun(input.source, sharedContext)
      if (active) return { conflict: active }
    }
    throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, `Could not claim a sync run for source "${input.source}"`)
  }

  /** Marks this process as the one executing `runId`; false if another already is. */
  @InjectManager()
  async adoptRun(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await Runs.adoptRun(sharedContext.manager as SqlEntityManager, runId, instanceId)
  }

  /**
   * Takes run `runId`'s advisory lock for its executing process, on a
   * connection of its own (see run-lock): null when another process holds
   * it. With `liveness: "heartbeat"` there is no lock, and a no-op holder.
   */
  @InjectManager()
  async holdRunLock(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<HeldRunLock | null> {
    if (this.options_.liveness !== "lock") return { release: async () => undefined }
    return await holdRunLock((sharedContext.manager as SqlEntityManager).getKnex(), runId)
  }

  /** Records how a run reads its source (mode, validators) or a note for the admin. */
  @InjectManager()
  async annotateRun(
    runId: string,
    data: { mode?: SyncRunMode; source_validators?: Record<string, string | null> | null; note?: string | null; config_hash?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.updateSyncRuns({ id: runId, ...data }, sharedContext)
  }

  /** Starts a run's reading over from the first page; false when it is no longer this process's. */
  @InjectManager()
  async restartRun(runId: string, note: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await Runs.restartRun(sharedContext.manager as SqlEntityManager, runId, note, instanceId)
  }

  /**
   * Stores one batch's outcome atomically (see commitBatch): ledger rows,
   * item errors, counters, checkpoint and heartbeat (with `batch_id`: the
   * last three into the batch's row, taken in by the run in order, see
   * SyncBatch). `continue: false` when the run is no longer running (reaped
   * elsewhere) or is another process's, or the batch is no longer this
   * claim's (taken over); `cancel` when someone asked it to stop.
   */
  @InjectManager()
  async commitBatch(runId: string, source: string, batch: BatchCommit, @MedusaContext() sharedContext: Context = {}): Promise<{ continue: boolean; cancel: boolean }> {
    return await this.commitBatch_(runId, source, batch, sharedContext)
  }

  @InjectTransactionManager()
  protected async commitBatch_(runId: string, source: string, batch: BatchCommit, @MedusaContext() sharedContext: Context = {}): Promise<{ continue: boolean; cancel: boolean }> {
    return await commitBatch(sharedContext.transactionManager as SqlEntityManager, runId, source, batch, { me: instanceId, maxErrors: this.options_.maxErrorsPerRun })
  }

  /** Ends a running run; false when it had already ended. */
  @InjectManager()
  async finishRun(runId: string, status: Exclude<SyncRunStatus, "running">, error: string | null = null, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const ended = await Runs.finishRun(sharedContext.manager as SqlEntityManager, runId, status, error)
    if (ended) await this.announceEnd(ended)
    return !!ended
  }

  /**
   * Running runs of `source` (or all) that nobody executes any more: a run a
   * process took whose advisory lock is free (that process or its
   * connection died) at once, and any run whose heartbeat is older than the
   * stale window — with `liveness: "lock"`, only if nobody holds its lock.
   */
  @InjectManager()
  async interruptStaleRuns(source: string | null = null, @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const done: string[] = []
    const alive = new Set<string>()
    if (this.options_.liveness === "lock") {
      for (const run of await Runs.selectOwned(manager, source)) {
        if (!(await isRunLockFree(manager.getKnex(), run.id))) {
          alive.add(run.id)
          continue
        }
        const ended = await Runs.interruptOrphan(manager, run.id, orphanReason(run), run.owner ?? null)
        if (ended) {
          done.push(run.id)
          await this.announceEnd(ended)
        }
      }
    }
    const stale = (await Runs.selectStale(manager, source, this.options_.staleAfterMs)).filter((run) => !alive.has(run.id) && !done.includes(run.id))
    for (const run of stale) {
      const ended = await Runs.interruptIfStale(manager, run.id, staleReason(run), this.options_.staleAfterMs)
      if (ended) {
        done.push(run.id)
        await this.announceEnd(ended)
      }
    }
    return done
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

  /**
   * Every run that ends — by its runner, the reaper, a boot or a shutdown —
   * ends in `finishRun` or `interruptStaleRuns`, so this is the one place
   * that announces it: `product-sync.run.<status>` (the admin notification
   * subscriber listens). A bus that fails must not undo the ending.
   */
  protected async announceEnd(run: SyncRunRecord): Promise<void> {
    this.statusBoard_.clear()
    try {
      await this.eventBus_?.emit({ name: `product-sync.run.${run.status}`, data: { id: run.id, source: run.source, stats: toSyncRunDTO(run).stats } })
    } catch (e) {
      this.logger_?.warn(`product-sync: could not announce the end of run ${run.id}: ${(e as Error).message}`)
    }
  }

  // ── Runs: read ───────────────────────────────────────────────────────────

  @InjectManager()
  async getRun(id: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord> {
    return (await this.retrieveSyncRun(id, {}, sharedContext)) as SyncRunRecord
  }

  @InjectManager()
  async getActiveRun(source: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord | null> {
    const [run] = await this.listSyncRuns({ source, status: "running" }, { take: 1 }, sharedContext)
    return (run as SyncRunRecord) ?? null
  }

  /** The most recent run of a source with one of `statuses`, if any. */
  @InjectManager()
  async getLatestRun(source: string, statuses: SyncRunStatus[], @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord | null> {
    const [run] = await this.listSyncRuns({ source, status: statuses }, { take: 1, order: { started_at: "DESC" } }, sharedContext)
    return (run as SyncRunRecord) ?? null
  }

  /**
   * What the next run of a source builds on: the newest completed run that
   * wrote (not a dry run), for conditional and incremental requests.
   */
  @InjectManager()
  async getSourceBaseline(
    source: string,
    /** Only a run without item failures (an incremental read must not skip what failed). */
    { withoutFailures = false }: { withoutFailures?: boolean } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    const [run] = await this.listSyncRuns(
      // A targeted run read the source for a few products: nothing to build the next read on.
      { source, status: "completed", dry_run: false, mode: ["full", "incremental"], ...(withoutFailures ? { failed: 0 } : {}) },
      { take: 1, order: { started_at: "DESC" } },
      sharedContext
    )
    return (run as SyncRunRecord) ?? null
  }

  /** Every configured source's active run, latest finished run and last success: at most a second old (StatusBoardCache). */
  async getStatusBoard(maxAgeMs?: number): Promise<StatusBoard> {
    return await this.statusBoard_.read(maxAgeMs)
  }

  @InjectManager()
  async loadStatusBoard(@MedusaContext() sharedContext: Context = {}) {
    return await Runs.loadStatusBoard(sharedContext.manager as SqlEntityManager, Object.keys(this.options_.sources))
  }

  /** The first run of the resumed chain `runId` belongs to. */
  @InjectManager()
  async getChainStart(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord> {
    let run = await this.getRun(runId, sharedContext)
    while (run.resumed_from) run = await this.getRun(run.resumed_from, sharedContext)
    return run
  }

  // ── Runs: cancel and resume ──────────────────────────────────────────────

  /** Asks a running run to stop at its next batch boundary. */
  @InjectManager()
  async requestCancel(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord> {
    const run = await this.getRun(runId, sharedContext) // NOT_FOUND
    if (!(await Runs.requestCancel(sharedContext.manager as SqlEntityManager, runId))) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${runId} is ${run.status}; only a running run can be cancelled`)
    }
    return await this.getRun(runId, sharedContext)
  }

  /**
   * What a new run needs to continue `runId` from its checkpoint, or
   * NOT_ALLOWED with the reason it cannot be resumed.
   */
  @InjectManager()
  async resumeInputOf(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<Omit<Runs.ClaimRunInput, "triggered_by">> {
    const run = await this.getRun(runId, sharedContext) // NOT_FOUND
    const notAllowed = (why: string) => new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${runId} cannot be resumed: ${why}`)
    if (!isResumableStatus(run.status)) {
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
        unidentified: run.unidentified ?? 0,
        ...Object.fromEntries(BATCH_COUNTERS.map((c) => [c, run[c] ?? 0])),
      },
    }
  }

  /**
   * The completed run that superseded `runId`'s chain: one that began after
   * the chain did. Resuming the chain would finish a read of the feed older
   * than the one the ledger already reflects.
   */
  @InjectManager()
  async getSupersededBy(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord | null> {
    const first = await this.getChainStart(runId, sharedContext)
    return await this.getSupersedingRun(first.source, first.id, sharedContext)
  }

  /** The newest completed run of `source` that began after run `chain` did, if any. */
  @InjectManager()
  async getSupersedingRun(source: string, chain: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord | null> {
    return await Runs.supersedingRun(sharedContext.manager as SqlEntityManager, source, chain)
  }

  /** The newest failed or interrupted run of a source that nobody resumed yet. */
  @InjectManager()
  async getLatestResumable(source: string, @MedusaContext() sharedContext: Context = {}): Promise<SyncRunRecord | null> {
    // A targeted run (a retry, one product) neither is the source's sync to resume nor hides it.
    const [latest] = (await this.listSyncRuns(
      { source, status: ENDED_RUN_STATUSES, mode: ["full", "incremental"] },
      { take: 1, order: { started_at: "DESC" } },
      sharedContext
    )) as SyncRunRecord[]
    if (!latest || !isResumableStatus(latest.status)) return null
    const [later] = await this.listSyncRuns({ resumed_from: latest.id }, { take: 1 }, sharedContext)
    return later ? null : latest
  }

  /**
   * Before an automatic resume of interrupted run `runId`: when it is the
   * `maxResumes`-th interruption in a row that left the checkpoint where it
   * was, it ends `failed` instead (saying at which checkpoint) and true is
   * returned: resuming again would only die at the same record again.
   */
  @InjectManager()
  async stopResumeLoop(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
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
    const reason = `interrupted ${stuck} times in a row without getting past its checkpoint (${at}); not resumed again automatically ("maxResumes"): look at the record after the checkpoint, then resume it by hand`
    return await Runs.failInterrupted(sharedContext.manager as SqlEntityManager, runId, reason)
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

  // ── Batches (see SyncBatch) ──────────────────────────────────────────────

  /**
   * Cuts batch `seq` of run `runId`: executed by this process (`items`
   * null), or pending with its items for whichever process claims it.
   */
  @InjectManager()
  async openBatch(
    runId: string,
    seq: number,
    position: { records: number; cursor: SyncCheckpoint | null; total: number | null },
    items: SourceItem[] | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    return await Batches.openBatch(sharedContext.manager as SqlEntityManager, runId, seq, position, { owner: items ? null : instanceId, items })
  }

  /** Takes batch `id` for this process: pending, or its executor quiet for `staleMs`; null when another holds it. */
  @InjectManager()
  async claimBatch(id: string, staleMs: number, @MedusaContext() sharedContext: Context = {}): Promise<Batches.ClaimedBatch | null> {
    return await Batches.claimBatch(sharedContext.manager as SqlEntityManager, id, instanceId, staleMs)
  }

  /** Tells that claim `claim` (see claimBatch) still executes batch `id`. */
  @InjectManager()
  async beatBatch(id: string, claim: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await Batches.beatBatch(sharedContext.manager as SqlEntityManager, id, claim)
  }

  /** Batch `id`, held by claim `claim`, failed: the run that cut it fails with `error`. */
  @InjectManager()
  async failBatch(id: string, claim: string, error: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await Batches.failBatch(sharedContext.manager as SqlEntityManager, id, claim, error)
  }

  /** Where batch `id` is: its status, executor, attempts and how long it has been quiet. */
  @InjectManager()
  async batchState(id: string, @MedusaContext() sharedContext: Context = {}): Promise<Batches.BatchState | null> {
    return await Batches.batchState(sharedContext.manager as SqlEntityManager, id)
  }

  // ── The ledger, and what left the feed ───────────────────────────────────

  /** Ledger entries of a source for the given external ids. */
  @InjectManager()
  async lookupLedger(source: string, externalIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, Ledger.LedgerEntry>> {
    return await Ledger.lookupLedger(sharedContext.manager as SqlEntityManager, source, externalIds)
  }

  /**
   * Which of `productIds` a batch of run `runId` committed (each product is
   * written once per run): a compensation leaves those alone, since a
   * failure after the commit (a `batchCommitted` hook) must not undo it.
   */
  @InjectManager()
  async committedProducts(runId: string, productIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Set<string>> {
    return await Ledger.committedProducts(sharedContext.manager as SqlEntityManager, runId, productIds)
  }

  /**
   * Stops (`actor` given) or restarts (null) syncing a product: a locked
   * product is skipped by every run and never removed. NOT_FOUND when no
   * source manages it.
   */
  @InjectManager()
  async lockProduct(productId: string, actor: string | null, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    if (!(await Ledger.lockProduct(sharedContext.manager as SqlEntityManager, productId, actor))) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Product ${productId} is not synced from any source`)
    }
  }

  /** Ledger items of `source` that the run chain `chain` did not meet, nor another run since it began. */
  @InjectManager()
  async listMissing(source: string, chain: string, @MedusaContext() sharedContext: Context = {}): Promise<{ missing: Ledger.MissingItem[]; synced: number }> {
    const manager = sharedContext.manager as SqlEntityManager
    return { missing: await Ledger.selectMissing(manager, source, chain), synced: await Ledger.countSynced(manager, source) }
  }

  /** Which of `externalIds` the run chain `chain` met (wrote or found unchanged). */
  @InjectManager()
  async metInChain(source: string, chain: string, externalIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    return await Ledger.metInChain(sharedContext.manager as SqlEntityManager, source, chain, externalIds)
  }

  /** How many products `source` synced (and did not remove): what a removal's share is measured against. */
  @InjectManager()
  async countSynced(source: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await Ledger.countSynced(sharedContext.manager as SqlEntityManager, source)
  }

  /** Every ledger item of `source` a removal could take (not drafted, not locked): for a dry run's plan. */
  @InjectManager()
  async listRemovable(source: string, @MedusaContext() sharedContext: Context = {}): Promise<Ledger.MissingItem[]> {
    return await Ledger.selectRemovable(sharedContext.manager as SqlEntityManager, source)
  }

  /** Which of `items` are still missing: not met by any run since `since`, not removed since. */
  @InjectManager()
  async stillMissing(source: string, items: Ledger.MissingItem[], since: Date, @MedusaContext() sharedContext: Context = {}): Promise<Ledger.MissingItem[]> {
    return await Ledger.stillMissing(sharedContext.manager as SqlEntityManager, source, items, since)
  }

  /** Takes a run's held removal for applying it; false when it holds none any more or a run of its source is active. */
  @InjectManager()
  async takeHeldRemoval(runId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await Runs.takeHeldRemoval(sharedContext.manager as SqlEntityManager, runId)
  }

  /**
   * Records what happened to missing products, in one transaction: the
   * ledger (drafted rows are kept and marked, deleted ones go), the run's
   * `removed` counter and its `missing` summary.
   */
  @InjectManager()
  async recordMissing(
    runId: string,
    source: string,
    removed: { action: "draft" | "delete"; externalIds: string[] } | null,
    summary: MissingRecord,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.recordMissing_(runId, source, removed, summary, sharedContext)
  }

  @InjectTransactionManager()
  protected async recordMissing_(
    runId: string,
    source: string,
    removed: { action: "draft" | "delete"; externalIds: string[] } | null,
    { products, ...summary }: MissingRecord,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    if (removed) await Ledger.recordRemoved(manager, source, removed)
    await replaceMissingProducts(manager, runId, products)
    await Runs.recordMissingOnRun(manager, runId, removed?.externalIds.length ?? 0, summary)
  }

  /** The products run `runId` found missing (the first `limit`, by external id). */
  @InjectManager()
  async listMissingProducts(runId: string, limit?: number, @MedusaContext() sharedContext: Context = {}): Promise<Ledger.MissingItem[]> {
    const found = await this.listSyncMissingProducts({ run_id: runId }, { order: { external_id: "ASC" }, ...(limit ? { take: limit } : {}), select: ["external_id", "product_id"] }, sharedContext)
    return found.map((r) => ({ external_id: r.external_id, product_id: r.product_id }))
  }

  /** Item errors found after the run's last batch (products that could not be removed). */
  @InjectManager()
  async recordErrors(runId: string, errors: Errors.ItemError[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    await Errors.insertErrors(manager, runId, errors, this.options_.maxErrorsPerRun)
    await Runs.countFailed(manager, runId, errors.length)
  }

  // ── Create intents (see SyncIntent) ──────────────────────────────────────

  /** Records creates about to happen, committed before the products are written. */
  @InjectManager()
  async recordIntents(source: string, runId: string, intents: { external_id: string; handle: string }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await Intents.recordIntents(sharedContext.manager as SqlEntityManager, source, runId, intents)
  }

  /** The handles this source meant to create the products of `externalIds` with, and since when (the first intent). */
  @InjectManager()
  async findIntents(source: string, externalIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, { handle: string; since: Date }>> {
    return await Intents.findIntents(sharedContext.manager as SqlEntityManager, source, externalIds)
  }

  // ── The change log (see SyncChange) ──────────────────────────────────────

  /** Adds changes to run `runId`'s change log (removals; batches write theirs with their commit). */
  @InjectManager()
  async recordChanges(runId: string, source: string, changes: SyncChangeDTO[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await Changes.insertChanges(sharedContext.manager as SqlEntityManager, runId, source, changes)
  }

  /** A page of run `runId`'s change log with its count and the summary of all of it (empty for an unknown run). */
  @InjectManager()
  async listChanges(
    runId: string,
    filter: Changes.ChangeFilter,
    page: { limit: number; offset: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ changes: SyncChangeDTO[]; count: number; summary: SyncChangeSummary }> {
    return await Changes.readChanges(sharedContext.manager as SqlEntityManager, runId, filter, page)
  }

  /** The last `limit` changes runs made to product `productId`, newest first. */
  @InjectManager()
  async productChanges(productId: string, limit: number, @MedusaContext() sharedContext: Context = {}): Promise<SyncProductChangeDTO[]> {
    return await Changes.readProductChanges(sharedContext.manager as SqlEntityManager, productId, limit)
  }

  // ── Alerts, images, retention ────────────────────────────────────────────

  /** True for the one caller that may send the alert `kind` of `source` about `key`; false when it was sent. */
  @InjectManager()
  async claimAlert(source: string, kind: string, key: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    return await Alerts.claimAlert(sharedContext.manager as SqlEntityManager, source, kind, key)
  }

  /** The File module URLs of images already re-hosted, by source URL. */
  @InjectManager()
  async rehostedImages(sourceUrls: string[], @MedusaContext() sharedContext: Context = {}): Promise<Map<string, string>> {
    return await Images.rehostedImages(sharedContext.manager as SqlEntityManager, sourceUrls)
  }

  /** Remembers re-hosted images; one another run recorded first wins (both files stay valid). */
  @InjectManager()
  async recordRehostedImages(images: { source_url: string; file_id: string; url: string }[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await Images.recordRehostedImages(sharedContext.manager as SqlEntityManager, images)
  }

  /** Deletes finished runs beyond `keepRuns` per source (with their errors, missing products, changes and batches), and alerts older than 90 days. */
  @InjectManager()
  async pruneRuns(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await this.pruneRuns_(sharedContext)
  }

  @InjectTransactionManager()
  protected async pruneRuns_(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    await Alerts.pruneAlerts(manager, ALERT_KEEP_DAYS)
    return await Runs.pruneRuns(manager, this.options_.keepRuns, this.options_.keepResumableDays)
  }
}

/** A registration the module can live without (module tests have no event bus). */
function optional<T>(resolve: () => T): T | undefined {
  try {
    return resolve()
  } catch {
    return undefined
  }
}

export default ProductSyncModuleService
