import type { PageEvent } from "./parsers"

/**
 * A record's group: a string joins the records around it with the same key,
 * null makes a group of its own, undefined continues the group above (a CSV
 * row whose product columns are left empty).
 */
export type GroupKey = (record: unknown) => string | null | undefined

/**
 * Gathers adjacent records of one group into one record (the array of them).
 * Streaming needs adjacency: a group met again after others is a bad record
 * that says so, rather than a second product silently overwriting the first.
 */
export async function* groupRecords(events: AsyncIterable<PageEvent>, keyOf: GroupKey): AsyncGenerator<PageEvent> {
  const closed = new Set<string>()
  let current = null as { key: string | null; rows: unknown[]; again: boolean } | null
  const flush = (): PageEvent | null => {
    const group = current
    current = null
    if (!group) return null
    if (group.again) {
      return { type: "bad-record", message: `rows of "${group.key}" appear again after other rows; the rows of one product must be adjacent (these ${group.rows.length} were not synced)` }
    }
    if (group.key !== null) closed.add(group.key)
    return { type: "record", value: group.rows }
  }
  for await (const event of events) {
    if (event.type !== "record") {
      if (event.type === "bad-record") {
        const done = flush()
        if (done) yield done
      }
      yield event
      continue
    }
    let key: string | null | undefined
    try {
      key = keyOf(event.value)
    } catch (e) {
      // One record whose group cannot be told is one bad record, not a failed page.
      const done = flush()
      if (done) yield done
      yield { type: "bad-record", message: `the record's group could not be read: ${(e as Error).message}` }
      continue
    }
    if (key === undefined && current) {
      current.rows.push(event.value)
      continue
    }
    if (key !== undefined && key !== null && current?.key === key) {
      current.rows.push(event.value)
      continue
    }
    const done = flush()
    if (done) yield done
    current = { key: key ?? null, rows: [event.value], again: key !== undefined && key !== null && closed.has(key) }
  }
  const done = flush()
  if (done) yield done
}
