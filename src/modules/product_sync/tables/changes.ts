import { generateEntityId } from "@medusajs/framework/utils"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import type { SyncChangeAction, SyncChangeDTO, SyncChangeRisk, SyncChangeSummary, SyncProductChangeDTO } from "../../../types"
import { rows as rowsOf } from "./rows"

// sync_change: a run's change log (see SyncChange), one row per changed product (a dry run: what it would change).

const INSERT_CHANGES = `
insert into sync_change (id, run_id, source, external_id, product_id, title, action, fields, variants, prices, stock, changed, risks)
select u.id, ?, ?, u.external_id, u.product_id, u.title, u.action, u.fields, u.variants, u.prices, u.stock, u.changed, u.risks
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text, title text, action text,
  fields jsonb, variants jsonb, prices jsonb, stock jsonb, changed jsonb, risks jsonb)`

// The filters of a run's change log, shared by the page and its count:
// action, a changed field, a risk, and text in the external id or title.
const CHANGE_FILTER = `
from sync_change
where run_id = ? and deleted_at is null
  and (?::text is null or action = ?::text)
  and (?::text is null or changed @> jsonb_build_array(?::text))
  and (?::text is null or risks @> jsonb_build_array(?::text))
  and (?::text is null or external_id ilike ?::text or title ilike ?::text)`

const LIST_CHANGES = `
select external_id, product_id, title, action, fields, variants, prices, stock, risks
${CHANGE_FILTER}
order by external_id
limit ? offset ?`

const COUNT_CHANGES = `select count(*)::int as n ${CHANGE_FILTER}`

// Counts over a run's whole change log: per action, per changed field, per risk.
const SUMMARIZE_CHANGES = `
select 'action' as kind, action as key, count(*)::int as n from sync_change where run_id = ? and deleted_at is null group by action
union all
select 'field', f, count(*)::int from sync_change, jsonb_array_elements_text(changed) as f where run_id = ? and deleted_at is null group by f
union all
select 'risk', r, count(*)::int from sync_change, jsonb_array_elements_text(risks) as r where run_id = ? and deleted_at is null group by r`

// A product's last changes, newest run first (dry runs' plans are not changes).
const PRODUCT_CHANGES = `
select c.run_id, r.started_at, c.action, c.changed, c.fields, c.prices, c.stock, c.variants
from sync_change c join sync_run r on r.id = c.run_id
where c.product_id = ? and c.deleted_at is null and not r.dry_run
order by r.started_at desc
limit ?`

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
  await manager.execute(INSERT_CHANGES, [runId, source, JSON.stringify(rows)])
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
  const listed = rowsOf<SyncChangeDTO & { fields: SyncChangeDTO["fields"] | null }>(await manager.execute(LIST_CHANGES, [...params, page.limit, page.offset]))
  const [{ n }] = rowsOf<{ n: number }>(await manager.execute(COUNT_CHANGES, params))
  const summary: SyncChangeSummary = { total: 0, actions: {}, fields: {}, risks: {} }
  for (const row of rowsOf<{ kind: string; key: string; n: number }>(await manager.execute(SUMMARIZE_CHANGES, [runId, runId, runId]))) {
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
  const found = rowsOf<SyncProductChangeDTO & { started_at: Date; fields: SyncProductChangeDTO["fields"] | null }>(await manager.execute(PRODUCT_CHANGES, [productId, limit]))
  return found.map(({ started_at, ...c }) => ({ ...c, at: new Date(started_at).toISOString(), fields: c.fields ?? {}, prices: c.prices ?? [], stock: c.stock ?? [] }))
}
