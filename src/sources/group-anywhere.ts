import type { PageEvent } from "./parsers"
import { SourceError } from "./types"

/**
 * How the records of one product find each other wherever they are in a
 * document: `key` names a record's group (null: a group of its own);
 * `aliases` are the other names a group's head row answers to (a WooCommerce
 * parent is referred to by its SKU or by `id:<ID>`).
 */
export type GroupAnywhere = {
  key(record: unknown): string | null
  aliases?(record: unknown): string[]
}

/** Rows that may wait for their group's last row at once; past it the file must be sorted by product. */
export const MAX_WAITING_ROWS = 50_000

/** What the first read of a document learned: how many rows each group has, and what names one group. */
export type GroupIndex = { rows: Map<string, number>; canonical: Map<string, string> }

/** The first read: counts the rows of each group (memory: one entry per group, never the rows). */
export async function indexGroups(events: AsyncIterable<PageEvent>, spec: GroupAnywhere): Promise<GroupIndex> {
  const raw = new Map<string, number>()
  const canonical = new Map<string, string>()
  for await (const event of events) {
    if (event.type !== "record") continue
    let key: string | null
    try {
      const names = spec.aliases?.(event.value) ?? []
      for (const name of names) if (!canonical.has(name)) canonical.set(name, names[0])
      key = spec.key(event.value)
    } catch {
      continue // the second read makes it a bad record
    }
    if (key !== null) raw.set(key, (raw.get(key) ?? 0) + 1)
  }
  const rows = new Map<string, number>()
  for (const [key, n] of raw) {
    const name = canonical.get(key) ?? key
    rows.set(name, (rows.get(name) ?? 0) + n)
  }
  return { rows, canonical }
}

/**
 * The second read: a group goes out when its last row has been read, in the
 * order groups complete. Rows wait only until their group is complete (a
 * file with each parent after its variations keeps a handful waiting); more
 * than MAX_WAITING_ROWS at once fails the read rather than the process.
 */
export async function* groupAnywhere(events: AsyncIterable<PageEvent>, spec: GroupAnywhere, index: GroupIndex): AsyncGenerator<PageEvent> {
  const waiting = new Map<string, unknown[]>()
  let held = 0
  for await (const event of events) {
    if (event.type !== "record") {
      yield event
      continue
    }
    let key: string | null
    try {
      key = spec.key(event.value)
    } catch (e) {
      yield { type: "bad-record", message: `the record's group could not be read: ${(e as Error).message}` }
      continue
    }
    if (key === null) {
      yield { type: "record", value: [event.value] }
      continue
    }
    const name = index.canonical.get(key) ?? key
    const rows = waiting.get(name) ?? []
    rows.push(event.value)
    if (rows.length >= (index.rows.get(name) ?? 1)) {
      waiting.delete(name)
      held -= rows.length - 1
      yield { type: "record", value: rows }
      continue
    }
    waiting.set(name, rows)
    if (++held > MAX_WAITING_ROWS) {
      throw new SourceError(`more than ${MAX_WAITING_ROWS} rows wait for the rest of their product further down the file; sort it by product (parent and variations close together)`, false)
    }
  }
  // The document changed between the two reads: what is left goes out as it is.
  for (const rows of waiting.values()) yield { type: "record", value: rows }
}
