import cliProgress from "cli-progress"
import { CliError, expectOk } from "./client.mjs"
import { progressOf, statsOf } from "./format.mjs"

export const TIMED_OUT = Symbol("timed out")

/**
 * Follows run `id` until it ends: the server's event stream, or polling once
 * a second when the stream is unavailable or drops. Returns the ended run,
 * or TIMED_OUT after `timeoutMs`.
 */
export async function watchRun(client, id, { deadline = Infinity, out = process.stdout } = {}) {
  const display = out.isTTY ? barDisplay(out) : lineDisplay(out)
  const abort = new AbortController()
  const timer = Number.isFinite(deadline) ? setTimeout(() => abort.abort(), Math.max(0, deadline - Date.now())) : null
  try {
    let run = await fetchRun(client, id, abort.signal)
    display.update(run)
    while (run.status === "running") {
      if (abort.signal.aborted) return TIMED_OUT
      // The stream ends the wait, or breaks; either way the run is read once more.
      await followStream(client, run, display, abort.signal).catch(() => pause(1_000, abort.signal))
      if (abort.signal.aborted) return TIMED_OUT
      run = await fetchRun(client, id, abort.signal)
      display.update(run)
    }
    return run
  } catch (e) {
    if (abort.signal.aborted) return TIMED_OUT
    throw e
  } finally {
    if (timer) clearTimeout(timer)
    display.stop()
  }
}

/**
 * The run, read again after a network error or a 5xx (a deploy restarting
 * the server must not end a wait while the run goes on); other answers are final.
 */
async function fetchRun(client, id, signal) {
  for (;;) {
    let res
    try {
      res = await client.request("GET", `/admin/sync/runs/${id}`)
    } catch (e) {
      if (!(e instanceof CliError) || signal.aborted) throw e
    }
    if (res && res.status < 500) return expectOk(res, `run ${id}`).run
    await pause(1_000, signal)
    if (signal.aborted) throw new CliError(`run ${id}: the server did not answer in time`)
  }
}

/** Waits `ms`, or less when `signal` aborts; leaves no listener behind. */
const pause = (ms, signal) =>
  new Promise((resolve) => {
    const done = () => {
      clearTimeout(t)
      signal.removeEventListener("abort", done)
      resolve()
    }
    const t = setTimeout(done, ms)
    signal.addEventListener("abort", done, { once: true })
  })

const SAFETY_POLL_MS = 5_000

/**
 * Reads `GET /admin/sync/stream` until the run ends (resolves) or the stream
 * fails (rejects). The run is also read once the stream is open and every
 * few seconds: it may have ended before the stream began to watch.
 */
async function followStream(client, run, display, signal) {
  // Aborted by the caller's timeout, or here once the run is seen to have ended (or this fails).
  const ended = new AbortController()
  const stop = () => ended.abort()
  signal.addEventListener("abort", stop, { once: true })
  let poll = null
  try {
    const res = await fetch(`${client.base}/admin/sync/stream?source=${encodeURIComponent(run.source)}`, { headers: client.headers, signal: ended.signal })
    if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`)
    const check = async () => {
      if ((await fetchRun(client, run.id, ended.signal)).status !== "running") ended.abort()
    }
    poll = setInterval(() => void check().catch(() => undefined), SAFETY_POLL_MS)
    await check()
    return await readEvents(res, run, display, ended.signal)
  } finally {
    clearInterval(poll)
    signal.removeEventListener("abort", stop)
    ended.abort() // closes the stream, whatever ended the wait
  }
}

async function readEvents(res, run, display, signal) {
  const decoder = new TextDecoder()
  let buffer = ""
  try {
    for await (const chunk of res.body) {
      buffer += decoder.decode(chunk, { stream: true })
      let end
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        const data = event.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n")
        if (!data) continue // a heartbeat comment
        const seen = JSON.parse(data).run
        if (seen?.id !== run.id) continue
        display.update(seen)
        if (seen.status !== "running") return
      }
    }
  } catch (e) {
    if (signal.aborted) return
    throw e
  }
  throw new Error("stream ended")
}

/** A terminal: one progress bar that moves. */
function barDisplay(out) {
  let bar = null
  return {
    update(run) {
      const total = run.progress.total ?? Math.max(run.progress.processed, 1)
      const payload = { source: run.source, stats: statsOf(run) }
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: out, format: "{source} [{bar}] {value}/{total} items · {stats}", hideCursor: true }, cliProgress.Presets.shades_classic)
        bar.start(total, run.progress.processed, payload)
      }
      bar.setTotal(total)
      bar.update(run.progress.processed, payload)
    },
    stop: () => bar?.stop(),
  }
}

/** A log (CI, a pipe): a plain line whenever the run moves. */
function lineDisplay(out) {
  let last = ""
  return {
    update(run) {
      const line = `${run.id} ${run.status}: ${progressOf(run)} (${statsOf(run)})`
      if (line !== last) out.write(`${line}\n`)
      last = line
    },
    stop() {},
  }
}
