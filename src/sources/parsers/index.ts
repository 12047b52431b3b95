import type { Readable } from "node:stream"
import { parseCsvPage } from "./csv"
import { parseJsonPage } from "./json"
import { parseNdjsonPage } from "./ndjson"
import type { FeedFormat, PageEvent, ParseSpec } from "./types"
import { parseXlsxPage } from "./xlsx"
import { parseXmlPage } from "./xml"

export type { FeedFormat, PageEvent, ParseSpec } from "./types"

/** Streams the events of one page in the spec's format. */
export function parsePage(input: Readable, spec: ParseSpec): AsyncGenerator<PageEvent> {
  switch (spec.format) {
    case "ndjson":
      return parseNdjsonPage(input, spec.maxRecordBytes)
    case "csv":
      return parseCsvPage(input, spec.delimiter, spec.maxRecordBytes)
    case "xml":
      return parseXmlPage(input, spec.items, spec.maxRecordBytes)
    case "xlsx":
      return parseXlsxPage(input, spec.sheet, spec.maxRecordBytes)
    default:
      return parseJsonPage(input, spec)
  }
}

type Detected = { format: FeedFormat; delimiter?: string }

const BY_EXTENSION: Record<string, Detected> = {
  json: { format: "json" },
  ndjson: { format: "ndjson" },
  jsonl: { format: "ndjson" },
  csv: { format: "csv" },
  tsv: { format: "csv", delimiter: "\t" },
  xml: { format: "xml" },
  rss: { format: "xml" },
  xlsx: { format: "xlsx" },
}

const BY_CONTENT_TYPE: [RegExp, Detected][] = [
  // Before xml: "openxmlformats" would match it.
  [/spreadsheetml\.sheet/, { format: "xlsx" }],
  [/ndjson|jsonl|json-seq/, { format: "ndjson" }],
  [/json/, { format: "json" }],
  [/tab-separated/, { format: "csv", delimiter: "\t" }],
  [/csv/, { format: "csv" }],
  [/xml/, { format: "xml" }],
]

/** The format a location's file extension names (`feed.csv.gz` does not count). */
export function formatOfLocation(location: string): Detected | null {
  let pathname = location
  try {
    pathname = new URL(location).pathname
  } catch {
    // a file path
  }
  const ext = /\.([a-z]+)$/i.exec(pathname)?.[1]?.toLowerCase()
  return (ext && BY_EXTENSION[ext]) || null
}

/** The format a response's Content-Type names, if any. */
export function formatOfContentType(contentType: string | null): Detected | null {
  if (!contentType) return null
  const type = contentType.toLowerCase()
  return BY_CONTENT_TYPE.find(([pattern]) => pattern.test(type))?.[1] ?? null
}
