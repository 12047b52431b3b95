import path from "node:path"
import { FeedServer } from "../fixtures/feed-server"
import { followStream, type StreamedRun } from "../fixtures/sse"
import { waitFor } from "../fixtures/wait-for"
import { createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProduct } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(300_000)

/**
 * Medusa as production runs it: Redis (event bus, workflow engine, locking),
 * one `server` process taking HTTP and two `worker` processes taking events
 * and jobs, all real `medusa start` processes on one database.
 */
const EMAIL = "ops@example.com"
const PASSWORD = "s3cret-Passw0rd"
const N = 300
const feeds = { default: new FeedServer(), second: new FeedServer(), third: new FeedServer(), bulk: new FeedServer() }
let env: Record<string, string>
let processes: MedusaProcess[] = []
let headers: Record<string, string>

const products = (from: number, n: number, version = 0) =>
  Array.from({ length: n }, (_, i) => generateProduct(from + i, { version }))

/** The server and two workers, each named by its instance label (the runs' owner says who). */
async function boot(extra: Record<string, string> = {}) {
  processes = [["server", "server"], ["worker", "worker-1"], ["worker", "worker-2"]].map(
    ([mode, label]) => new MedusaProcess({ ...env, ...extra, MEDUSA_WORKER_MODE: mode, PRODUCT_SYNC_INSTANCE_LABEL: label })
  )
  // Known before they start: afterAll stops every one, even when another failed to boot.
  await Promise.all(processes.map((p) => p.start(180_000)))
  const [server] = processes
  headers = await server.login(EMAIL, PASSWORD)
  return processes
}

const server = () => processes[0]
const getRun = async (id: string) => (await server().api.get(`/admin/sync/runs/${id}`, { headers })).data.run
const trigger = async (source = "default") => {
  const res = await server().api.post("/admin/sync/trigger", { source }, { headers })
  expect(res.status).toBe(202)
  return res.data.run.id as string
}
const ended = (id: string, timeoutMs = 120_000) =>
  waitFor(`run ${id} to end`, async () => {
    const run = await getRun(id)
    return run.status !== "running" && run
  }, timeoutMs)
/** The bulk source's products: in five categories under one, with stock (a bare store has no stock location). */
const BULK = 600
const bulk = () =>
  Array.from({ length: BULK }, (_, i) => ({ ...generateProduct(5000 + i, { stock: true }), categories: [`Bulk > Group ${i % 5}`] }))
const sql = async <T>(text: string, values: unknown[] = []): Promise<T[]> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require("pg")
  const db = new Client({ connectionString: env.DATABASE_URL })
  await db.connect()
  try {
    return (await db.query(text, values)).rows
  } finally {
    await db.end()
  }
}
const catalog = async () =>
  (await server().api.get("/admin/products?limit=1000&fields=external_id,title,variants.prices.amount", { headers })).data

beforeAll(async () => {
  if (!process.env.REDIS_URL) throw new Error("REDIS_URL is not set: run this tier through `npm test integration:redis`")
  const urls: Record<string, unknown> = Object.fromEntries(await Promise.all(Object.entries(feeds).map(async ([name, f]) => [name, await f.listen(0)])))
  // One run written by both workers at once.
  urls.bulk = { url: urls.bulk, concurrency: 2 }
  const db = await createDatabase("mps_redis_tests")
  await createUser(db, EMAIL, PASSWORD)
  env = {
    ...db,
    REDIS_URL: process.env.REDIS_URL,
    PRODUCT_SYNC_SOURCES_MODULE: path.join(__dirname, "../fixtures/env-sources.cjs"),
    TEST_SOURCES: JSON.stringify(urls),
    PRODUCT_SYNC_BATCH_SIZE: "10",
    PRODUCT_SYNC_HEARTBEAT_MS: "1000",
    PRODUCT_SYNC_STALE_AFTER_MS: "5000",
    PRODUCT_SYNC_REAP_CRON: "*/2 * * * * *",
    PRODUCT_SYNC_RETRY_BACKOFF_MS: "50",
    PRODUCT_SYNC_AUTO_RESUME: "true",
    PRODUCT_SYNC_DISABLE_SCHEDULE: "true",
  }
  feeds.default.reset(products(0, N), 10)
  feeds.second.reset(products(1000, 50), 10)
  feeds.third.reset(products(2000, 50), 10)
  feeds.bulk.reset(bulk(), 50)
  await boot()
})

