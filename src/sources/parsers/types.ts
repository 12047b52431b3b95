/** A record larger than this (1 MB) is an item error, never held in memory whole. */
export const DEFAULT_MAX_RECORD_BYTES = 1_000_000

export type FeedFormat = "json" | "ndjson" | "csv" | "xml" | "xlsx"

/** What a parser finds in one page, in document order. */
export type PageEvent =
  | { type: "record"; value: unknown }
  /** A record that could not be read (a bad NDJSON line): an item error, not a failed run. */
  | { type: "bad-record"; message: string }
  | { type: "total"; total: number }
  | { type: "next"; next: string | null }

export type ParseSpec = {
  format: FeedFormat
  /** json: dot path of the record array; xml: element name of one record. */
  items?: string
  /** json: dot path of the next page's URL (or cursor token). */
  nextPath?: string
  /** json: `nextPath` holds a cursor token, which may be a number. */
  cursor?: boolean
  /** json: dot path of the number of records in the whole feed. */
  totalPath?: string
  /** csv: the column separator. */
  delimiter?: string
  /** xlsx: the sheet's name or position (1 = the first tab). */
  sheet?: string | number
  /** Records larger than this are bad records. */
  maxRecordBytes?: number
}
