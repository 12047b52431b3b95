import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { rows } from "./rows"

// sync_item, the ledger: one row per synced product of a source — what the
// sync last wrote, which run last met it, whether it left the feed or an
// admin locked it.

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

export type MissingItem = { external_id: string; product_id: string }

const LOOKUP_LEDGER = `
select external_id, product_id, hash, fields, locked_at is not null as locked,
  coalesce(missing_action = 'draft', false) as drafted
from sync_item
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

const COMMITTED_PRODUCTS = `
select product_id from sync_item
where last_run_id = ? and deleted_at is null
  and product_id in (select jsonb_array_elements_text(?::jsonb))`

const UPSERT_LEDGER = `
insert into sync_item (id, source, external_id, product_id, hash, fields, conflicts, last_run_id, synced_at, seen_in, seen_at)
select u.id, ?, u.external_id, u.product_id, u.hash, u.fields, u.conflicts, ?, now(), ?, now()
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, product_id text, hash text, fields jsonb, conflicts jsonb)
on conflict (source, external_id) where deleted_at is null do update
set product_id = excluded.product_id, hash = excluded.hash,
    -- A write that carries no field hashes (stock, prices) keeps the ones there are.
    fields = coalesce(excluded.fields, sync_item.fields),
    conflicts = coalesce(excluded.conflicts, sync_item.conflicts),
    last_run_id = excluded.last_run_id, synced_at = excluded.synced_at,
    seen_in = excluded.seen_in, seen_at = excluded.seen_at, missing_action = null, updated_at = now()`

// Items met in the feed but not written (unchanged, or failed): they are
// still in the feed, so they must not count as missing at the end of the run.
const MARK_SEEN = `
update sync_item set seen_in = ?, seen_at = now(), missing_action = null
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

// What a complete read of the feed (`seen_in` = the run, or the first run of
// its resumed chain) did not meet, less what was already drafted for it.
// A product another run met after the chain began (a targeted run, between an
// interruption and its resume) was in the feed then: it is not missing.
const SELECT_MISSING = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null
  and locked_at is null and seen_in is distinct from ?
  and (seen_at is null or seen_at < (select started_at from sync_run where id = ?))
order by external_id`

const MET_IN_CHAIN = `
select external_id from sync_item
where source = ? and seen_in = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

const SELECT_REMOVABLE = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null and locked_at is null`

// Of a held list, what is still missing: not met by a run since, not removed since.
const STILL_MISSING = `
select external_id, product_id from sync_item
where source = ? and deleted_at is null and missing_action is null and locked_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))
  and (seen_at is null or seen_at <= ?)`

// A product an admin stopped syncing (locked_by set) or let go again (null).
const LOCK_PRODUCT = `
update sync_item set locked_at = case when ?::text is null then null else now() end,
  locked_by = ?, updated_at = now()
where product_id = ? and deleted_at is null
returning id`

const COUNT_LEDGER = `
select count(*)::int as n from sync_item
where source = ? and deleted_at is null and missing_action is null`

// A drafted product keeps its ledger row, with no hash: if it comes back to
// the feed it is written in full (and published) again.
const MARK_DRAFTED = `
update sync_item set missing_action = 'draft', hash = '', updated_at = now()
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

const DELETE_LEDGER = `
delete from sync_item
where source = ? and external_id in (select jsonb_array_elements_text(?::jsonb))`

export async function lookupLedger(manager: SqlEntityManager, source: string, externalIds: string[]): Promise<Map<string, LedgerEntry>> {
  if (!externalIds.length) return new Map()
  const found = rows<LedgerEntry & { external_id: string }>(await manager.execute(LOOKUP_LEDGER, [source, JSON.stringify(externalIds)]))
  return new Map(found.map((r) => [r.external_id, r]))
}

export async function committedProducts(manager: SqlEntityManager, runId: string, productIds: string[]): Promise<Set<string>> {
  if (!productIds.length) return new Set()
  return new Set(rows<{ product_id: string }>(await manager.execute(COMMITTED_PRODUCTS, [runId, JSON.stringify(productIds)])).map((r) => r.product_id))
}

/** Writes a batch's ledger rows, met by `chain` (the run, or the first of its resumed chain). */
export async function upsertLedger(manager: SqlEntityManager, source: string, runId: string, chain: string, ledger: LedgerWrite[]): Promise<void> {
  if (!ledger.length) return
  const withIds = ledger.map((l) => ({ ...l, fields: l.fields ?? null, conflicts: l.conflicts?.length ? l.conflicts : null, id: generateEntityId(undefined, "psitem") }))
  await manager.execute(UPSERT_LEDGER, [source, runId, chain, JSON.stringify(withIds)])
}

export async function markSeen(manager: SqlEntityManager, source: string, chain: string, externalIds: string[]): Promise<void> {
  if (externalIds.length) await manager.execute(MARK_SEEN, [chain, source, JSON.stringify(externalIds)])
}

export async function selectMissing(manager: SqlEntityManager, source: string, chain: string): Promise<MissingItem[]> {
  return rows<MissingItem>(await manager.execute(SELECT_MISSING, [source, chain, chain]))
}

export async function metInChain(manager: SqlEntityManager, source: string, chain: string, externalIds: string[]): Promise<string[]> {
  return rows<{ external_id: string }>(await manager.execute(MET_IN_CHAIN, [source, chain, JSON.stringify(externalIds)])).map((r) => r.external_id)
}

export async function selectRemovable(manager: SqlEntityManager, source: string): Promise<MissingItem[]> {
  return rows<MissingItem>(await manager.execute(SELECT_REMOVABLE, [source]))
}

export async function stillMissing(manager: SqlEntityManager, source: string, items: MissingItem[], since: Date): Promise<MissingItem[]> {
  return rows<MissingItem>(await manager.execute(STILL_MISSING, [source, JSON.stringify(items.map((i) => i.external_id)), since]))
}

/** False when no source manages product `productId`. */
export async function lockProduct(manager: SqlEntityManager, productId: string, actor: string | null): Promise<boolean> {
  return rows(await manager.execute(LOCK_PRODUCT, [actor, actor, productId])).length > 0
}

export async function countSynced(manager: SqlEntityManager, source: string): Promise<number> {
  return rows<{ n: number }>(await manager.execute(COUNT_LEDGER, [source]))[0].n
}

/** Products that left the feed and were drafted (their rows stay, marked) or deleted (their rows go). */
export async function recordRemoved(manager: SqlEntityManager, source: string, removed: { action: "draft" | "delete"; externalIds: string[] }): Promise<void> {
  if (!removed.externalIds.length) return
  await manager.execute(removed.action === "draft" ? MARK_DRAFTED : DELETE_LEDGER, [source, JSON.stringify(removed.externalIds)])
}