afterAll(async () => {
  await Promise.all(processes.map((p) => p.stop()))
  await Promise.all(Object.values(feeds).map((f) => f.close()))
})

it("a trigger on the server is executed on a worker, and the server shows its live progress", async () => {
  feeds.default.setFault({ kind: "delay", ms: 150 })
  const id = await trigger()
  const seen = new Set<number>()
  let owner: string | null = null
  const run = await waitFor("the run to end", async () => {
    const { data } = await server().api.get("/admin/sync/status", { headers })
    const r = data.run ?? data.last_run // the active run, else the one that just ended
    if (r.status === "running") seen.add(r.progress.processed)
    owner ??= r.owner
    return r.status !== "running" && r
  }, 120_000)
  expect(run).toMatchObject({ id, status: "completed", progress: { processed: N, total: N } })
  expect(owner).toMatch(/^worker-[12]\/[0-9a-f]{8}$/)
  // Progress the server read from the database while a worker wrote it.
  expect([...seen].filter((p) => p > 0 && p < N).length).toBeGreaterThanOrEqual(3)
  const { count, products: written } = await catalog()
  expect(count).toBe(N)
  expect(new Set(written.map((p: { external_id: string }) => p.external_id)).size).toBe(N)
})

it("a run does not occupy the event bus: three runs execute at once on two workers with one event slot each", async () => {
  // Each worker's BullMQ consumer takes one event at a time. If a run held
  // its run-requested event, the third run would wait for one of the first two.
  for (const f of Object.values(feeds)) f.setFault({ kind: "delay", ms: 1000 })
  const ids = [await trigger("default"), await trigger("second"), await trigger("third")]
  const runs = await waitFor("all three runs executing", async () => {
    const all = await Promise.all(ids.map(getRun))
    return all.every((r) => r.status === "running" && r.owner && r.progress.processed > 0) && all
  }, 20_000)
  expect(new Set(runs.map((r) => r.owner.split("/")[0]))).toEqual(new Set(["worker-1", "worker-2"]))
  for (const id of ids) await server().api.post(`/admin/sync/runs/${id}/cancel`, {}, { headers })
  for (const id of ids) expect((await ended(id, 30_000)).status).toBe("cancelled")
  for (const f of Object.values(feeds)) f.setFault({ kind: "delay", ms: 150 })
})

