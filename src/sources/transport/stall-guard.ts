import { PassThrough, Readable } from "node:stream"
import { SourceError } from "../types"
import { describeLocation } from "./location"

/**
 * A server that sends headers and then drips or hangs must not hold a run
 * forever: no byte for `timeoutMs` fails the request (and so retries it).
 * The clock only runs while we are reading: a paused stream (we are busy
 * writing a batch) is not a stalled server.
 */
export function stallGuard(body: Readable, timeoutMs: number, location: string): Readable {
  const guarded = new PassThrough()
  let timer: NodeJS.Timeout | undefined
  const disarm = () => clearTimeout(timer)
  const arm = () => {
    disarm()
    timer = setTimeout(() => {
      body.destroy()
      guarded.destroy(new SourceError(`GET ${describeLocation(location)} stalled: no data for ${timeoutMs} ms`, true))
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
