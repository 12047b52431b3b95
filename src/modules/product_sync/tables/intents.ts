import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { rows } from "./rows"

// sync_intent: creates about to happen (see the SyncIntent model).

// Committed on its own, before the product workflow runs.
const RECORD_INTENTS = `
insert into sync_intent (id, source, external_id, handle, run_id)
select u.id, ?, u.external_id, u.handle, ?
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, handle text)
on conflict (source, external_id) where deleted_at is null do update
set handle = excluded.handle, run_id = excluded.run_id, updated_at = now()`

const FIND_INTENTS = `
select external_id, handle, created_at from sync_intent
where source = ? and deleted_at is null
  and external_id in (select jsonb_array_elements_text(?::jsonb))`

const DELETE_INTENTS = `
delete from sync_intent
where source = ? and external_id in (select jsonb_array_elements_text(?::jsonb))`

export async function recordIntents(manager: SqlEntityManager, source: string, runId: string, intents: { external_id: string; handle: string }[]): Promise<void> {
  if (!intents.length) return
  const withIds = intents.map((i) => ({ ...i, id: generateEntityId(undefined, "psint") }))
  await manager.execute(RECORD_INTENTS, [source, runId, JSON.stringify(withIds)])
}

export async function findIntents(manager: SqlEntityManager, source: string, externalIds: string[]): Promise<Map<string, { handle: string; since: Date }>> {
  if (!externalIds.length) return new Map()
  const found = rows<{ external_id: string; handle: string; created_at: Date }>(await manager.execute(FIND_INTENTS, [source, JSON.stringify(externalIds)]))
  return new Map(found.map((i) => [i.external_id, { handle: i.handle, since: new Date(i.created_at) }]))
}

/** The intents of `externalIds` are settled: the products were written, or failed. */
export async function deleteIntents(manager: SqlEntityManager, source: string, externalIds: string[]): Promise<void> {
  if (externalIds.length) await manager.execute(DELETE_INTENTS, [source, JSON.stringify(externalIds)])
}
