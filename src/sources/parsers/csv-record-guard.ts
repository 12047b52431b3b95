import { Transform, type TransformCallback } from "node:stream"
import { StringDecoder } from "node:string_decoder"
import { SourceError } from "../types"

/** The first cell of the row that stands for a record the guard dropped: `\u0001oversize:<line>`. */
export const OVERSIZE_MARK = "\u0001oversize:"

/**
 * Holds at most `maxRecordBytes` of one CSV record before the parser sees
 * it. A longer record is dropped as it streams by and replaced with one row
 * whose first cell is OVERSIZE_MARK and its line, so that it becomes one
 * item error and the rows after it are read (csv-parse can only stop at a
 * record over its `max_record_size`). A record ends at a line break ("\n",
 * "\r") outside quotes: RFC 4180 quotes come in pairs within quoted cells,
 * so an even count of `"` so far means outside. A quote still open at the end of the
 * page is a broken file, not a big record: the page cannot be read.
 */
export function csvRecordGuard(maxRecordBytes: number): Transform {
  const decoder = new StringDecoder("utf8")
  let record: string[] = [] // the current record's text, while it fits
  let size = 0
  let quoted = false // inside quotes
  let dropping = false
  let line = 1 // where the current record starts
  let lines = 1 // the line being read
  // The stand-in row ends with the break that ended the record (a "\n" after a "\r" follows
  // as it came): csv-parse takes its record delimiter from the first record.
  const standIn = (eol: string) => `"${OVERSIZE_MARK}${line}"${eol}`
  const take = (text: string, push: (s: string) => void) => {
    const breaks = /["\r\n]/g
    let from = 0
    for (let m = breaks.exec(text); ; m = breaks.exec(text)) {
      const to = m ? m.index + 1 : text.length
      const piece = text.slice(from, to)
      size += piece.length
      if (!dropping && size > maxRecordBytes) {
        dropping = true
        record = []
      }
      if (!dropping) record.push(piece)
      if (!m) return
      from = to
      if (m[0] === '"') quoted = !quoted
      else {
        if (m[0] === "\n" || text[m.index + 1] !== "\n") lines++ // "\r\n" is one line break
        if (quoted) continue
        push(dropping ? standIn(m[0]) : record.join(""))
        record = []
        size = 0
        dropping = false
        line = lines
      }
    }
  }
  return new Transform({
    decodeStrings: true,
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      take(decoder.write(chunk), (s) => this.push(s))
      done()
    },
    flush(done: TransformCallback) {
      take(decoder.end(), (s) => this.push(s))
      if (dropping && quoted) return done(new SourceError(`the CSV cannot be read: a quote opened at line ${line} is never closed`, false))
      if (dropping) this.push(standIn("\n"))
      else if (record.length) this.push(record.join(""))
      done()
    },
  })
}
