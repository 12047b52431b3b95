import type { Readable } from "node:stream"
import readline from "node:readline"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent } from "./types"

/** One JSON record per line; a line that is not JSON is a bad record, not a failed run. */
export async function* parseNdjsonPage(input: Readable, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncGenerator<PageEvent> {
  let line = 0
  for await (let text of readline.createInterface({ input, crlfDelay: Infinity })) {
    line++
    if (line === 1 && text.startsWith("\ufeff")) text = text.slice(1) // a BOM before the first record
    if (!text.trim()) continue
    if (text.length > maxRecordBytes) {
      yield { type: "bad-record", message: `line ${line} is larger than ${maxRecordBytes} bytes ("maxRecordBytes")` }
      continue
    }
    try {
      yield { type: "record", value: JSON.parse(text) }
    } catch (e) {
      yield { type: "bad-record", message: `line ${line} is not valid JSON: ${(e as Error).message}` }
    }
  }
}
