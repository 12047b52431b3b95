import { FeedServer } from "../fixtures/feed-server"
import { waitFor } from "../fixtures/wait-for"
import { createDatabase, createUser, DbEnv, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateFeed } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(240_000)

/**
 * Real `medusa start` processes on one database: killed, stopped, doubled.
 * Nothing here runs in the test's own process but the feed server and HTTP.
 */
const EMAIL = "ops@example.com"
const PASSWORD = "s3cret-Passw0rd"
const N = 300
const feed = new FeedServer()
let db: DbEnv
let env: Record<string, string>
const processes: MedusaProcess[] = []

const server = async (extra: Record<string, string> = {}) => {
  const p = new MedusaProcess({ ...env, ...extra })
  processes.push(p)
  return await p.start()
}

const getRun = async (p: MedusaProcess, headers: Record<string, string>, id: string) =>
  (await p.api.get(`/admin/sync/runs/${id}`, { headers })).data.run

/** A trigger on `p` once the source is free (a run the servers before left behind may hold it until noticed): the new run's id. */
const triggerWhenFree = (p: MedusaProcess, headers: Record<string, string>) =>
  waitFor("a trigger to be accepted", async () => {
    const res = await p.api.post("/admin/sync/trigger", {}, { headers })
    return res.status === 202 && (res.data.run.id as string)
  }, 15_000)

/** The server that is up, else a new one: no test leans on which test booted it. */
const liveServer = async () => processes.filter((p) => p.running).at(-1) ?? (await server())

/** A run on `p` stopped by SIGTERM after 30 items, and the server booted after it. */
const runStoppedBySigterm = async (p: MedusaProcess, headers: Record<string, string>) => {
  const id = await triggerWhenFree(p, headers)
  await waitFor("30 items", async () => (await getRun(p, headers, id)).progress.processed >= 30)
  p.signal("SIGTERM")
  const exit = await p.exit
  return { id, exit, next: await server() }
}

const skipLines = (logs: string, id: string) => logs.split(`scheduled run skipped, run ${id} is active`).length - 1

const pagesRequested = () =>
  feed.requests.map((url) => Number(new URL(url, "http://x").searchParams.get("page") ?? 1))

beforeAll(async () => {
  const feedPort = await feed.listen(0).then(() => new URL(feed.url).port)
  db = await createDatabase("mps_process_tests")
  await createUser(db, EMAIL, PASSWORD)
  env = {
    ...db,
    PRODUCT_SYNC_FEED_URL: `http://localhost:${feedPort}/feed`,
    PRODUCT_SYNC_BATCH_SIZE: "10",
    PRODUCT_SYNC_HEARTBEAT_MS: "1000",
    PRODUCT_SYNC_STALE_AFTER_MS: "5000",
    PRODUCT_SYNC_RETRY_BACKOFF_MS: "50",
    PRODUCT_SYNC_DISABLE_SCHEDULE: "true",
    PRODUCT_SYNC_REAP_CRON: "*/2 * * * * *", // the stale window is 5 s here
  }
  feed.reset(generateFeed(N), 10)
  feed.setFault({ kind: "delay", ms: 150 }) // every page: slow enough to act mid-run
})

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()))
  await feed.close()
})

describe("a run survives its process", () => {
  it("SIGTERM: the run stops after its batch and ends interrupted with its checkpoint", async () => {
    const p = await server()
    const headers = await p.login(EMAIL, PASSWORD)
    const { id: first, exit, next: again } = await runStoppedBySigterm(p, headers)
    expect(exit).toEqual({ code: 0, signal: null })

    const run = await getRun(again, headers, first)
    expect(run.status).toBe("interrupted")
    const done = run.progress.processed
    expect(done % 10).toBe(0) // whole batches only
    // Pages hold 10 items and a batch is 10: the checkpoint is the start of the next page.
    const page = `${env.PRODUCT_SYNC_FEED_URL}?page=${done / 10 + 1}`
    expect(run.checkpoint).toEqual({ page, offset: 0 })
    expect(run.error).toBe(`server shutting down; ${done} of ${N} items committed; last checkpoint: item 0 of page ${page}`)
    expect(run.stats.created).toBe(done)
    // The server log told the story in one line each: start, tenths, end.
    expect(p.logs).toContain(`product-sync: run ${first} of "default" started (manual, by `)
    expect(p.logs).toContain(`product-sync: run ${first}: 10 % (30 of ${N} items)`)
    expect(p.logs).toMatch(new RegExp(`product-sync: run ${first} interrupted after [\\d.]+ s; ${done} items: ${done} created, 0 updated, 0 unchanged, 0 skipped, 0 failed; server shutting down`))
  })
})

