import { pipeline, Readable } from "node:stream"
import { parse } from "csv-parse"
import { SourceError } from "../types"
import { csvRecordGuard, OVERSIZE_MARK } from "./csv-record-guard"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent } from "./types"

/**
 * Rows of a CSV (or TSV) page as objects keyed by the header row. Header
 * names and values are trimmed (spreadsheets pad cells, also around quotes);
 * a BOM, CRLF, quoted newlines and "" escapes are handled by csv-parse.
 */
export async function* parseCsvPage(input: Readable, delimiter = ",", maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncGenerator<PageEvent> {
  const parser = parse({
    bom: true,
    delimiter,
    columns: (header: string[]) => header.map((h) => h.trim()),
    relax_column_count: true,
    // A runaway quote would otherwise read the rest of the file into one cell.
    max_record_size: maxRecordBytes,
    skip_empty_lines: true,
    // Fixed-width exports pad around quoted cells (`Laptop   ,"Now …"   ,`): spaces outside
    // quotes are not part of a value. Not for TSV, whose delimiter is whitespace itself.
    trim: delimiter !== "\t",
    // Merchant Center TSVs carry quotes inside unquoted cells (`5" screen`).
    relax_quotes: delimiter === "\t",
  })
  const surfaced = () => undefined // errors surface through the iteration below
  // pipeline, not pipe: a connection that dies mid-body must fail the parse, not hang it.
  // A TSV's quotes are literal (relax_quotes): there, a record over the size stays the parser's to refuse.
  const rows = delimiter === "\t" ? pipeline(input, parser, surfaced) : pipeline(input, csvRecordGuard(maxRecordBytes), parser, surfaced)
  try {
    for await (const row of rows as AsyncIterable<Record<string, string>>) {
      const record: Record<string, string> = {}
      const first = Object.values(row)[0]
      if (typeof first === "string" && first.startsWith(OVERSIZE_MARK)) {
        yield { type: "bad-record", message: `the record at line ${first.slice(OVERSIZE_MARK.length)} is larger than ${maxRecordBytes} bytes ("maxRecordBytes")` }
        continue
      }
      for (const [key, value] of Object.entries(row)) {
        if (key) record[key] = typeof value === "string" ? value.trim() : value
      }
      yield { type: "record", value: record }
    }
  } catch (e) {
    if (e instanceof SourceError || !(e as { code?: string }).code?.startsWith("CSV_")) throw e
    throw new SourceError(`the CSV cannot be read: ${(e as Error).message}`, false)
  }
}
