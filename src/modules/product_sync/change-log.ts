import { generateEntityId } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { SyncChangeAction, SyncChangeDTO, SyncChangeRisk, SyncChangeSummary, SyncProductChangeDTO } from "../../types"
import { rows as rowsOf } from "./sync-run-store"
import * as SQL from "./utils/sql"

/** What a run's change log is filtered by (all optional). */
export type ChangeFilter = { action?: SyncChangeAction; field?: string; risk?: SyncChangeRisk; q?: string }


/** The names a change counts under in the summary and the `field` filter. */
export function changedNames(change: SyncChangeDTO): string[] {
  return [
    ...Object.keys(change.fields),
    ...(change.variants ? ["variants"] : []),
    ...(change.prices.length ? ["prices"] : []),
    ...(change.stock.length ? ["stock"] : []),
  ]
}

/** Writes changes of run `runId` in the caller's transaction (a batch's commit, a removal's record). */
export async function insertChanges(manager: SqlEntityManager, runId: string, source: string, changes: SyncChangeDTO[]): Promise<void> {
  if (!changes.length) return
  const rows = changes.map((c) => ({
    ...c,
    id: generateEntityId(undefined, "pschg"),
    fields: Object.keys(c.fields).length ? c.fields : null,
    prices: c.prices.length ? c.prices : null,
    stock: c.stock.length ? c.stock : null,
    changed: changedNames(c),
  }))
  await manager.execute(SQL.INSERT_CHANGES, [runId, source, JSON.stringify(rows)])
}

/** A page of run `runId`'s change log, its filtered count, and the summary of all of it. */
export async function readChanges(
  manager: SqlEntityManager,
  runId: string,
  filter: ChangeFilter,
  page: { limit: number; offset: number }
): Promise<{ changes: SyncChangeDTO[]; count: number; summary: SyncChangeSummary }> {
  const like = filter.q ? `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null
  const params = [runId, filter.action ?? null, filter.action ?? null, filter.field ?? null, filter.field ?? null, filter.risk ?? null, filter.risk ?? null, like, like, like]
  const listed = rowsOf<SyncChangeDTO & { fields: SyncChangeDTO["fields"] | null }>(await manager.execute(SQL.LIST_CHANGES, [...params, page.limit, page.offset]))
  const [{ n }] = rowsOf<{ n: number }>(await manager.execute(SQL.COUNT_CHANGES, params))
  const summary: SyncChangeSummary = { total: 0, actions: {}, fields: {}, risks: {} }
  for (const row of rowsOf<{ kind: string; key: string; n: number }>(await manager.execute(SQL.SUMMARIZE_CHANGES, [runId, runId, runId]))) {
    if (row.kind === "action") {
      summary.actions[row.key as SyncChangeAction] = row.n
      summary.total += row.n
    } else if (row.kind === "field") summary.fields[row.key] = row.n
    else summary.risks[row.key as SyncChangeRisk] = row.n
  }
  const changes = listed.map((c) => ({ ...c, fields: c.fields ?? {}, prices: c.prices ?? [], stock: c.stock ?? [], risks: c.risks ?? [] }))
  return { changes, count: n, summary }
}

/** The last `limit` changes runs made to a product, newest first. */
export async function readProductChanges(manager: SqlEntityManager, productId: string, limit: number): Promise<SyncProductChangeDTO[]> {
  const found = rowsOf<SyncProductChangeDTO & { started_at: Date; fields: SyncProductChangeDTO["fields"] | null }>(await manager.execute(SQL.PRODUCT_CHANGES, [productId, limit]))
  return found.map(({ started_at, ...c }) => ({ ...c, at: new Date(started_at).toISOString(), fields: c.fields ?? {}, prices: c.prices ?? [], stock: c.stock ?? [] }))
}
