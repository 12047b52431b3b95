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
import type {
  ProductSyncOptions,
  ResolvedProductSyncOptions,
  SyncCheckpoint,
  SyncRunMode,
  SyncRunStats,
  SyncRunStatus,
  SyncRunTrigger,
} from "../../types"
import { insertChanges } from "./change-log"
import type { SyncChangeDTO } from "../../types/sync-change"
import { SyncAlert, SyncBatch, SyncChange, SyncImage, SyncIntent, SyncItem, SyncMissingProduct, SyncRun, SyncRunError } from "./models"
import { resolveOptions } from "./utils/resolve-options"
import { instanceId } from "./utils/local-runners"
import { orphanReason, staleReason } from "./utils/progress-summary"
import { type HeldRunLock, holdRunLock, isRunLockFree } from "./run-lock"
import { type SourceStatusRow, type StatusBoard, StatusBoardCache } from "./status-board"
import * as SQL from "./utils/sql"
import { batchState, type BatchState, beatBatch, claimBatch, type ClaimedBatch, failBatch, finishBatch, openBatch, rollBatches } from "./batch-store"
import type { SourceItem } from "../../sources"
import { type SyncRunRecord, toSyncRunDTO } from "./utils/to-dto"

type InjectedDependencies = {
  baseRepository: DAL.RepositoryService
  logger?: Logger
  [Modules.EVENT_BUS]?: IEventBusModuleService
}

export type ClaimRunInput = {
  source: string
  trigger: SyncRunTrigger
  triggered_by: string
  dry_run?: boolean
  resumed_from?: string | null
  checkpoint?: SyncCheckpoint | null
  total?: number | null
  /** Read the whole source, even one that is read incrementally or conditionally. */
  force_full?: boolean
  /** Counters carried over from the run being resumed. */
  carried?: Partial<SyncRunStats> & { processed?: number; unidentified?: number }
  /** A targeted run: it writes only these external ids. */
  only?: string[] | null
}

export type ClaimRunResult =
  | { run: SyncRunRecord; conflict?: undefined }
  | { run?: undefined; conflict: SyncRunRecord }

export type LedgerEntry = {
  product_id: string
  hash: string
  /** Per field, a hash of what the sync last wrote (see mergeFields); null before they were kept. */
  fields: Record<string, string> | null
  /** An admin stopped syncing the product. */
  locked: boolean
  /** The sync drafted it when it left the feed: back in the feed, it is published again. */
  drafted: boolean
}

/** A ledger row a batch writes: the content hash, and the field hashes and conflicts when it wrote fields. */
export type LedgerWrite = {
  external_id: string
  product_id: string
  hash: string
  fields?: Record<string, string> | null
  conflicts?: unknown[] | null
}

export type BatchCommit = {
  stats: SyncRunStats
  processed: number
  total?: number | null
  checkpoint?: SyncCheckpoint | null
  step?: string | null
  ledger: LedgerWrite[]
  errors: { external_id: string | null; message: string }[]
  /** Records met that could not be identified: the run will remove nothing. */
  unidentified?: number
  /** External ids met but not written (unchanged, failed), to mark as seen. */
  seen?: string[]
  /** External ids whose create intents this batch settles (written or failed). */
  settled?: string[]
  /** The first run of the resumed chain this run belongs to (default: the run). */
  chain?: string
  /** What the batch changed (a dry run: would change), per product (see planChanges). */
  changes?: SyncChangeDTO[]
  /**
   * The batch's row in the run's batch table (see SyncBatch), held by this
   * process: the run takes in its counters, errors and position once every
   * batch before it is done. Without it, they count at once.
   */
  batch_id?: string
  /** The claim that holds a delivered batch (see claimBatch); none for a batch its reader writes itself. */
  batch_claim?: string
}

export const rows = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] })?.rows ?? [])) as T[]

/**
 * The rows of the module: claiming, committing, ending and reading runs and
 * the ledger. The service (service.ts) adds the lifecycle around them.
 */
