import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"

// sync_run_error: a run's item errors.

export type ItemError = { external_id: string | null; message: string }

// The cap keeps a feed of a million bad rows from filling the table; the
// run's `failed` counter still counts every one.
const INSERT_ERRORS = `
insert into sync_run_error (id, run_id, external_id, message)
select u.id, ?, u.external_id, u.message
from jsonb_to_recordset(?::jsonb) as u(id text, external_id text, message text)
limit greatest(0, ? - (select count(*) from sync_run_error where run_id = ? and deleted_at is null))`

/** Stores item errors of run `runId`, up to `cap` for the run. */
export async function insertErrors(manager: SqlEntityManager, runId: string, errors: ItemError[], cap: number): Promise<void> {
  if (!errors.length) return
  const withIds = errors.map((e) => ({ ...e, id: generateEntityId(undefined, "psrerr") }))
  await manager.execute(INSERT_ERRORS, [runId, JSON.stringify(withIds), cap, runId])
}
