import type { Readable } from "node:stream"
import readline from "node:readline"
import type { PageEvent } from "./types"

/** One JSON record per line; a line that is not JSON is a bad record, not a failed run. */
export async function* parseNdjsonPage(input: Readable): AsyncGenerator<PageEvent> {
  let line = 0
  for await (const text of readline.createInterface({ input, crlfDelay: Infinity })) {
    line++
    if (!text.trim()) continue
    try {
      yield { type: "record", value: JSON.parse(text) }
    } catch (e) {
      yield { type: "bad-record", message: `line ${line} is not valid JSON: ${(e as Error).message}` }
    }
  }
}
