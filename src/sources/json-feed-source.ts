import type { FeedSourceOptions, SyncCheckpoint } from "../types"
import { describeLocation, openLocation, resolveNext } from "./open-location"
import { parseFeedPage } from "./parse-feed-page"
import { SourceChunk, SourceError, SyncSource } from "./types"

export type JsonFeedSourceConfig = FeedSourceOptions & {
  attempts: number
  timeoutMs: number
  /** Base of the exponential backoff between attempts. */
  backoffMs?: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The JSON feed: one document or a chain of pages linked by `next`. A page
 * that fails midway is fetched again and the items already handed out are
 * skipped, so a flaky connection costs a retry, not the run.
 */
export class JsonFeedSource implements SyncSource {
  constructor(private readonly config: JsonFeedSourceConfig) {}

  async *read(
    from: SyncCheckpoint | null,
    chunkSize: number,
    signal?: AbortSignal
  ): AsyncIterable<SourceChunk> {
    let page: string | null = from?.page ?? this.config.url
    let done = from?.offset ?? 0 // items of `page` already handled
    let total: number | null = null
    let pageNumber = 1
    while (page) {
      const current: string = page
      let buffer: unknown[] = []
      let next: string | null = null
      for (let attempt = 1; ; attempt++) {
        let seen = 0
        try {
          const body = await openLocation(current, {
            headers: this.config.headers,
            timeoutMs: this.config.timeoutMs,
            signal,
          })
          for await (const event of parseFeedPage(body)) {
            if (event.type === "total") total = event.total
            if (event.type === "end") next = event.next
            if (event.type !== "item" || ++seen <= done) continue
            buffer.push(event.value)
            if (buffer.length >= chunkSize) {
              done += buffer.length
              yield { items: buffer, cursor: { page: current, offset: done }, total }
              buffer = []
            }
          }
          break
        } catch (e) {
          const retryable = !(e instanceof SourceError) || e.retryable
          const reason = e instanceof SourceError ? e.message : `reading ${describeLocation(current)} failed: ${(e as Error).message}`
          if (!retryable || attempt >= this.config.attempts || signal?.aborted) {
            throw new SourceError(
              `${reason} (page ${pageNumber}, item ${done + buffer.length}, after ${attempt} attempt${attempt > 1 ? "s" : ""})`,
              false
            )
          }
          buffer = [] // the retry reads them again after `done`
          const backoff = (this.config.backoffMs ?? 500) * 2 ** (attempt - 1)
          await sleep(backoff / 2 + Math.random() * backoff)
        }
      }
      page = next ? resolveNext(next, current) : null
      done = 0
      pageNumber++
      if (buffer.length || !page) {
        yield { items: buffer, cursor: page ? { page, offset: 0 } : null, total }
      }
    }
  }
}
