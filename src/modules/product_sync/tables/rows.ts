// Raw SQL for the hot and the guarded paths, one file per table. The ORM
// cannot express an INSERT … ON CONFLICT against a partial unique index, and a
// batch commit must touch each table in one round trip, whatever the batch
// size. Lists travel as one JSON parameter: knex would expand a JS array into
// "?, ?, …", one bind parameter per element.

/** The rows of a raw query, whichever shape the driver returns them in. */
export const rows = <T>(result: unknown): T[] =>
  (Array.isArray(result) ? result : ((result as { rows?: T[] })?.rows ?? [])) as T[]

/** A list of SQL string literals, for a rule's values written into a statement. */
export const sqlList = (values: readonly string[]) => values.map((v) => `'${v.replace(/'/g, "''")}'`).join(", ")
