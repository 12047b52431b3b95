// The Postgres side of a profiled bench run: pg_stat_statements over the
// part measured, so "waiting on Postgres" in the CPU profile has names — the
// statements that took the time, and the tables read whole to answer them
// (a sequential scan per batch is what makes a run slow down as its tables
// grow). scripts/bench.mjs starts Postgres with the extension preloaded when
// --profile is given. Not shipped; not a test.
import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"

type Knex = { raw: (sql: string) => Promise<{ rows: Record<string, string | number>[] }> }

/** Starts counting: statement and table counters of this database back to zero. */
export async function resetStatements(container: MedusaContainer) {
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  await pg.raw("create extension if not exists pg_stat_statements")
  await pg.raw("select pg_stat_statements_reset(), pg_stat_reset()")
}

/** The statements that took the most time since the reset, and the tables scanned sequentially the most rows. */
export async function topStatements(container: MedusaContainer, limit = 10) {
  const pg = container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION)
  const { rows: statements } = await pg.raw(
    `select calls, total_exec_time as total_ms, rows, query,
            sum(total_exec_time) over () as all_ms
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time desc limit ${limit}`
  )
  const { rows: scans } = await pg.raw(
    `select relname as table, seq_scan, seq_tup_read, n_live_tup from pg_stat_user_tables
      where seq_tup_read > 0 order by seq_tup_read desc limit 5`
  )
  return {
    statement_ms: Number(statements[0]?.all_ms ?? 0),
    statements: statements.map((s) => ({ calls: Number(s.calls), total_ms: Number(s.total_ms), rows: Number(s.rows), query: shorten(String(s.query)) })),
    seq_scans: scans.map((s) => ({ table: String(s.table), scans: Number(s.seq_scan), rows_read: Number(s.seq_tup_read), rows_now: Number(s.n_live_tup) })),
  }
}

/** One line, the long lists of parameters and conditions of a batch folded to their first item. */
function shorten(query: string) {
  return query
    .replace(/\s+/g, " ")
    .replace(/select (("?\w+"?\.)?"?\w+"?( as "?\w+"?)?, ){3,}/gi, "select … ")
    .replace(/(\((\$\d+(, )?)+\))(, \(\$\d+(, \$\d+)*\))+/g, "$1, …")
    .replace(/(\(\(\(?"?\w+"?\."?\w+"? = \$\d+[^)]*\)\)?)( or \(\(?[^)]*\)\)?)+/g, "$1 or …")
    .slice(0, 220)
}
