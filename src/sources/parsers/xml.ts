import type { Readable } from "node:stream"
import { StringDecoder } from "node:string_decoder"
import { SaxesParser, SaxesTagNS } from "saxes"
import { SourceError } from "../types"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent } from "./types"

type XmlNode = { [key: string]: XmlValue }
type XmlValue = string | XmlNode | XmlValue[]
type Open = { name: string; node: XmlNode; text: string }

/**
 * Streams the elements named `items` (default "item"; matched by qualified
 * or local name) as plain objects: child elements by their qualified name
 * (`g:price`), a repeated child as an array, attributes as `@name`, an
 * element with only text as its trimmed text. Nothing outside the current
 * record is kept.
 */
export async function* parseXmlPage(input: Readable, items = "item", maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncGenerator<PageEvent> {
  const sax = new SaxesParser({ xmlns: true })
  const ready: PageEvent[] = []
  const stack: Open[] = [] // open elements of the current record
  let sawRoot = false

  let bytes = 0 // of the current record: its text, tag names and attributes
  let tooLarge = false
  const count = (n: number) => {
    bytes += n
    if (bytes > maxRecordBytes) tooLarge = true
    return !tooLarge
  }
  sax.on("opentag", (tag: SaxesTagNS) => {
    sawRoot = true
    if (!stack.length && tag.name !== items && tag.local !== items) return
    const node: XmlNode = {}
    count(tag.name.length + 2)
    for (const attr of Object.values(tag.attributes)) {
      if (!attr.name.startsWith("xmlns") && count(attr.name.length + attr.value.length + 4)) node[`@${attr.name}`] = attr.value
    }
    stack.push({ name: tag.name, node, text: "" })
  })
  const onText = (text: string) => {
    if (stack.length && count(text.length)) stack[stack.length - 1].text += text
  }
  sax.on("text", onText)
  sax.on("cdata", onText)
  sax.on("closetag", () => {
    const done = stack.pop()
    if (!done) return
    const text = done.text.trim()
    const value: XmlValue = Object.keys(done.node).length ? (text ? { ...done.node, "#text": text } : done.node) : text
    const parent = stack[stack.length - 1]
    if (!parent) {
      ready.push(tooLarge ? { type: "bad-record", message: `the record is larger than ${maxRecordBytes} bytes ("maxRecordBytes")` } : { type: "record", value })
      bytes = 0
      tooLarge = false
      return
    }
    if (tooLarge) return // the record is an error: what it holds is not kept
    // A value is never an array itself, so an array is the list of a repeated child: appended to, not copied.
    const had = parent.node[done.name]
    if (Array.isArray(had)) had.push(value)
    else parent.node[done.name] = had === undefined ? value : [had, value]
  })

  // A multi-byte character can straddle two chunks.
  const decoder = new StringDecoder("utf8")
  // Only the parser's own errors mean bad XML; a dropped connection is
  // thrown as it is, so that the page is retried.
  const feed = (text: string | null) => {
    try {
      if (text === null) sax.close()
      else sax.write(text)
    } catch (e) {
      throw new SourceError(`the XML cannot be read: ${(e as Error).message}`, false)
    }
  }
  for await (const chunk of input) {
    feed(typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer))
    yield* ready.splice(0)
  }
  feed(decoder.end())
  feed(null)
  yield* ready.splice(0)
  if (!sawRoot) throw new SourceError("feed document is empty", true)
}
