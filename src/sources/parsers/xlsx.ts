import type { Readable } from "node:stream"
import ExcelJS from "exceljs"
import { SourceError } from "../types"
import { DEFAULT_MAX_RECORD_BYTES, PageEvent } from "./types"

/** A cell as text, the way a CSV export of the sheet would write it. */
function textOf(value: unknown): string {
  if (value === null || value === undefined) return ""
  if (value instanceof Date) return value.toISOString()
  if (typeof value === "object") {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown }
    if (v.richText) return v.richText.map((r) => r.text).join("")
    if ("result" in v) return textOf(v.result) // a formula: its cached value
    if ("text" in v) return textOf(v.text) // a hyperlink
    return "" // an error cell (#N/A)
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE"
  return String(value)
}

/**
 * Rows of one sheet of an XLSX workbook as objects keyed by its first row, as
 * the CSV parser gives them (so `csv.groupBy` and the CSV presets read a sheet
 * alike). Streamed by exceljs' WorkbookReader: one row in memory at a time;
 * sheets stored before their shared strings wait in a temporary file.
 * `sheet`: a name, or a position (1 = the first tab); default the first.
 */
export async function* parseXlsxPage(input: Readable, sheet: string | number = 1, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncGenerator<PageEvent> {
  // styles: "cache": a date cell is a number with a date format; without its style it reads as 46357.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: "emit", sharedStrings: "cache", hyperlinks: "ignore", styles: "cache", entries: "ignore" })
  let found = false
  try {
    for await (const worksheet of reader) {
      const ws = worksheet as unknown as { name: string } & AsyncIterable<{ values: unknown[]; number: number }>
      const tabs = ((reader as unknown as { model?: { sheets?: { name: string }[] } }).model?.sheets ?? []).map((s) => s.name)
      const wanted = typeof sheet === "number" ? tabs[sheet - 1] ?? (sheet === 1 ? ws.name : null) : sheet
      if (found || ws.name !== wanted) {
        for await (const row of ws) void row // a sheet that is not the one: read past it
        continue
      }
      found = true
      let header: string[] | null = null
      for await (const row of ws) {
        const cells = row.values.slice(1).map(textOf) // exceljs rows are 1-based
        if (!header) {
          if (cells.some((c) => c.trim())) header = cells.map((c) => c.trim())
          continue
        }
        if (!cells.some((c) => c.trim())) continue // an empty row, as the CSV parser skips them
        const record: Record<string, string> = {}
        header.forEach((name, i) => {
          if (name) record[name] = (cells[i] ?? "").trim()
        })
        if (JSON.stringify(record).length > maxRecordBytes) {
          yield { type: "bad-record", message: `the row at line ${row.number} is larger than ${maxRecordBytes} bytes ("maxRecordBytes")` }
          continue
        }
        yield { type: "record", value: record }
      }
    }
  } catch (e) {
    if (e instanceof SourceError) throw e
    throw new SourceError(`the XLSX cannot be read: ${(e as Error).message}`, false)
  }
  if (!found) throw new SourceError(`the workbook has no sheet ${typeof sheet === "number" ? `number ${sheet}` : `"${sheet}"`}`, false)
}
