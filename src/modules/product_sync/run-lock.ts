import type { Knex } from "@medusajs/framework/mikro-orm/knex"

// A session-level advisory lock per run, keyed by its id. Postgres releases
// it the moment its session ends: the process died, or its connection did.
const KEY = "select pg_try_advisory_lock(hashtextextended($1, 0)) as got"
const UNLOCK = "select pg_advisory_unlock(hashtextextended($1, 0))"
const keyOf = (runId: string) => `product-sync-run:${runId}`

type Connection = { query(sql: string, params: unknown[]): Promise<{ rows: { got?: boolean }[] }> }

/** A run's lock, held on a connection of its own for as long as the run executes. */
export type HeldRunLock = { release(): Promise<void> }

/** Takes run `runId`'s lock on a connection taken out of the pool; null when another session holds it. */
export async function holdRunLock(knex: Knex, runId: string): Promise<HeldRunLock | null> {
  const connection = (await knex.client.acquireConnection()) as Connection
  try {
    const { rows } = await connection.query(KEY, [keyOf(runId)])
    if (rows[0]?.got) {
      return {
        release: async () => {
          try {
            await connection.query(UNLOCK, [keyOf(runId)])
          } finally {
            await knex.client.releaseConnection(connection)
          }
        },
      }
    }
  } catch (e) {
    await knex.client.releaseConnection(connection)
    throw e
  }
  await knex.client.releaseConnection(connection)
  return null
}

/** Whether nobody holds run `runId`'s lock: the process that executed it is gone. */
export async function isRunLockFree(knex: Knex, runId: string): Promise<boolean> {
  const held = await holdRunLock(knex, runId)
  await held?.release()
  return !!held
}
