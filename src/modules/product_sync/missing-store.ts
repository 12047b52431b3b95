import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, InjectTransactionManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { MissingProducts } from "../../types"
import { rows, SyncRunStore } from "./sync-run-store"
import type { SyncRunRecord } from "./utils/to-dto"
import * as SQL from "./utils/sql"

export type MissingItem = { external_id: string; product_id: string }

/** What a run found missing: its summary (the run's `missing`) and the products, stored as rows. */
export type MissingRecord = MissingProducts & { products: MissingItem[] }

/**
 * The ledger's view of products that left the feed: which ones a complete
 * run did not meet, and the record of drafting, deleting or holding them.
 */
export class MissingStore extends SyncRunStore {
  /** Ledger items of `source` that the run chain `chain` did not meet, nor another run since it began. */
  @InjectManager()
  async listMissing(
    source: string,
    chain: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ missing: MissingItem[]; synced: number }> {
    const manager = sharedContext.manager as SqlEntityManager
    const missing = rows<MissingItem>(await manager.execute(SQL.SELECT_MISSING, [source, chain, chain]))
    const [{ n }] = rows<{ n: number }>(await manager.execute(SQL.COUNT_LEDGER, [source]))
    return { missing, synced: n }
  }

  /** Which of `externalIds` the run chain `chain` met (wrote or found unchanged). */
  @InjectManager()
  async metInChain(
    source: string,
    chain: string,
    externalIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<{ external_id: string }>(await manager.execute(SQL.MET_IN_CHAIN, [source, chain, JSON.stringify(externalIds)])).map((r) => r.external_id)
  }

  /** How many products `source` synced (and did not remove): what a removal's share is measured against. */
  @InjectManager()
  async countSynced(
    source: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<{ n: number }>(await manager.execute(SQL.COUNT_LEDGER, [source]))[0].n
  }

  /** Every ledger item of `source` a removal could take (not drafted, not locked): for a dry run's plan. */
  @InjectManager()
  async listRemovable(
    source: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MissingItem[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<MissingItem>(await manager.execute(SQL.SELECT_REMOVABLE, [source]))
  }

  /** The newest completed run of `source` that began after run `chain` did, if any. */
  @InjectManager()
  async getSupersedingRun(
    source: string,
    chain: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord | null> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<SyncRunRecord>(await manager.execute(SQL.SUPERSEDING_RUN, [source, chain]))[0] ?? null
  }

  /** The first run of the resumed chain `runId` belongs to. */
  @InjectManager()
  async getChainStart(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SyncRunRecord> {
    let run = await this.getRun(runId, sharedContext)
    while (run.resumed_from) run = await this.getRun(run.resumed_from, sharedContext)
    return run
  }

  /** Takes a run's held removal for applying it; false when it holds none any more or a run of its source is active. */
  @InjectManager()
  async takeHeldRemoval(
    runId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<boolean> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows(await manager.execute(SQL.TAKE_HELD_REMOVAL, [runId])).length > 0
  }

  /** Which of `items` are still missing: not met by any run since `since`, not removed since. */
  @InjectManager()
  async stillMissing(
    source: string,
    items: MissingItem[],
    since: Date,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MissingItem[]> {
    const manager = sharedContext.manager as SqlEntityManager
    return rows<MissingItem>(await manager.execute(SQL.STILL_MISSING, [source, JSON.stringify(items.map((i) => i.external_id)), since]))
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
    if (removed?.externalIds.length) {
      const sql = removed.action === "draft" ? SQL.MARK_DRAFTED : SQL.DELETE_LEDGER
      await manager.execute(sql, [source, JSON.stringify(removed.externalIds)])
    }
    await manager.execute(SQL.DELETE_MISSING_PRODUCTS, [runId])
    if (products.length) {
      const rows = products.map((p) => ({ id: generateEntityId(undefined, "psmiss"), external_id: p.external_id, product_id: p.product_id }))
      await manager.execute(SQL.INSERT_MISSING_PRODUCTS, [runId, JSON.stringify(rows)])
    }
    await manager.execute(SQL.RECORD_MISSING, [removed?.externalIds.length ?? 0, JSON.stringify(summary), runId])
  }

  /** The products run `runId` found missing (the first `limit`, by external id). */
  @InjectManager()
  async listMissingProducts(
    runId: string,
    limit?: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<MissingItem[]> {
    const rows = await this.listSyncMissingProducts({ run_id: runId }, { order: { external_id: "ASC" }, ...(limit ? { take: limit } : {}), select: ["external_id", "product_id"] }, sharedContext)
    return rows.map((r) => ({ external_id: r.external_id, product_id: r.product_id }))
  }

  /** Item errors found after the run's last batch (products that could not be removed). */
  @InjectManager()
  async recordErrors(
    runId: string,
    errors: { external_id: string | null; message: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const manager = sharedContext.manager as SqlEntityManager
    const ids = errors.map((e) => ({ ...e, id: generateEntityId(undefined, "psrerr") }))
    await manager.execute(SQL.INSERT_ERRORS, [runId, JSON.stringify(ids), this.options_.maxErrorsPerRun, runId])
    await manager.execute(SQL.COUNT_FAILED, [errors.length, runId])
  }
}
