import type { Readable } from "node:stream"
import { StringDecoder } from "node:string_decoder"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent } from "./types"

/**
 * One JSON record per line; a line that is not JSON is a bad record, not a
 * failed run. A line is held only up to `maxRecordBytes`: the rest of a
 * longer one is skipped as it streams by, and the line is one bad record.
 */
export async function* parseNdjsonPage(input: Readable, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncGenerator<PageEvent> {
  const decoder = new StringDecoder("utf8") // a multi-byte character can straddle two chunks
  let line = 0
  let pending = "" // the current line so far
  let oversize = false // the current line passed the limit: what follows of it is dropped
  const end = (): PageEvent | null => {
    line++
    const text = pending.replace(/\r$/, "")
    const over = oversize
    pending = ""
    oversize = false
    if (over) return { type: "bad-record", message: `line ${line} is larger than ${maxRecordBytes} bytes ("maxRecordBytes")` }
    const record = line === 1 && text.startsWith("\ufeff") ? text.slice(1) : text // a BOM before the first record
    if (!record.trim()) return null
    try {
      return { type: "record", value: JSON.parse(record) }
    } catch (e) {
      return { type: "bad-record", message: `line ${line} is not valid JSON: ${(e as Error).message}` }
    }
  }
  const take = function* (text: string): Generator<PageEvent> {
    for (let start = 0; ; ) {
      const newline = text.indexOf("\n", start)
      const piece = newline < 0 ? text.slice(start) : text.slice(start, newline)
      if (!oversize && pending.length + piece.length > maxRecordBytes) {
        oversize = true
        pending = ""
      } else if (!oversize) pending += piece
      if (newline < 0) return
      const event = end()
      if (event) yield event
      start = newline + 1
    }
  }
  for await (const chunk of input) yield* take(typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer))
  yield* take(decoder.end())
  if (pending || oversize) {
    const event = end()
    if (event) yield event
  }
}
