import type { Readable } from "node:stream"
import { pipeline } from "node:stream"
import Assembler from "stream-json/Assembler"
import { parser } from "stream-json"
import { SourceError } from "../types"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent, ParseSpec } from "./types"

/** The largest total a run stores (`sync_run.total` is a Postgres integer). */
const MAX_TOTAL = 2_147_483_647

type Token = { name: string; value?: string; oversize?: boolean }

/**
 * String values arrive in chunks and are put together here, up to
 * `maxBytes`: a longer one is dropped as it streams by and stands as one
 * `oversize` token, never held whole (a string of 600 MB would break the
 * engine's string limit before any size check).
 */
async function* boundedStrings(tokens: AsyncIterable<Token>, maxBytes: number): AsyncGenerator<Token> {
  let parts: string[] = []
  let size = 0
  for await (const token of tokens) {
    if (token.name === "startString") {
      parts = []
      size = 0
    } else if (token.name === "stringChunk") {
      size += token.value?.length ?? 0
      if (size <= maxBytes) parts.push(token.value ?? "")
    } else if (token.name === "endString") {
      yield size > maxBytes ? { name: "stringValue", value: "", oversize: true } : { name: "stringValue", value: parts.join("") }
      parts = []
    } else yield token
  }
}
type Frame = { array: boolean; key: string | null }

/**
 * Streams one JSON page token by token: the records of the array at
 * `spec.items` (default: the document when it is an array, else
 * `products`), plus the scalars at `nextPath` and `totalPath`, keys in any
 * order. Only one record is held in memory at a time.
 */
export async function* parseJsonPage(input: Readable, spec: ParseSpec): AsyncGenerator<PageEvent> {
  const maxBytes = spec.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES
  const raw = pipeline(
    input,
    // Keys and numbers whole; strings in chunks (see boundedStrings).
    parser({ packKeys: true, packNumbers: true, packStrings: false, streamKeys: false, streamNumbers: false, streamStrings: true }),
    () => undefined // errors surface through the iteration below
  )
  const tokens = boundedStrings(raw as AsyncIterable<Token>, maxBytes)
  const itemsLabel = spec.items ?? "products"
  // Without `items`: the document when it is an array, else its "products".
  const isItems = (path: string | null, array: boolean) =>
    spec.items === undefined ? (path === "" && array) || path === "products" : path === spec.items
  const nextPath = spec.nextPath ?? "next"
  const totalPath = spec.totalPath ?? "total"
  const stack: Frame[] = []
  // A value's path: the keys from the root; nothing inside an array has one.
  const pathHere = () => (stack.some((f) => f.array) ? null : stack.map((f) => f.key).join("."))
  let itemsDepth = 0 // stack depth inside the record array; 0 when outside
  let sawItems = false
  let sawRoot = false
  let next: string | null = null
  let record: Assembler | null = null
  // A record over the size limit is not assembled: its tokens are skipped to its end.
  let bytes = 0
  let skipDepth = 0

  for await (const token of tokens) {
    if (skipDepth) {
      if (token.name === "startObject" || token.name === "startArray") skipDepth++
      if (token.name === "endObject" || token.name === "endArray") skipDepth--
      if (!skipDepth) yield { type: "bad-record", message: `the record is larger than ${maxBytes} bytes ("maxRecordBytes")` }
      continue
    }
    if (record || (itemsDepth && stack.length === itemsDepth && token.name !== "endArray")) {
      if (!record) {
        record = new Assembler()
        bytes = 0
      }
      if (token.oversize) {
        // Skipped to the record's end, then reported; a bare string item is reported at once.
        if (record.depth) skipDepth = record.depth
        else yield { type: "bad-record", message: `the record is larger than ${maxBytes} bytes ("maxRecordBytes")` }
        record = null
        continue
      }
      record.consume(token)
      bytes += (token.value?.length ?? 0) + 2
      if (record.done) {
        yield { type: "record", value: record.current }
        record = null
      } else if (bytes > maxBytes) {
        skipDepth = record.depth
        record = null
      }
      continue
    }
    switch (token.name) {
      case "keyValue":
        stack[stack.length - 1].key = token.value ?? null
        break
      case "startObject":
      case "startArray": {
        const array = token.name === "startArray"
        sawRoot = true
        if (isItems(pathHere(), array)) {
          if (!array) throw new SourceError(`feed "${itemsLabel}" must be an array`, false)
          itemsDepth = stack.length + 1
          sawItems = true
        }
        stack.push({ array, key: null })
        break
      }
      case "endObject":
      case "endArray":
        stack.pop()
        if (stack.length < itemsDepth) itemsDepth = 0
        break
      default: {
        if (!stack.length) throw new SourceError("feed document must be a JSON array or object", false)
        const here = pathHere()
        if (here === nextPath) {
          if (token.oversize) throw new SourceError(`the feed's "${nextPath}" is larger than ${maxBytes} bytes`, false)
          // A link, or with cursor pagination a token; a numeric cursor (`"next_cursor": 1234`) is a token too, a number is never a link.
          next = (token.name === "stringValue" || (spec.cursor && token.name === "numberValue")) && token.value ? String(token.value) : null
        } else if (here === totalPath && token.name === "numberValue") {
          // A total that is no count (1.5, -1, 1e300), or more than a run's
          // counter holds (an int4 column), only means "unknown".
          const total = Number(token.value)
          if (Number.isSafeInteger(total) && total >= 0 && total <= MAX_TOTAL) yield { type: "total", total }
        }
      }
    }
  }
  // An empty body is what a dropped connection can look like: worth a retry.
  if (!sawRoot) throw new SourceError("feed document is empty", true)
  if (!sawItems) throw new SourceError(`feed object has no "${itemsLabel}" array`, false)
  yield { type: "next", next }
}
