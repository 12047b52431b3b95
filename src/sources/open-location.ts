import fs from "node:fs"
import path from "node:path"
import { PassThrough, Readable } from "node:stream"
import type { ReadableStream as WebReadableStream } from "node:stream/web"
import { SourceError } from "./types"

export const isHttp = (location: string) => /^https?:\/\//i.test(location)

const SECRET_PARAM = /token|key|secret|sig|auth|pass|credential/i

/**
 * A location as it may appear in messages and API responses: no
 * credentials, and the values of secret-looking query parameters masked
 * (`?page=3&api_key=***`), so a page stays recognisable without leaking.
 */
export function describeLocation(location: string): string {
  if (!isHttp(location)) return location
  try {
    const url = new URL(location)
    url.username = ""
    url.password = ""
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) url.searchParams.set(name, "***")
    }
    return url.toString().replace(/%2A%2A%2A/g, "***")
  } catch {
    return "<invalid url>"
  }
}

/** Resolves a feed's `next` against the page that named it. */
export function resolveNext(next: string, page: string): string {
  if (isHttp(page)) return new URL(next, page).toString()
  return isHttp(next) ? next : path.resolve(path.dirname(page), next)
}

// fetch() refuses URLs with credentials; a feed URL like https://user:pw@host/
// is common, so the credentials move to a Basic authorization header.
function splitCredentials(location: string): { url: string; authorization?: { authorization: string } } {
  const url = new URL(location)
  if (!url.username && !url.password) return { url: location }
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  url.username = ""
  url.password = ""
  return { url: url.toString(), authorization: { authorization: `Basic ${Buffer.from(pair).toString("base64")}` } }
}

export type OpenOptions = {
  headers?: Record<string, string>
  timeoutMs: number
  signal?: AbortSignal
}

/** Opens a page of the feed as a byte stream; failures say whether a retry may help. */
export async function openLocation(
  location: string,
  { headers, timeoutMs, signal }: OpenOptions
): Promise<Readable> {
  if (!isHttp(location)) {
    const file = path.resolve(location)
    await fs.promises.access(file, fs.constants.R_OK).catch(() => {
      throw new SourceError(`feed file not found or not readable: ${file}`, false)
    })
    return fs.createReadStream(file)
  }
  const { url, authorization } = splitCredentials(location)
  // The timeout covers the wait for the headers only; a long body is watched
  // by stallGuard instead, so a big page is never cut off for being big.
  const headers_ = new AbortController()
  const timer = setTimeout(() => headers_.abort(), timeoutMs)
  let response: Response
  try {
    response = await fetch(url, {
      headers: { accept: "application/json", ...authorization, ...headers },
      signal: signal ? AbortSignal.any([signal, headers_.signal]) : headers_.signal,
    })
  } catch (e) {
    const reason = headers_.signal.aborted
      ? `no response within ${timeoutMs} ms`
      : ((e as { cause?: Error }).cause?.message ?? (e as Error).message)
    // Messages end up in the run row and the admin: never echo the raw URL.
    const safe = reason.split(location).join(describeLocation(location)).split(url).join(describeLocation(location))
    throw new SourceError(`GET ${describeLocation(location)} failed: ${safe}`, true)
  } finally {
    clearTimeout(timer)
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined)
    const retryable = response.status >= 500 || response.status === 429
    throw new SourceError(
      `GET ${describeLocation(location)} answered HTTP ${response.status}`,
      retryable
    )
  }
  return stallGuard(
    Readable.fromWeb(response.body as unknown as WebReadableStream),
    timeoutMs,
    location
  )
}

// A server that sends headers and then drips or hangs must not hold a run
// forever: no byte for `timeoutMs` fails the request (and so retries it).
// The clock only runs while we are reading: a paused stream (we are busy
// writing a batch) is not a stalled server.
function stallGuard(body: Readable, timeoutMs: number, location: string): Readable {
  const guarded = new PassThrough()
  let timer: NodeJS.Timeout | undefined
  const disarm = () => clearTimeout(timer)
  const arm = () => {
    disarm()
    timer = setTimeout(() => {
      body.destroy()
      guarded.destroy(
        new SourceError(`GET ${describeLocation(location)} stalled: no data for ${timeoutMs} ms`, true)
      )
    }, timeoutMs)
  }
  body.on("data", arm)
  body.on("resume", arm)
  body.on("pause", disarm)
  body.once("end", disarm)
  body.once("error", (e) => guarded.destroy(e))
  guarded.once("close", () => {
    disarm()
    body.destroy()
  })
  body.pipe(guarded)
  arm()
  return guarded
}
