import type { FeedSourceOptions, SyncCheckpoint } from "../types"
import { type GroupAnywhere, groupAnywhere, type GroupIndex, indexGroups } from "./group-anywhere"
import { groupRecords, GroupKey } from "./group-records"
import { createPaginator, Paginator } from "./pagination"
import { formatOfContentType, formatOfLocation, PageEvent, parsePage, ParseSpec } from "./parsers"
import type { FeedFormat } from "./parsers"
import { createHash } from "node:crypto"
import { checkpointLocation, describeLocation, restoreSecrets, Transport } from "./transport"
import { waitBeforeRetry } from "./transport/backoff"
import { recordKey } from "./record-key"
import { ReadInfo, ReadOptions, SourceChanged, SourceError } from "./types"

export type PageReaderConfig = FeedSourceOptions & {
  attempts: number
  timeoutMs: number
  pageTimeoutMs?: number
  /** Base of the exponential backoff between attempts. */
  backoffMs: number
  /** Used when neither the options, the extension nor the Content-Type name a format. */
  defaultFormat?: FeedFormat
  /** Gathers adjacent records into one (CSV groupBy, Merchant item groups). */
  group?: GroupKey
  /** Gathers the records of one product wherever they are in a page: the page is read twice. */
  groupAnywhere?: GroupAnywhere
}

/** A record as read, or why it could not be read. */
export type PageRecord = { value: unknown; error?: undefined } | { error: string; value?: undefined }

export type RecordChunk = { records: PageRecord[]; cursor: SyncCheckpoint | null; total: number | null }

const DEFAULT_MAX_PAGES = 100_000

/**
 * Reads the records of a source page after page. A page that fails midway
 * is fetched again and the records already handed out are skipped, so a flaky
 * connection costs a retry, not the run. A page is read once per run: a feed
 * whose links loop fails instead of syncing forever.
 */
export class PageReader {
  info: ReadInfo = { validators: null, unchanged: false, pages: 0 }
  private readonly transport: Transport
  private readonly paginator: Paginator

  constructor(private readonly config: PageReaderConfig) {
    this.transport = new Transport(config)
    this.paginator = this.transport.drop ?? createPaginator(config.pagination, this.transport.policy)
  }

  async *read({ from, chunkSize, signal, conditional, extraParams }: ReadOptions): AsyncGenerator<RecordChunk> {
    const { config } = this
    const drop = this.transport.drop
    if (drop) {
      // A drop's pages are its files: listed once per read, and compared as a whole with the last run's.
      const files = await drop.list(signal)
      this.info = { ...this.info, validators: drop.validators, wholeSource: true }
      if (!files.length) {
        this.info = { ...this.info, unchanged: true, unchangedBecause: drop.emptyReason }
        return
      }
      if (from) drop.resumeAt(from.page)
      if (!from && conditional?.etag && conditional.etag === drop.validators?.etag) {
        this.info = { ...this.info, unchanged: true, unchangedBecause: "the files of the drop did not change since the last completed run (names, sizes, times); nothing was read" }
        return
      }
    }
    let page: string | null = from ? restoreSecrets(from.page, config.url) : this.paginator.first(withParams(config.url, extraParams))
    let done = from?.offset ?? 0 // records of `page` already handled
    // A resume mid-page checks the record it skips last is the one committed last.
    let expected = from?.offset && from.last_record ? from.last_record : null
    let total: number | null = null
    const read = new Set<string>()
    while (page) {
      const current: string = page
      const pageNumber = read.size + 1
      // The real URL, not the described one: two cursors that look alike once masked are two pages.
      const visited = createHash("sha1").update(current).digest("hex")
      if (read.has(visited)) {
        throw new SourceError(`the feed's pages loop: ${describeLocation(current)} was already read in this run (page ${pageNumber})`, false)
      }
      if (pageNumber > (config.maxPages ?? DEFAULT_MAX_PAGES)) {
        throw new SourceError(`the feed has more than ${config.maxPages ?? DEFAULT_MAX_PAGES} pages ("maxPages"); the run stopped at ${describeLocation(current)}`, false)
      }
      read.add(visited)
      this.info = { ...this.info, pages: read.size }
      const isFirst = !from && pageNumber === 1
      let buffer: PageRecord[] = []
      let next: string | null = null
      let link: string | null = null
      let raw = 0
      for (let attempt = 1; ; attempt++) {
        let seen = 0
        raw = 0
        const doneBefore = done
        try {
          let opened = await this.transport.open(current, { signal, conditional: isFirst ? conditional : null })
          if (isFirst && !drop) {
            this.info = { ...this.info, validators: validatorsOf(opened.headers), unchanged: opened.notModified }
            if (opened.notModified) return
          }
          // Records of one product anywhere in the page: a first read counts each group's rows.
          let index: GroupIndex | null = null
          if (config.groupAnywhere) {
            try {
              index = await indexGroups(parsePage(opened.body, this.specFor(current, opened.headers?.get("content-type") ?? null)), config.groupAnywhere)
            } finally {
              opened.body.destroy()
            }
            opened = await this.transport.open(current, { signal, conditional: null })
          }
          link = opened.headers?.get("link") ?? null
          const events = countRaw(parsePage(opened.body, this.specFor(current, opened.headers?.get("content-type") ?? null)), () => raw++)
          const grouped = index && config.groupAnywhere ? groupAnywhere(events, config.groupAnywhere, index) : config.group ? groupRecords(events, config.group) : events
          try {
            for await (const event of grouped) {
              if (event.type === "total") total = event.total
              if (event.type === "next") next = event.next
              if (event.type !== "record" && event.type !== "bad-record") continue
              if (++seen <= done) {
                if (expected && seen === done) {
                  verifyResumePoint(event.type === "record" ? event.value : undefined, expected, current, done)
                  expected = null
                }
                continue
              }
              // A full chunk waits for the next record: if the page ends
              // first, it goes out with the next page as its cursor.
              if (buffer.length >= chunkSize) {
                done += buffer.length
                const last = buffer[buffer.length - 1]
                yield { records: buffer, cursor: { page: checkpointLocation(current, config.url), offset: done, ...lastRecord(last) }, total }
                buffer = []
              }
              buffer.push(event.type === "record" ? { value: event.value } : { error: event.message })
            }
          } finally {
            // A reader that stops early (cancel, preview) must not leave the connection open.
            opened.body.destroy()
          }
          if (expected && seen < done) {
            throw new SourceChanged(`${describeLocation(current)} now has ${seen} records; the checkpoint was after record ${done}`)
          }
          break
        } catch (e) {
          if (e instanceof SourceChanged) throw e
          const retryable = !(e instanceof SourceError) || e.retryable
          const reason = e instanceof SourceError ? e.message : `reading ${describeLocation(current)} failed: ${(e as Error).message}`
          if (!retryable || attempt >= config.attempts || signal?.aborted) {
            throw new SourceError(`${reason} (page ${pageNumber}, record ${done + buffer.length}, after ${attempt} attempt${attempt > 1 ? "s" : ""})`, false)
          }
          buffer = [] // the retry reads them again after `done`
          await waitBeforeRetry(config.backoffMs, attempt)
          // Attempts count failures in a row: an attempt that handed on records made progress,
          // so a long document with two blips an hour apart does not fail.
          if (done > doneBefore) attempt = 0
        }
      }
      page = this.paginator.next({ url: current, records: raw, total, next, link })
      done = 0
      // Even when empty: the checkpoint moves on to the next page, so a
      // resume never fetches a page that was finished.
      yield { records: buffer, cursor: page ? { page: checkpointLocation(page, config.url), offset: 0 } : null, total }
    }
  }

