import type { Readable } from "node:stream"
import { pipeline } from "node:stream"
import Assembler from "stream-json/Assembler"
import { parser } from "stream-json"
import { SourceError } from "./types"

export type PageEvent =
  | { type: "item"; value: unknown }
  | { type: "total"; total: number }
  | { type: "end"; next: string | null }

type Token = { name: string; value?: string }

/**
 * Streams one feed document token by token: either an array of products or
 * `{ products: [...], next, total }` (keys in any order). Only one product is
 * held in memory at a time.
 */
export async function* parseFeedPage(
  input: Readable
): AsyncGenerator<PageEvent> {
  const tokens = pipeline(
    input,
    parser({ packValues: true, streamValues: false }),
    () => undefined // errors surface through the iteration below
  )
  let depth = 0
  let rootIsArray: boolean | undefined
  let key: string | null = null
  let inProducts = false
  let sawProducts = false
  let next: string | null = null
  let item: Assembler | null = null
  const atItemLevel = () =>
    (rootIsArray && depth === 1) || (inProducts && depth === 2)

  for await (const token of tokens as AsyncIterable<Token>) {
    // At item level, only the close of the enclosing array is not an item.
    if (item || (atItemLevel() && token.name !== "endArray")) {
      item ??= new Assembler()
      item.consume(token)
      if (item.done) {
        yield { type: "item", value: item.current }
        item = null
      }
      continue
    }
    switch (token.name) {
      case "startObject":
      case "startArray":
        if (depth === 0) {
          rootIsArray = token.name === "startArray"
        } else if (depth === 1 && key === "products") {
          if (token.name !== "startArray") {
            throw new SourceError('feed "products" must be an array', false)
          }
          inProducts = sawProducts = true
        }
        depth++
        break
      case "endObject":
      case "endArray":
        depth--
        if (depth === 1) inProducts = false
        break
      case "keyValue":
        if (depth === 1) key = token.value ?? null
        break
      default:
        if (depth === 0) {
          throw new SourceError("feed document must be a JSON array or object", false)
        }
        if (depth === 1 && key === "next") {
          next = token.name === "stringValue" ? (token.value ?? null) : null
        } else if (depth === 1 && key === "total" && token.name === "numberValue") {
          yield { type: "total", total: Number(token.value) }
        }
    }
  }
  if (rootIsArray === undefined) {
    throw new SourceError("feed document is empty", true)
  }
  if (!rootIsArray && !sawProducts) {
    throw new SourceError('feed object has no "products" array', false)
  }
  yield { type: "end", next }
}
