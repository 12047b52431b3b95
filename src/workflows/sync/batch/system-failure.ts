// Codes of a database that is gone or going: the connection, not the data.
const CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH",
  "57P01", "57P02", "57P03", "53300", "08000", "08001", "08003", "08004", "08006",
])
const MESSAGES = /connection terminated|connection (?:error|ended|refused|timeout)|timeout acquiring a connection|terminating connection due to administrator command|the database system is (?:starting up|shutting down)|client has encountered a connection error|ECONNREFUSED|ECONNRESET/i

/**
 * Whether an error means the system failed (the database went away), not
 * that Medusa rejected the data. Errors cross workflows as objects, so only
 * `code` and `message` are read.
 */
export function isSystemFailure(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: unknown; message?: unknown }
  return (typeof code === "string" && CODES.has(code)) || (typeof message === "string" && MESSAGES.test(message))
}

/** A write the system kept failing: the run fails (resumable) instead of recording item errors. */
export class SystemFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = "SystemFailure"
  }
}

// knex puts the statement and its bindings first: "insert into … - <what Postgres said>".
const STATEMENT = /^\s*(?:insert|update|select|delete|with)\s[\s\S]* - ([^\n]+)$/i

/**
 * What a run's `error` says of an exception: its message, unless that is a
 * database statement, whose text and bindings (the runner's owner id, the
 * feed's values) stay in the server's log; the run says what Postgres said.
 */
export function failureMessage(e: unknown): string {
  const message = (e as Error)?.message || String(e)
  const statement = STATEMENT.exec(message)
  return statement ? `the database refused one of the run's writes (${statement[1].trim()}); the statement is in the server's log` : message
}