  /** After a complete run: what the source does with what it read (a drop's `afterSync`); a note, or null. */
  async afterSync(run: { failed: number }): Promise<string | null> {
    return (await this.transport.drop?.afterSync(run)) ?? null
  }

  private specFor(location: string, contentType: string | null): ParseSpec {
    const { config } = this
    const detected = formatOfLocation(location) ?? formatOfContentType(contentType)
    const format = config.format ?? detected?.format ?? config.defaultFormat ?? "json"
    const pagination = config.pagination
    return {
      format,
      items: config.items,
      nextPath: pagination?.type === "next" || pagination?.type === "cursor" ? pagination.path : undefined,
      cursor: pagination?.type === "cursor",
      totalPath: pagination?.type === "offset" ? pagination.totalPath : undefined,
      delimiter: config.csv?.delimiter ?? (format === detected?.format ? detected.delimiter : undefined),
      sheet: config.sheet,
      maxRecordBytes: config.maxRecordBytes,
    }
  }
}

function lastRecord(record: PageRecord | undefined): { last_record?: string } {
  const key = record && record.error === undefined ? recordKey(record.value) : null
  return key ? { last_record: key } : {}
}

function verifyResumePoint(value: unknown, expected: string, page: string, offset: number) {
  const found = value === undefined ? null : recordKey(value)
  if (found !== expected) {
    throw new SourceChanged(`record ${offset} of ${describeLocation(page)} is now ${found ?? "unreadable"}, not ${expected}`)
  }
}

async function* countRaw(events: AsyncIterable<PageEvent>, onRecord: () => void): AsyncGenerator<PageEvent> {
  for await (const event of events) {
    if (event.type === "record" || event.type === "bad-record") onRecord()
    yield event
  }
}

function withParams(url: string, params: Record<string, string> = {}): string {
  if (!Object.keys(params).length) return url
  const u = new URL(url)
  for (const [name, value] of Object.entries(params)) u.searchParams.set(name, value)
  return u.toString()
}

function validatorsOf(headers: Headers | null): ReadInfo["validators"] {
  const etag = headers?.get("etag") ?? null
  const lastModified = headers?.get("last-modified") ?? null
  return etag || lastModified ? { etag, last_modified: lastModified } : null
}