export class SyncRunStore extends MedusaService({
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

  /**
   * Every run that ends — by its runner, the reaper, a boot or a shutdown —
   * ends here or in `interruptStaleRuns`, so this is the one place that
   * announces it: `product-sync.run.<status>` (the admin notification
   * subscriber listens). A bus that fails must not undo the ending.
   */
  protected async announceEnd(run: SyncRunRecord): Promise<void> {
    this.statusBoard_.clear()
    try {
      await this.eventBus_?.emit({
        name: `product-sync.run.${run.status}`,
        data: { id: run.id, source: run.source, stats: toSyncRunDTO(run).stats },
      })
    } catch (e) {
      this.logger_?.warn(`product-sync: could not announce the end of run ${run.id}: ${(e as Error).message}`)
    }
  }

  async getOptions(): Promise<ResolvedProductSyncOptions> {
    return this.options_
  }

  /** Marks this process as the one executing `runId`; false if another already is. */
  @InjectManager()
  async adoptRun(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows(await manager.execute(SQL.ADOPT_RUN, [instanceId, runId])).length > 0
  }

  /**
   * Takes run `runId`'s advisory lock for its executing process, on a
   * connection of its own (see run-lock): null when another process holds
   * it. With `liveness: "heartbeat"` there is no lock, and a no-op holder.
   */
  @InjectManager()
  async holdRunLock(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<HeldRunLock | null> {
    if (this.options_.liveness !== "lock") return { release: async () => undefined }
    return await holdRunLock((sharedContext.manager as SqlEntityManager).getKnex(), runId)
  }

  /**
   * Running runs of `source` (or all) that nobody executes any more: a run a
   * process took whose advisory lock is free (that process or its
   * connection died) at once, and any run whose heartbeat is older than the
   * stale window — with `liveness: "lock"`, only if nobody holds its lock.
   */
  @InjectManager()
  async interruptStaleRuns(
    source: string | null = null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.manager as SqlEntityManager
    const done: string[] = []
    const locking = this.options_.liveness === "lock"
    const alive = new Set<string>()
    if (locking) {
      for (const run of rows<SyncRunRecord>(await manager.execute(SQL.SELECT_OWNED, [source, source]))) {
        if (!(await isRunLockFree(manager.getKnex(), run.id))) {
          alive.add(run.id)
          continue
        }
        const [ended] = rows<SyncRunRecord>(await manager.execute(SQL.INTERRUPT_ORPHAN, [orphanReason(run), run.id, run.owner]))
        if (ended) {
          done.push(run.id)
          await this.announceEnd(ended)
        }
      }
    }
    const stale = rows<SyncRunRecord>(
      await manager.execute(SQL.SELECT_STALE, [source, source, this.options_.staleAfterMs])
    ).filter((run) => !alive.has(run.id) && !done.includes(run.id))
    for (const run of stale) {
      const [ended] = rows<SyncRunRecord>(await manager.execute(SQL.INTERRUPT_IF_STALE, [staleReason(run), run.id, this.options_.staleAfterMs]))
      if (ended) {
        done.push(run.id)
        await this.announceEnd(ended)
      }
    }
    return done
  }

  /**
   * Claims the one active slot of a source with a single INSERT. The partial
   * unique index decides; on conflict the active run is returned instead.
   */
  @InjectManager()
  async claimRun(
    input: ClaimRunInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimRunResult> {
    const manager = sharedContext.manager as SqlEntityManager
    const carried = input.carried ?? {}
    // A dead run must not answer for a live one: reap (and announce) before claiming.
    await this.interruptStaleRuns(input.source, sharedContext)
    // A run can finish between the failed INSERT and the read of the active
    // run; then the slot is free again and the claim is simply retried.
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted = rows<{ id: string }>(
        await manager.execute(SQL.CLAIM_RUN, [
          generateEntityId(undefined, "psrun"),
          input.source,
          input.trigger,
          input.triggered_by,
          input.dry_run ?? false,
          input.checkpoint ? JSON.stringify(input.checkpoint) : null,
          input.resumed_from ?? null,
          input.total ?? null,
          carried.processed ?? 0,
          carried.created ?? 0,
          carried.updated ?? 0,
          carried.unchanged ?? 0,
          carried.skipped ?? 0,
          carried.failed ?? 0,
          carried.conflicts ?? 0,
          carried.unidentified ?? 0,
          input.force_full ?? false,
          input.only?.length ? "targeted" : "full",
          input.only?.length ? JSON.stringify(input.only) : null,
        ])
      )
      if (inserted.length) {
        this.statusBoard_.clear()
        return { run: await this.getRun(inserted[0].id, sharedContext) }
      }
      const active = await this.getActiveRun(input.source, sharedContext)
      if (active) {
        return { conflict: active }
      }
    }
    throw new MedusaError(
      MedusaError.Types.UNEXPECTED_STATE,
      `Could not claim a sync run for source "${input.source}"`
    )
  }

  @InjectManager()
  async getRun(
    id: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord> {
    return (await this.retrieveSyncRun(id, {}, sharedContext)) as SyncRunRecord
  }

  @InjectManager()
  async getActiveRun(
    source: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    const [run] = await this.listSyncRuns(
      { source, status: "running" },
      { take: 1 },
      sharedContext
    )
    return (run as SyncRunRecord) ?? null
  }

  /** The most recent run of a source with one of `statuses`, if any. */
  @InjectManager()
  async getLatestRun(
    source: string,
    statuses: SyncRunStatus[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    const [run] = await this.listSyncRuns(
      { source, status: statuses },
      { take: 1, order: { started_at: "DESC" } },
      sharedContext
    )
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

  /** Records how a run reads its source (mode, validators) or a note for the admin. */
  @InjectManager()
  async annotateRun(
    runId: string,
    data: { mode?: SyncRunMode; source_validators?: Record<string, string | null> | null; note?: string | null; config_hash?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.updateSyncRuns({ id: runId, ...data }, sharedContext)
  }

  /** Every configured source's active run, latest finished run and last success: at most a second old (StatusBoardCache). */
  async getStatusBoard(maxAgeMs?: number): Promise<StatusBoard> {
    return await this.statusBoard_.read(maxAgeMs)
  }

  @InjectManager()
  async loadStatusBoard(@MedusaContext() sharedContext: Context = {}): Promise<SourceStatusRow[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<SourceStatusRow>(await manager.execute(SQL.STATUS_BOARD, [JSON.stringify(Object.keys(this.options_.sources))]))
  }

  /** Ledger entries of a source for the given external ids. */
  @InjectManager()
  async lookupLedger(
    source: string,
    externalIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, LedgerEntry>> {
    if (!externalIds.length) {
      return new Map()
    }
    const manager = sharedContext.manager as SqlEntityManager
    const found = rows<LedgerEntry & { external_id: string }>(
      await manager.execute(SQL.LOOKUP_LEDGER, [source, JSON.stringify(externalIds)])
    )
    return new Map(found.map((r) => [r.external_id, r]))
  }

  /**
   * Cuts batch `seq` of run `runId` (see SyncBatch): executed by this process
   * (`items` null), or pending with its items for whichever process claims it.
   */
  @InjectManager()
  async openBatch(
    runId: string,
    seq: number,
    position: { records: number; cursor: SyncCheckpoint | null; total: number | null },
    items: SourceItem[] | null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string> {
    return await openBatch(sharedContext.manager as SqlEntityManager, runId, seq, position, { owner: items ? null : instanceId, items })
  }

  /** Takes batch `id` for this process: pending, or its executor quiet for `staleMs`; null when another holds it. */
  @InjectManager()
  async claimBatch(
    id: string,
    staleMs: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedBatch | null> {
    return await claimBatch(sharedContext.manager as SqlEntityManager, id, instanceId, staleMs)
  }

  /** Tells that claim `claim` (see claimBatch) still executes batch `id`. */
  @InjectManager()
  async beatBatch(id: string, claim: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await beatBatch(sharedContext.manager as SqlEntityManager, id, claim)
  }

  /** Batch `id`, held by claim `claim`, failed: the run that cut it fails with `error`. */
  @InjectManager()
  async failBatch(id: string, claim: string, error: string, @MedusaContext() sharedContext: Context = {}): Promise<void> {
    await failBatch(sharedContext.manager as SqlEntityManager, id, claim, error)
  }

  /** Where batch `id` is: its status, executor, attempts and how long it has been quiet. */
  @InjectManager()
  async batchState(id: string, @MedusaContext() sharedContext: Context = {}): Promise<BatchState | null> {
    return await batchState(sharedContext.manager as SqlEntityManager, id)
  }

  /**
   * Stores one batch's outcome atomically: ledger rows, item errors, counters,
   * checkpoint and heartbeat (with `batch_id`: the last three into the
   * batch's row, taken in by the run in order, see SyncBatch). Returns
   * `continue: false` when the run is no longer running (reaped elsewhere) or
   * is another process's, or the batch is no longer this claim's (taken over);
   * `cancel` when someone asked it to stop.
   */
  @InjectManager()
  async commitBatch(
    runId: string,
    source: string,
    batch: BatchCommit,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ continue: boolean; cancel: boolean }> {
    return await this.commitBatch_(runId, source, batch, sharedContext)
  }

  @InjectTransactionManager()
  protected async commitBatch_(
    runId: string,
    source: string,
    batch: BatchCommit,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ continue: boolean; cancel: boolean }> {
    const manager = sharedContext.transactionManager as SqlEntityManager
    const { ledger, errors, stats } = batch
    // The fence comes first: a run that was ended (reaped, cancelled) or is
    // owned by another process — or a batch another executor took over —
    // gets nothing of this batch: no ledger rows, no errors, no counters.
    let answer: { continue: boolean; cancel: boolean }
    let runOwner: string | null = null
    if (batch.batch_id) {
      // A batch of the run's batch table: what it adds waits in its row until the run takes it in, in order.
      // A delivered batch commits under its claim, whoever reads the run; one its reader writes itself, as the run's owner.
      const fence = batch.batch_claim ? { claim: batch.batch_claim, reader: null } : { claim: instanceId, reader: instanceId }
      const done = await finishBatch(manager, runId, batch.batch_id, fence, { stats, errors, unidentified: batch.unidentified ?? 0 })
      if (!done) return { continue: false, cancel: false }
      answer = { continue: true, cancel: done.cancel }
      runOwner = done.runOwner
    } else {
      const advanced = await this.advanceRun(manager, runId, instanceId, { ...batch, cursor: batch.checkpoint ?? null, total: batch.total ?? null })
      if (!advanced) return { continue: false, cancel: false }
      answer = { continue: true, cancel: advanced.cancel_requested }
    }
    if (ledger.length) {
      await manager.execute(SQL.UPSERT_LEDGER, [
        source,
        runId,
        batch.chain ?? runId,
        JSON.stringify(
          ledger.map((l) => ({ ...l, fields: l.fields ?? null, conflicts: l.conflicts?.length ? l.conflicts : null, id: generateEntityId(undefined, "psitem") }))
        ),
      ])
    }
    await insertChanges(manager, runId, source, batch.changes ?? [])
    if (batch.settled?.length) {
      await manager.execute(SQL.DELETE_INTENTS, [source, JSON.stringify(batch.settled)])
    }
    if (batch.seen?.length) {
      await manager.execute(SQL.MARK_SEEN, [batch.chain ?? runId, source, JSON.stringify(batch.seen)])
    }
    if (batch.batch_id) {
      // The batches done below the first one not done count now: counters, errors, checkpoint.
      const rolled = await rollBatches(manager, runId)
      if (rolled) {
        await this.advanceRun(manager, runId, runOwner, { ...rolled, step: batch.step })
        await this.insertErrors(manager, runId, rolled.errors)
      }
    } else {
      await this.insertErrors(manager, runId, errors)
    }
    return answer
  }

  /** Adds a batch's counters (or batches') to the run with its position, if the run still runs as `owner`'s. */
  private async advanceRun(
    manager: SqlEntityManager,
    runId: string,
    owner: string | null,
    add: { processed: number; stats: SyncRunStats; unidentified?: number; cursor: SyncCheckpoint | null; total: number | null; step?: string | null }
  ): Promise<{ cancel_requested: boolean } | null> {
    const { stats } = add
    const [advanced] = rows<{ cancel_requested: boolean }>(
      await manager.execute(SQL.ADVANCE_RUN, [
        add.processed,
        stats.created,
        stats.updated,
        stats.unchanged,
        stats.skipped,
        stats.failed,
        stats.conflicts ?? 0, // callers from before the counter existed
        add.unidentified ?? 0,
        add.total ?? null,
        add.cursor ? JSON.stringify(add.cursor) : null,
        add.step ?? null,
        runId,
        owner,
      ])
    )
    return advanced ?? null
  }

  private async insertErrors(manager: SqlEntityManager, runId: string, errors: BatchCommit["errors"]): Promise<void> {
    if (!errors.length) return
    await manager.execute(SQL.INSERT_ERRORS, [
      runId,
      JSON.stringify(errors.map((e) => ({ ...e, id: generateEntityId(undefined, "psrerr") }))),
      this.options_.maxErrorsPerRun,
      runId,
    ])
  }

  /** Starts a run's reading over from the first page (see RESTART_RUN); false when it is no longer this process's. */
  @InjectManager()
  async restartRun(
    runId: string,
    note: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows(await manager.execute(SQL.RESTART_RUN, [note, runId, instanceId])).length > 0
  }

  /** Ends a running run; false when it had already ended. */
  @InjectManager()
  async finishRun(
    runId: string,
    status: Exclude<SyncRunStatus, "running">,
    error: string | null = null,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    const [ended] = rows<SyncRunRecord>(await manager.execute(SQL.FINISH_RUN, [status, error, runId]))
    if (ended) await this.announceEnd(ended)
    return !!ended
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
