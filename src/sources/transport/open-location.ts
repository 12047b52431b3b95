import fs from "node:fs"
import path from "node:path"
import { Readable } from "node:stream"
import type { ReadableStream as WebReadableStream } from "node:stream/web"
import { SourceError } from "../types"
import { describeLocation, isHttp } from "./location"
import { stallGuard } from "./stall-guard"

/** Validators of a response, sent back on the next run to skip an unchanged source. */
export type Validators = { etag: string | null; last_modified: string | null }

export type OpenOptions = {
  headers: Record<string, string>
  timeoutMs: number
  /** Reading the body may take this long at most, however steadily it drips. */
  pageTimeoutMs?: number
  signal?: AbortSignal
  /** Sent as If-None-Match / If-Modified-Since. */
  conditional?: Validators | null
}

export type OpenedPage = {
  body: Readable
  /** Response headers; null for a file. */
  headers: Headers | null
  /** The server answered 304: the source did not change since `conditional`. */
  notModified: boolean
}

const noBody = () => Readable.from([])

/** Opens one page as a byte stream; failures say whether a retry may help. */
export async function openLocation(location: string, options: OpenOptions): Promise<OpenedPage> {
  if (!isHttp(location)) {
    const file = path.resolve(location)
    await fs.promises.access(file, fs.constants.R_OK).catch(() => {
      throw new SourceError(`feed file not found or not readable: ${file}`, false)
    })
    return { body: fs.createReadStream(file), headers: null, notModified: false }
  }
  const { timeoutMs, signal, conditional } = options
  // fetch() refuses URLs with credentials; the transport sends them as a header.
  const url = new URL(location)
  url.username = ""
  url.password = ""
  // The timeout covers the wait for the headers only; a long body is watched
  // by stallGuard instead, so a big page is never cut off for being big.
  const headersTimeout = new AbortController()
  const timer = setTimeout(() => headersTimeout.abort(), timeoutMs)
  let response: Response
  try {
    response = await fetch(url, {
      headers: {
        accept: "application/json, application/x-ndjson, text/csv, application/xml;q=0.9, */*;q=0.8",
        ...(conditional?.etag ? { "if-none-match": conditional.etag } : {}),
        ...(conditional?.last_modified ? { "if-modified-since": conditional.last_modified } : {}),
        ...options.headers,
      },
      redirect: "manual", // a redirect is a link too: the caller decides whether to follow it
      signal: signal ? AbortSignal.any([signal, headersTimeout.signal]) : headersTimeout.signal,
    })
  } catch (e) {
    const reason = headersTimeout.signal.aborted
      ? `no response within ${timeoutMs} ms`
      : ((e as { cause?: Error }).cause?.message ?? (e as Error).message)
    // Messages end up in the run row and the admin: never echo the raw URL.
    const safe = reason.split(location).join(describeLocation(location)).split(url.toString()).join(describeLocation(location))
    throw new SourceError(`GET ${describeLocation(location)} failed: ${safe}`, true)
  } finally {
    clearTimeout(timer)
  }
  if (response.status === 304 && conditional) {
    await response.body?.cancel().catch(() => undefined)
    return { body: noBody(), headers: response.headers, notModified: true }
  }
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel().catch(() => undefined)
    throw new RedirectError(location, response.headers.get("location"), response.status)
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined)
    const retryable = response.status >= 500 || response.status === 429
    throw new SourceError(`GET ${describeLocation(location)} answered HTTP ${response.status}`, retryable)
  }
  const body = stallGuard(Readable.fromWeb(response.body as unknown as WebReadableStream), { timeoutMs, pageTimeoutMs: options.pageTimeoutMs }, location)
  return { body, headers: response.headers, notModified: false }
}

/** A 3xx answer: the transport follows it through the link policy. */
export class RedirectError extends SourceError {
  constructor(
    readonly from: string,
    readonly to: string | null,
    readonly status: number
  ) {
    super(`GET ${describeLocation(from)} answered HTTP ${status}${to ? "" : " without a Location"}`, false)
  }
}