it("the server's live stream follows a run a worker executes: its start, each batch, its end", async () => {
  const events: StreamedRun[] = []
  const abort = new AbortController()
  await followStream(`http://localhost:${server().port}/admin/sync/stream?source=second`, headers, events, abort.signal)
  // Every product changes (unchanged ones would join larger batches); a batch every 1.2 s, the stream looks every second.
  feeds.second.reset(products(1000, 50, 2), 10)
  feeds.second.setFault({ kind: "delay", ms: 1200 })
  const id = await trigger("second")
  await waitFor("the run's end on the stream", async () => events.some((e) => e.run.id === id && e.run.status !== "running"), 60_000)
  abort.abort()
  feeds.second.setFault({ kind: "delay", ms: 150 })
  const mine = events.filter((e) => e.run.id === id)
  expect(mine[0].run.status).toBe("running")
  expect(mine.at(-1)!.run).toMatchObject({ status: "completed", progress: { processed: 50 } })
  expect(mine.at(-1)!.run.owner).toMatch(/^worker-[12]\//)
  const processed = mine.map((e) => e.run.progress.processed)
  expect(processed).toEqual([...processed].sort((a, b) => a - b))
  expect(processed).toEqual(expect.arrayContaining([10, 20, 30, 40, 50]))
})

it("one run's batches written by both workers at once; a worker SIGKILLed mid-batch: its batch is taken again by the other, the catalog equals the feed", async () => {
  feeds.bulk.setFault({ kind: "delay", ms: 100 })
  const id = await trigger("bulk")
  const coordinator = (await waitFor("the run's owner", async () => (await getRun(id)).owner)).split("/")[0]
  const other = processes.find((p) => p !== processes[0] && p.env.PRODUCT_SYNC_INSTANCE_LABEL !== coordinator)!
  const otherLabel = other.env.PRODUCT_SYNC_INSTANCE_LABEL
  // The other worker holds a batch: kill it in the middle of writing that batch.
  const held = await waitFor("a batch the other worker holds, after it finished some", async () => {
    const rows = await sql<{ owner: string; status: string; seq: number }>("select owner, status, seq from sync_batch where run_id = $1", [id])
    const mine = rows.filter((r) => r.owner?.startsWith(`${otherLabel}/`))
    return mine.some((r) => r.status === "done") && mine.find((r) => r.status === "running")
  }, 120_000, 50)
  other.signal("SIGKILL")
  expect((await other.exit).signal).toBe("SIGKILL")

  const final = await ended(id, 180_000)
  expect(final).toMatchObject({ status: "completed", progress: { processed: BULK, total: BULK } })
  expect(final.owner.split("/")[0]).toBe(coordinator)
  // A product the killed worker created before its commit is adopted by the retry: updated, not created twice.
  expect(final.stats).toMatchObject({ unchanged: 0, skipped: 0, failed: 0 })
  expect(final.stats.created + final.stats.updated).toBe(BULK)
  // Both workers wrote batches; the killed one's batch was taken again (attempt 2) by the survivor.
  const batches = await sql<{ seq: number; owner: string; attempts: number; status: string }>("select seq, owner, attempts, status from sync_batch where run_id = $1 order by seq", [id])
  expect(batches.every((b) => b.status === "done")).toBe(true)
  expect(new Set(batches.map((b) => b.owner.split("/")[0]))).toEqual(new Set([coordinator, otherLabel]))
  expect(batches.find((b) => b.seq === held.seq)).toMatchObject({ attempts: 2, owner: expect.stringMatching(new RegExp(`^${coordinator}/`)) })

  // Exactly the feed: every product once with its prices and stock; each category and the warehouse made once.
  const want = new Map(bulk().map((p) => [p.external_id, p]))
  const written: { external_id: string; variants: { sku: string; prices: { amount: number }[] }[]; categories: { name: string }[] }[] = []
  for (let offset = 0; ; offset += 500) {
    const { data } = await server().api.get(`/admin/products?limit=500&offset=${offset}&fields=external_id,variants.sku,variants.prices.amount,categories.name`, { headers })
    written.push(...data.products.filter((p: { external_id: string }) => want.has(p.external_id)))
    if (offset + 500 >= data.count) break
  }
  expect(written).toHaveLength(BULK)
  expect(new Set(written.map((p) => p.external_id)).size).toBe(BULK)
  const pricesOf = (variants: { sku: string; prices: { amount: number | string }[] }[]) =>
    variants.map((v) => `${v.sku}:${v.prices.map((x) => Number(x.amount)).sort((a, b) => a - b).join(",")}`).sort().join("|")
  expect(written.filter((p) => pricesOf(p.variants) !== pricesOf(want.get(p.external_id)!.variants as never))).toEqual([])
  expect(written.filter((p) => p.categories.map((c) => c.name).join() !== want.get(p.external_id)!.categories[0].split(" > ")[1])).toEqual([])
  const categories = await sql<{ name: string; n: number }>("select name, count(*)::int as n from product_category where deleted_at is null and (name = 'Bulk' or name like 'Group %') group by name order by name")
  expect(categories).toEqual([{ name: "Bulk", n: 1 }, ...[0, 1, 2, 3, 4].map((g) => ({ name: `Group ${g}`, n: 1 }))])
  const warehouses = await sql<{ n: number }>("select count(*)::int as n from stock_location where deleted_at is null and name = 'Product sync warehouse'")
  expect(warehouses).toEqual([{ n: 1 }])
  const stocked = await sql<{ n: number }>(
    "select count(*)::int as n from inventory_level l join inventory_item i on i.id = l.inventory_item_id where i.sku like 'SKU-5___-%' and i.deleted_at is null and l.deleted_at is null"
  )
  expect(stocked).toEqual([{ n: BULK * 3 }])

  // The killed worker comes back for the tests after this one.
  const restarted = new MedusaProcess({ ...other.env })
  processes[processes.indexOf(other)] = restarted
  await restarted.start(180_000)
})

it("SIGKILL of the executing worker: the next reaper tick interrupts the run (its lock is free) and the other worker finishes it", async () => {
  feeds.default.reset(products(0, N, 1), 10) // every product changes: a run that rewrites the catalog
  feeds.default.setFault({ kind: "delay", ms: 300 })
  const id = await trigger()
  const running = await waitFor("progress", async () => {
    const r = await getRun(id)
    return r.progress.processed >= 50 && r
  })
  const victim = processes.find((p) => p.env.PRODUCT_SYNC_INSTANCE_LABEL === running.owner.split("/")[0])!
  victim.signal("SIGKILL")
  expect((await victim.exit).signal).toBe("SIGKILL")

  const interrupted = await ended(id, 30_000)
  expect(interrupted.status).toBe("interrupted")
  // Noticed through the lock, not the heartbeat (the message says which).
  expect(interrupted.error).toMatch(/^its process is gone \(worker-\d\/[0-9a-f]{8} no longer holds the run's database lock\); /)

  // The reaper interrupts the run, then claims its resume: two writes, which a poll can fall between.
  const resumed = await waitFor("the resumed run", async () => {
    const { data } = await server().api.get(`/admin/sync/runs?source=default&limit=1`, { headers })
    return data.runs[0]?.resumed_from === id && data.runs[0]
  }, 10_000)
  expect(resumed).toMatchObject({ trigger: "resume", resumed_from: id, triggered_by: "system" })
  const survivor = processes.find((p) => p !== victim && p !== processes[0])!
  const final = await ended(resumed.id)
  expect(final.owner.split("/")[0]).toBe(survivor.env.PRODUCT_SYNC_INSTANCE_LABEL)
  expect(final).toMatchObject({ status: "completed", progress: { processed: N, total: N } })
  expect(final.stats.failed).toBe(0)
  expect(final.stats.updated + final.stats.unchanged).toBe(N) // carried over + its own, no item twice

  // The source's catalog is its feed: every product once, in its new version
  // (the 20 others are the second and third sources' from the test before).
  const expected = new Map(products(0, N, 1).map((p: { external_id: string; title: string }) => [p.external_id, p.title]))
  const written = (await catalog()).products.filter((p: { external_id: string }) => expected.has(p.external_id))
  expect(written).toHaveLength(N)
  expect(new Set(written.map((p: { external_id: string }) => p.external_id)).size).toBe(N)
  for (const p of written) expect(p.title).toBe(expected.get(p.external_id))
})

it("the scheduled sync fires once per tick across the workers, never on the server", async () => {
  await Promise.all(processes.map((p) => p.stop()))
  feeds.default.setFault({ kind: "delay", ms: 1000 }) // a run that outlasts several ticks
  await boot({ PRODUCT_SYNC_DISABLE_SCHEDULE: "false", PRODUCT_SYNC_CRON: "*/3 * * * * *", PRODUCT_SYNC_AUTO_RESUME: "false" })
  const scheduled = await waitFor("a scheduled run", async () => {
    const r = (await server().api.get("/admin/sync/status", { headers })).data.run
    return r?.trigger === "scheduled" && r.status === "running" && r
  }, 30_000)
  expect(scheduled.owner).toMatch(/^worker-[12]\//)
  const skipLines = () => processes.map((p) => p.logs.split(`scheduled run skipped, run ${scheduled.id} is active`).length - 1)
  // Three ticks, watched every 100 ms. Ticks are 3 s apart; with the in-memory engine each worker
  // would fire every tick, so two skips would arrive within a look or two of each other.
  const before = skipLines()
  const total = () => skipLines().reduce((sum, n, i) => sum + n - before[i], 0)
  const arrivals: number[] = []
  await waitFor("three skipped ticks", async () => {
    for (let n = total(); arrivals.length < n; ) arrivals.push(Date.now())
    return arrivals.length >= 3
  }, 30_000, 100)
  const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i])
  expect(Math.min(...gaps)).toBeGreaterThan(1_000)
  expect(skipLines()[0] - before[0]).toBe(0) // the server runs no jobs
  const { data } = await server().api.get("/admin/sync/runs?limit=100", { headers })
  expect(data.runs.filter((r: { trigger: string }) => r.trigger === "scheduled").map((r: { id: string }) => r.id)).toEqual([scheduled.id])
  await server().api.post(`/admin/sync/runs/${scheduled.id}/cancel`, {}, { headers })
})
