import cliProgress from "cli-progress"
import { expectOk } from "./client.mjs"
import { progressOf, statsOf } from "./format.mjs"

export const TIMED_OUT = Symbol("timed out")

/**
 * Follows run `id` until it ends: the server's event stream, or polling once
 * a second when the stream is unavailable or drops. Returns the ended run,
 * or TIMED_OUT after `timeoutMs`.
 */
export async function watchRun(client, id, { timeoutMs = Infinity, out = process.stdout } = {}) {
  const display = out.isTTY ? barDisplay(out) : lineDisplay(out)
  const deadline = Date.now() + timeoutMs
  const abort = new AbortController()
  const timer = Number.isFinite(timeoutMs) ? setTimeout(() => abort.abort(), timeoutMs) : null
  try {
    let run = await fetchRun(client, id)
    display.update(run)
    while (run.status === "running") {
      if (Date.now() >= deadline) return TIMED_OUT
      // The stream ends the wait, or breaks; either way the run is read once more.
      await followStream(client, run, display, abort.signal).catch(() => pause(1_000, abort.signal))
      if (abort.signal.aborted) return TIMED_OUT
      run = await fetchRun(client, id)
      display.update(run)
    }
    return run
  } finally {
    if (timer) clearTimeout(timer)
    display.stop()
  }
}

const fetchRun = async (client, id) => expectOk(await client.request("GET", `/admin/sync/runs/${id}`), `run ${id}`).run

const pause = (ms, signal) =>
  new Promise((resolve) => {
    const t = setTimeout(resolve, ms)
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true })
  })

const SAFETY_POLL_MS = 5_000

/**
 * Reads `GET /admin/sync/stream` until the run ends (resolves) or the stream
 * fails (rejects). The run is also read once the stream is open and every
 * few seconds: it may have ended before the stream began to watch.
 */
async function followStream(client, run, display, signal) {
  // Aborted by the caller's timeout, or here once the run is seen to have ended.
  const ended = new AbortController()
  signal.addEventListener("abort", () => ended.abort(), { once: true })
  const res = await fetch(`${client.base}/admin/sync/stream?source=${encodeURIComponent(run.source)}`, { headers: client.headers, signal: ended.signal })
  if (res.status !== 200 || !res.body) throw new Error(`stream answered ${res.status}`)
  const check = async () => {
    if ((await fetchRun(client, run.id)).status !== "running") ended.abort()
  }
  const poll = setInterval(() => void check().catch(() => undefined), SAFETY_POLL_MS)
  try {
    await check()
    return await readEvents(res, run, display, ended.signal)
  } finally {
    clearInterval(poll)
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
