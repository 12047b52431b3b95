import type { Context } from "@medusajs/framework/types"
import { generateEntityId, InjectManager, MedusaContext } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { MissingStore } from "./missing-store"
import { rows } from "./sync-run-store"
import * as SQL from "./utils/sql"

/**
 * Create intents (see the SyncIntent model): what makes adopting a product
 * after a crash exact — only one this source set out to create, found by
 * its handle through the product table's index.
 */
export class IntentStore extends MissingStore {
  /** Records creates about to happen, committed before the products are written. */
  @InjectManager()
  async recordIntents(
    source: string,
    runId: string,
    intents: { external_id: string; handle: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    if (!intents.length) return
    const manager = sharedContext.manager as SqlEntityManager
    const rowsWithIds = intents.map((i) => ({ ...i, id: generateEntityId(undefined, "psint") }))
    await manager.execute(SQL.RECORD_INTENTS, [source, runId, JSON.stringify(rowsWithIds)])
  }

  /** The handles this source meant to create the products of `externalIds` with, and since when (the first intent). */
  @InjectManager()
  async findIntents(
    source: string,
    externalIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, { handle: string; since: Date }>> {
    if (!externalIds.length) return new Map()
    const manager = sharedContext.manager as SqlEntityManager
    const found = rows<{ external_id: string; handle: string; created_at: Date }>(await manager.execute(SQL.FIND_INTENTS, [source, JSON.stringify(externalIds)]))
    return new Map(found.map((i) => [i.external_id, { handle: i.handle, since: new Date(i.created_at) }]))
  }

  /**
   * Which of `productIds` a batch of run `runId` committed (each product is
   * written once per run): a compensation leaves those alone, since a
   * failure after the commit (a `batchCommitted` hook) must not undo it.
   */
  @InjectManager()
  async committedProducts(
    runId: string,
    productIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Set<string>> {
    if (!productIds.length) return new Set()
    const manager = sharedContext.manager as SqlEntityManager
    return new Set(rows<{ product_id: string }>(await manager.execute(SQL.COMMITTED_PRODUCTS, [runId, JSON.stringify(productIds)])).map((r) => r.product_id))
  }
}
