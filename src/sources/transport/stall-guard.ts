import { PassThrough, Readable } from "node:stream"
import { SourceError } from "../types"
import { describeLocation } from "./location"

/**
 * A server that sends headers and then drips or hangs must not hold a run
 * forever: no byte for `timeoutMs`, or more than `pageTimeoutMs` spent
 * reading the page, fails the request (and so retries it). The clocks only
 * run while we are reading: a paused stream (we are busy writing a batch)
 * is not a slow server.
 */
export function stallGuard(body: Readable, { timeoutMs, pageTimeoutMs }: { timeoutMs: number; pageTimeoutMs?: number }, location: string): Readable {
  const guarded = new PassThrough()
  let timer: NodeJS.Timeout | undefined
  let reading = 0 // ms spent reading before the current stretch
  let since: number | null = null // start of the current stretch of reading
  const fail = (why: string) => {
    disarm()
    body.destroy()
    guarded.destroy(new SourceError(`GET ${describeLocation(location)} ${why}`, true))
  }
  const disarm = () => {
    clearTimeout(timer)
    if (since !== null) reading += Date.now() - since
    since = null
  }
  const arm = () => {
    clearTimeout(timer)
    since ??= Date.now()
    if (pageTimeoutMs !== undefined && reading + Date.now() - since > pageTimeoutMs) {
      return fail(`took longer than ${pageTimeoutMs} ms to read ("pageTimeoutMs")`)
    }
    timer = setTimeout(() => fail(`stalled: no data for ${timeoutMs} ms`), timeoutMs)
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