describe("resume after a crash", () => {
  it("SIGKILL mid-run: the next boot interrupts the run at once (its lock is free); resume finishes the catalog exactly", async () => {
    let p = await liveServer()
    const headers = await p.login(EMAIL, PASSWORD)
    // The run the SIGTERM test stopped, or one stopped here when this test runs alone.
    let stopped = (await p.api.get("/admin/sync/runs?status=interrupted", { headers })).data.runs[0]
    if (!stopped) {
      const { id, next } = await runStoppedBySigterm(p, headers)
      p = next
      stopped = await getRun(p, headers, id)
    }

    feed.requests = []
    const resumed = await p.api.post(`/admin/sync/runs/${stopped.id}/resume`, {}, { headers })
    expect(resumed.status).toBe(202)
    expect(resumed.data.run).toMatchObject({ trigger: "resume", resumed_from: stopped.id, status: "running" })
    const second = resumed.data.run.id
    const checkpointPage = stopped.progress.processed / 10 + 1
    await waitFor("progress past the checkpoint", async () => (await getRun(p, headers, second)).progress.processed >= stopped.progress.processed + 30)
    // The source was read from the checkpoint on, never from the start.
    // A finished page is never fetched again: the checkpoint is the next page.
    expect(Math.min(...pagesRequested())).toBe(checkpointPage)

    p.signal("SIGKILL")
    expect((await p.exit).signal).toBe("SIGKILL")

    const q = await server()
    // Noticed by the boot itself: Postgres freed the dead process's lock when its session died.
    const killed = await waitFor("the dead run to be interrupted", async () => {
      const run = await getRun(q, headers, second)
      return run.status !== "running" && run
    }, 5_000)
    expect(killed.status).toBe("interrupted")
    expect(killed.error).toMatch(/^its process is gone \(.+ no longer holds the run's database lock\); \d+ of 300 items committed; last checkpoint: item 0 of page /)

    // A new trigger is not blocked by the dead run; here it resumes it.
    feed.requests = []
    const last = await q.api.post("/admin/sync/trigger", { resume: true }, { headers })
    expect(last.status).toBe(202)
    expect(last.data.run.resumed_from).toBe(second)
    const final = await waitFor("the resumed run to end", async () => {
      const run = await getRun(q, headers, last.data.run.id)
      return run.status !== "running" && run
    }, 120_000)
    expect(final.status).toBe("completed")
    expect(Math.min(...pagesRequested())).toBe(killed.progress.processed / 10 + 1)
    expect(final.progress).toMatchObject({ processed: N, total: N })
    expect(final.stats.failed).toBe(0)

    // Exactly the feed: every external id once, none missing, none doubled.
    const { data } = await q.api.get("/admin/products?limit=1000&fields=external_id", { headers })
    expect(data.count).toBe(N)
    expect(new Set(data.products.map((x: { external_id: string }) => x.external_id)).size).toBe(N)
  })
})

describe("two servers, one database", () => {
  it("50 simultaneous triggers spread over both start exactly one run; cancel stops it within a batch", async () => {
    const a = await liveServer()
    const b = await server()
    const headers = await a.login(EMAIL, PASSWORD)
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? b : a).api.post("/admin/sync/trigger", {}, { headers }))
    )
    const accepted = answers.filter((r) => r.status === 202)
    expect(accepted).toHaveLength(1)
    const id = accepted[0].data.run.id
    const conflicts = answers.filter((r) => r.status === 409)
    expect(conflicts).toHaveLength(49)
    expect(new Set(conflicts.map((r) => r.data.run.id))).toEqual(new Set([id]))

    await waitFor("a first batch", async () => (await getRun(a, headers, id)).progress.processed >= 10)
    const cancel = await b.api.post(`/admin/sync/runs/${id}/cancel`, {}, { headers })
    expect(cancel.status).toBe(202)
    const atCancel = cancel.data.run.progress.processed
    const ended = await waitFor("the cancel", async () => {
      const run = await getRun(b, headers, id)
      return run.status !== "running" && run
    }, 15_000)
    expect(ended.status).toBe("cancelled")
    expect(ended.progress.processed - atCancel).toBeLessThanOrEqual(10)
    expect((await b.api.post(`/admin/sync/runs/${id}/cancel`, {}, { headers })).status).toBe(400)
  })

  it("the scheduled job firing on both servers at once starts one run", async () => {
    await Promise.all(processes.map((p) => p.stop()))
    feed.setFault({ kind: "delay", ms: 1000 }) // a run that outlasts several ticks
    const cron = { PRODUCT_SYNC_DISABLE_SCHEDULE: "false", PRODUCT_SYNC_CRON: "*/4 * * * * *" }
    const [a, b] = await Promise.all([server(cron), server(cron)])
    const headers = await a.login(EMAIL, PASSWORD)
    const scheduled = await waitFor("a scheduled run", async () => {
      const { data } = await a.api.get("/admin/sync/status", { headers })
      return data.run?.trigger === "scheduled" && data.run
    }, 30_000)
    // Both servers' cron ticks at least twice more while it runs.
    await waitFor("two skipped ticks", async () => skipLines(a.logs + b.logs, scheduled.id) >= 2, 30_000)
    const { data } = await b.api.get("/admin/sync/runs?status=running", { headers })
    expect(data.runs.map((r: { id: string }) => r.id)).toEqual([scheduled.id])
    await a.api.post(`/admin/sync/runs/${scheduled.id}/cancel`, {}, { headers })
  })

  it("two containers with the same hostname and pid: the second to boot leaves the first one's live run alone", async () => {
    await Promise.all(processes.map((p) => p.stop()))
    const docker = { PRODUCT_SYNC_INSTANCE_LABEL: "container:1" } // pid 1 on both, same hostname
    feed.setFault({ kind: "delay", ms: 1000 }) // the run outlasts the second boot
    const a = await server(docker)
    const headers = await a.login(EMAIL, PASSWORD)
    // The killed servers may have left a scheduled run: it holds the source until it is noticed.
    const id = await triggerWhenFree(a, headers)
    const running = await waitFor("a first batch", async () => {
      const run = await getRun(a, headers, id)
      return run.progress.processed >= 10 && run
    })
    expect(running.owner).toMatch(/^container:1\/[0-9a-f]{8}$/)

    const b = await server(docker)
    // Beyond the stale window (5 s; a page takes 1 s): the boot's reap, the reaper job and a trigger on b all saw the run.
    await waitFor("six more pages", async () => (await getRun(b, headers, id)).progress.processed >= running.progress.processed + 60, 30_000)
    const conflict = await b.api.post("/admin/sync/trigger", {}, { headers })
    expect(conflict.status).toBe(409)
    const after = await getRun(b, headers, id)
    expect(after).toMatchObject({ status: "running", owner: running.owner })
    expect(after.progress.processed).toBeGreaterThan(running.progress.processed)
    expect((await b.api.get("/admin/sync/runs?status=interrupted", { headers })).data.runs.map((r: { id: string }) => r.id)).not.toContain(id)
    await b.api.post(`/admin/sync/runs/${id}/cancel`, {}, { headers })
  })
})

describe("a run that takes too long", () => {
  it("runTimeoutMs: a run that outlasts it ends failed with what it committed, resumable", async () => {
    await Promise.all(processes.map((p) => p.stop()))
    feed.setFault({ kind: "delay", ms: 150 }) // 30 pages: some 4.5 s of reading alone
    const p = await server({ PRODUCT_SYNC_RUN_TIMEOUT_MS: "3000" })
    const headers = await p.login(EMAIL, PASSWORD)
    const id = await triggerWhenFree(p, headers)
    const run = await waitFor("the run to end", async () => {
      const r = await getRun(p, headers, id)
      return r.status !== "running" && r
    }, 30_000)
    expect(run.status).toBe("failed")
    expect(run.error).toMatch(/^the run took longer than 3000 ms \("runTimeoutMs"\); \d+ of 300 items committed; last checkpoint: item 0 of page /)
  })
})
