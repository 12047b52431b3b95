import { spawn } from "node:child_process"
import { createHmac } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"
import { FeedServer } from "../fixtures/feed-server"
import { followStream, type StreamedRun } from "../fixtures/sse"
import { waitFor } from "../fixtures/wait-for"
import { createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProduct } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(300_000)

/**
 * What ops see of a store configured as most are: several sources, none
 * called `default`, one on a schedule, one disabled. One real `medusa start`
 * with the scheduled job on.
 */
const EMAIL = "ops@example.com"
const PASSWORD = "s3cret-Passw0rd"
const feeds = { supplier: new FeedServer(), erp: new FeedServer(), outlet: new FeedServer() }
let p: MedusaProcess
let headers: Record<string, string>
let bootedAt: number
let storefront: Record<string, string>
let secretKey: string

/** A loopback receiver of the alert webhook: every POST, with its raw body and signature. */
const received: { signature: string | undefined; raw: string; body: any }[] = []
const receiver = http.createServer((req, res) => {
  let raw = ""
  req.on("data", (c) => (raw += c))
  req.on("end", () => {
    received.push({ signature: req.headers["x-product-sync-signature"] as string | undefined, raw, body: JSON.parse(raw) })
    res.writeHead(204).end()
  })
})
const WEBHOOK_SECRET = "whsec-ops-test"

const products = (from: number, n: number) => Array.from({ length: n }, (_, i) => generateProduct(from + i))
const runsOf = async (source: string) => (await p.api.get(`/admin/sync/runs?source=${source}&limit=100`, { headers })).data.runs
const health = async (path = "/admin/sync/health") => {
  const res = await p.api.get(path, path.startsWith("/admin") ? { headers } : {})
  return { code: res.status, ...res.data }
}
const syncHeaders = async () => {
  const res = await p.api.get("/store/products?limit=1", { headers: storefront })
  expect(res.status).toBe(200)
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => name.startsWith("x-sync-")))
}
const ended = (id: string) =>
  waitFor(`run ${id} to end`, async () => {
    const run = (await p.api.get(`/admin/sync/runs/${id}`, { headers })).data.run
    return run.status !== "running" && run
  }, 60_000)

beforeAll(async () => {
  const [supplier, erp, outlet] = await Promise.all(Object.values(feeds).map((f) => f.listen(0)))
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r))
  const hook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/alerts`
  feeds.supplier.reset(products(0, 20), 10)
  feeds.erp.reset(products(1000, 20), 10)
  feeds.outlet.reset(products(2000, 30), 10)
  const db = await createDatabase("mps_ops_tests")
  await createUser(db, EMAIL, PASSWORD)
  p = new MedusaProcess({
    ...db,
    PRODUCT_SYNC_SOURCES_MODULE: path.join(__dirname, "../fixtures/env-sources.cjs"),
    TEST_SOURCES: JSON.stringify({
      supplier: { url: supplier, schedule: "* * * * *" },
      erp: { url: erp, schedule: "* * * * *", enabled: false },
      // Removes what leaves its feed, unless more than a fifth would go.
      outlet: { url: outlet, onMissing: "draft", maxMissingRatio: 0.2 },
    }),
    PRODUCT_SYNC_ALERTS: JSON.stringify({
      webhook: { url: hook, secret: WEBHOOK_SECRET },
      email: ["ops@shop.example"],
      on: ["failed", "held", "completed_with_errors"],
    }),
    PRODUCT_SYNC_BATCH_SIZE: "10",
    PRODUCT_SYNC_RETRY_BACKOFF_MS: "50",
    PRODUCT_SYNC_DISABLE_SCHEDULE: "false",
    PRODUCT_SYNC_STATUS_HEADERS: "store",
    PRODUCT_SYNC_PUBLIC_HEALTH: "true",
  })
  bootedAt = Date.now()
  await p.start()
  headers = await p.login(EMAIL, PASSWORD)
  // A storefront's key, as the store API requires.
  const key = (await p.api.post("/admin/api-keys", { title: "storefront", type: "publishable" }, { headers })).data.api_key
  const channel = (await p.api.get("/admin/sales-channels", { headers })).data.sales_channels[0]
  await p.api.post(`/admin/api-keys/${key.id}/sales-channels`, { add: [channel.id] }, { headers })
  storefront = { "x-publishable-api-key": key.token }
  secretKey = (await p.api.post("/admin/api-keys", { title: "deploy script", type: "secret" }, { headers })).data.api_key.token
})

afterAll(async () => {
  await p?.stop()
  await Promise.all(Object.values(feeds).map((f) => f.close()))
  receiver.closeAllConnections()
  receiver.close()
})

describe("status of every source, none called default", () => {
  it("the bare status lists each source with its schedule; ?source= answers for one", async () => {
    const { status, data } = await p.api.get("/admin/sync/status", { headers })
    expect(status).toBe(200)
    expect(data.sources.map((s: { name: string }) => s.name)).toEqual(["supplier", "erp", "outlet"])
    const [supplier, erp, outlet] = data.sources
    expect(supplier).toMatchObject({ enabled: true, schedule: "* * * * *", freshness: { max_age_hours: 24 } })
    // Every minute: the next one is within a minute, on a whole minute.
    const next = new Date(supplier.next_run_at).getTime()
    expect(next % 60_000).toBe(0)
    expect(next - Date.now()).toBeLessThanOrEqual(60_000)
    expect(erp).toMatchObject({ enabled: false, schedule: null, next_run_at: null, is_running: false })
    expect(outlet).toMatchObject({ enabled: true, schedule: null, next_run_at: null, is_running: false, run: null, last_run: null })

    const one = await p.api.get("/admin/sync/status?source=outlet", { headers })
    expect(one.data).toEqual({
      source: "outlet",
      is_running: false,
      run: null,
      last_run: null,
      next_run_at: null,
      last_success_at: null,
      freshness: { max_age_hours: 24, is_fresh: false },
    })
    expect((await p.api.get("/admin/sync/status?source=nope", { headers })).status).toBe(404)
    // Nothing has synced yet: degraded, not failing; the disabled source counts for nothing.
    const fresh = await health()
    expect(fresh).toMatchObject({ code: 200, status: "degraded" })
    expect(fresh.sources.find((s: { name: string }) => s.name === "outlet")).toEqual({
      name: "outlet", status: "degraded", reason: "never synced", is_running: false, last_run_status: null, last_success_at: null, is_fresh: false,
    })
    expect(fresh.sources.find((s: { name: string }) => s.name === "erp").status).toBe("disabled")
    const listed = (await p.api.get("/admin/sync/sources", { headers })).data.sources
    expect(listed.map((s: { name: string; enabled: boolean; schedule: string | null }) => [s.name, s.enabled, s.schedule])).toEqual([
      ["supplier", true, "* * * * *"],
      ["erp", false, null],
      ["outlet", true, null],
    ])
  })

  it("a trigger without a source is a 400 naming the sources; a disabled source cannot be triggered", async () => {
    const bare = await p.api.post("/admin/sync/trigger", {}, { headers })
    expect(bare.status).toBe(400)
    expect(bare.data.message).toBe(`Name a source: none is called "default". Configured: supplier, erp, outlet`)
    const latest = await p.api.post("/admin/sync/trigger", { resume: true }, { headers })
    expect(latest.status).toBe(400)
    const disabled = await p.api.post("/admin/sync/trigger", { source: "erp" }, { headers })
    expect(disabled.status).toBe(400)
    expect(disabled.data.message).toBe(`Source "erp" is disabled ("enabled: false" in its options)`)
    expect(await runsOf("erp")).toEqual([])
  })

  it("a triggered run shows in the bare status at once; a failed run resumes on its own source", async () => {
    feeds.outlet.failFromPage = 2 // the first page commits, then the source dies
    let release = () => {}
    feeds.outlet.setFault({ kind: "hold", until: new Promise<void>((r) => (release = r)), times: 1 })
    const started = await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })
    expect(started.status).toBe(202)
    const id = started.data.run.id
    // The trigger cleared this instance's status board: its run shows without a second's delay.
    const status = (await p.api.get("/admin/sync/status", { headers })).data
    expect(status.is_running).toBe(true)
    expect(status.sources.find((s: { name: string }) => s.name === "outlet").run.id).toBe(id)
    // Storefronts learn that the catalog is being rewritten; admin responses carry nothing ("store" only).
    const during = await syncHeaders()
    expect(during["x-sync-status"]).toBe("running")
    expect(["outlet", "supplier"]).toContain(during["x-sync-source"]) // supplier's schedule may be running too
    expect(during["x-sync-progress"]).toMatch(/^\d+\/(\d+|\?)$/)
    const admin = await p.api.get("/admin/products?limit=1", { headers })
    expect(Object.keys(admin.headers).filter((h) => h.startsWith("x-sync-"))).toEqual([])
    release()
    const failed = await ended(id)
    expect(failed).toMatchObject({ status: "failed", progress: { processed: 10 } })
    const failing = await health()
    expect(failing).toMatchObject({ code: 503, status: "failing" })
    expect(failing.sources.find((s: { name: string }) => s.name === "outlet")).toMatchObject({ status: "failing", reason: `the last run ${id} failed` })
    // The public version: no login, no run ids, no reasons, no URLs.
    const open = await health("/sync/health")
    expect(open.code).toBe(503)
    expect(open.sources.find((s: { name: string }) => s.name === "outlet")).toEqual({ name: "outlet", status: "failing", is_fresh: false, last_success_at: null })

    // The admin's Resume button: the run's own source, not a `default` there is none of.
    feeds.outlet.failFromPage = null
    const resumed = await p.api.post(`/admin/sync/runs/${id}/resume`, {}, { headers })
    expect(resumed.status).toBe(202)
    expect(resumed.data.run).toMatchObject({ source: "outlet", resumed_from: id })
    expect(await ended(resumed.data.run.id)).toMatchObject({ status: "completed", progress: { processed: 30, total: 30 } })
    const after = (await p.api.get("/admin/sync/status?source=outlet", { headers })).data
    expect(after).toMatchObject({ is_running: false, last_run: { id: resumed.data.run.id, status: "completed" }, freshness: { is_fresh: true } })
    expect((await health()).sources.find((s: { name: string }) => s.name === "outlet")).toMatchObject({ status: "ok", reason: null, is_fresh: true })
    // Idle (between supplier's scheduled runs): the last run and the last success.
    const idle = await waitFor("no run active", async () => {
      const h = await syncHeaders()
      return h["x-sync-status"] !== "running" && h
    })
    expect(idle["x-sync-status"]).toBe("completed")
    expect(idle["x-sync-progress"]).toBeUndefined()
    expect(new Date(idle["x-sync-last-success"]).getTime()).toBeGreaterThan(bootedAt)
  })
})

describe("the command line", () => {
  const CLI = path.join(__dirname, "../../bin/medusa-product-sync.mjs")
  /** `npx medusa-product-sync …` as a deploy script runs it: a secret API key in env, output to a pipe. */
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        env: { ...process.env, MEDUSA_BACKEND_URL: `http://localhost:${p.port}`, MEDUSA_API_KEY: secretKey, ...env },
      })
      let stdout = ""
      let stderr = ""
      child.stdout.on("data", (c) => (stdout += c))
      child.stderr.on("data", (c) => (stderr += c))
      child.on("close", (code) => resolve({ code, stdout, stderr }))
    })

  it("status, trigger --wait, runs, run and resume --wait answer with the exit codes a script needs", async () => {
    const status = await cli(["status", "--json"])
    expect(status.code).toBe(0)
    expect(JSON.parse(status.stdout).sources.map((s: { name: string }) => s.name)).toEqual(["supplier", "erp", "outlet"])
    const plain = await cli(["status"])
    expect(plain.stdout.split("\n").find((l) => l.startsWith("erp"))).toMatch(/^erp +disabled; not scheduled;/)

    const bare = await cli(["trigger"])
    expect(bare).toMatchObject({ code: 4, stdout: "" })
    expect(bare.stderr).toBe(`medusa-product-sync: trigger: Name a source: none is called "default". Configured: supplier, erp, outlet (400)\n`)

    feeds.outlet.failFromPage = 2
    const failed = await cli(["trigger", "--source", "outlet", "--wait"])
    expect(failed.code).toBe(1)
    const id = /^run (psrun_\w+) of "outlet" started$/m.exec(failed.stdout)![1]
    expect(failed.stdout).toMatch(new RegExp(`^run ${id} failed: \\d+ created, \\d+ updated, \\d+ unchanged, 0 skipped, 0 failed; `, "m"))
    expect(failed.stderr).toContain(`${id} running: `) // plain progress lines on a pipe
    const runs = await cli(["runs", "--source", "outlet", "--status", "failed"])
    expect(runs.stdout.split("\n")[0]).toMatch(new RegExp(`^${id}  outlet  failed +manual`))
    const detail = await cli(["run", id])
    expect(detail.stdout).toMatch(new RegExp(`^run ${id} of "outlet": failed\n`))
    expect(detail.stdout).toContain("  error     ")

    feeds.outlet.failFromPage = null
    const resumed = await cli(["resume", id, "--wait"])
    expect(resumed.code).toBe(0)
    expect(resumed.stdout).toMatch(/^run psrun_\w+ completed: /m)

    // Two products, as a script fixes two SKUs: a targeted run that reads them alone.
    const two = await cli(["trigger", "--source", "outlet", "--only", "ext-2003,ext-2004", "--wait"])
    expect(two.code).toBe(0)
    const targeted = /^run (psrun_\w+) of "outlet" started$/m.exec(two.stdout)![1]
    const { run } = (await p.api.get(`/admin/sync/runs/${targeted}`, { headers })).data
    expect(run).toMatchObject({ mode: "targeted", only: ["ext-2003", "ext-2004"], status: "completed", stats: { created: 0, updated: 0, unchanged: 2, failed: 0, removed: 0 } })
  })

  it("a source that is busy: trigger exits 2, wait --timeout exits 3, cancel, then wait exits 1", async () => {
    let release = () => {}
    feeds.outlet.setFault({ kind: "hold", until: new Promise<void>((r) => (release = r)), times: 1 })
    const id = (await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })).data.run.id
    const conflict = await cli(["trigger", "--source", "outlet", "--wait"])
    expect(conflict.code).toBe(2)
    expect(conflict.stdout).toContain(id)
    const timeout = await cli(["wait", "--source", "outlet", "--timeout", "1"])
    expect(timeout).toMatchObject({ code: 3, stdout: `run ${id} still running after 1 s\n` })
    expect((await cli(["cancel", id])).code).toBe(0)
    release()
    const waited = await cli(["wait", "--source", "outlet"])
    expect(waited.code).toBe(1)
    expect(waited.stdout).toMatch(new RegExp(`^run ${id} cancelled: `))
  })

  it("logs in with an admin's email and password; a wrong key is a clear error", async () => {
    expect((await cli(["status", "--source", "outlet", "--email", EMAIL, "--password", PASSWORD], { MEDUSA_API_KEY: "" })).code).toBe(0)
    const wrong = await cli(["status"], { MEDUSA_API_KEY: "sk_wrong" })
    expect(wrong.code).toBe(4)
    expect(wrong.stderr).toBe("medusa-product-sync: status: not authorized (401); check the API key or the login\n")
  })
})

describe("a live stream", () => {
  it("an event when a run starts, after each committed batch and when it ends; only the asked source", async () => {
    const abort = new AbortController()
    const follow = async (source: string, into: StreamedRun[]) => {
      const res = await followStream(`http://localhost:${p.port}/admin/sync/stream?source=${source}`, headers, into, abort.signal)
      expect(res.headers.get("content-type")).toBe("text/event-stream; charset=utf-8")
    }
    const outlet: StreamedRun[] = []
    const erp: StreamedRun[] = []
    await follow("outlet", outlet)
    await follow("erp", erp)
    // Every product changes (unchanged ones would join larger batches): a batch every 1.5 s; the stream looks every second.
    feeds.outlet.reset(Array.from({ length: 30 }, (_, i) => generateProduct(2000 + i, { version: 1 })), 10)
    feeds.outlet.setFault({ kind: "delay", ms: 1500 })
    const id = (await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })).data.run.id
    await waitFor("the run's end on the stream", async () => outlet.some((e) => e.run.id === id && e.run.status !== "running"), 30_000)
    abort.abort()
    feeds.outlet.setFault(null)
    const mine = outlet.filter((e) => e.run.id === id)
    expect(mine[0].run.status).toBe("running")
    expect(mine.at(-1)!.run).toMatchObject({ status: "completed", progress: { processed: 30 } })
    const processed = mine.map((e) => e.run.progress.processed)
    expect(processed).toEqual([...processed].sort((a, b) => a - b))
    expect(processed).toEqual(expect.arrayContaining([10, 20, 30]))
    expect(erp).toEqual([])
  })
})

describe("alerts that reach someone", () => {
  const alertsOf = (id: string) => received.filter((r) => r.body.run?.id === id)

  it("a failed run and a held removal: a signed webhook POST each, and an email through the Notification module", async () => {
    feeds.outlet.reset(Array.from({ length: 30 }, (_, i) => generateProduct(2000 + i, { version: 2 })), 10)
    feeds.outlet.failFromPage = 2
    const failed = await ended((await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })).data.run.id)
    expect(failed.status).toBe("failed")
    const [alert] = await waitFor("the failed run's webhook", async () => alertsOf(failed.id).length && alertsOf(failed.id))
    expect(alert.signature).toBe(`sha256=${createHmac("sha256", WEBHOOK_SECRET).update(alert.raw).digest("hex")}`)
    expect(alert.body).toMatchObject({
      type: "product-sync.alert",
      kind: "failed",
      source: "outlet",
      title: "Product sync failed",
      description: failed.error,
      run: { id: failed.id, status: "failed" },
    })
    const emails = await waitFor("the email", async () => {
      const { data } = await p.api.get("/admin/notifications?channel=email&fields=to,channel,template,data", { headers })
      const mine = data.notifications.filter((n: any) => n.data.run_id === failed.id)
      return mine.length && mine
    })
    expect(emails).toHaveLength(1)
    expect(emails[0]).toMatchObject({ to: "ops@shop.example", channel: "email", template: "product-sync-alert", data: { kind: "failed", source: "outlet", title: "Product sync failed" } })

    // The feed loses two thirds of its products: the breaker holds the removal, and says so.
    feeds.outlet.failFromPage = null
    feeds.outlet.reset(Array.from({ length: 10 }, (_, i) => generateProduct(2000 + i, { version: 2 })), 10)
    const held = await ended((await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })).data.run.id)
    expect(held).toMatchObject({ status: "completed", missing: { action: "held", count: 20 } })
    const [heldAlert] = await waitFor("the held removal's webhook", async () => alertsOf(held.id).length && alertsOf(held.id))
    expect(heldAlert.body).toMatchObject({ kind: "held", source: "outlet", title: "Product sync held a removal" })
    expect(heldAlert.signature).toBe(`sha256=${createHmac("sha256", WEBHOOK_SECRET).update(heldAlert.raw).digest("hex")}`)
    // Each once; a run that completed cleanly is not in `on`.
    expect(alertsOf(failed.id)).toHaveLength(1)
    feeds.outlet.reset(Array.from({ length: 30 }, (_, i) => generateProduct(2000 + i, { version: 2 })), 10)
    const clean = await ended((await p.api.post("/admin/sync/trigger", { source: "outlet" }, { headers })).data.run.id)
    expect(clean.status).toBe("completed")
    expect(alertsOf(clean.id)).toEqual([])
  })
})

describe("a schedule per source", () => {
  it("a source scheduled every minute runs without a trigger; a disabled one and an unscheduled one never do", async () => {
    const scheduled = await waitFor("a scheduled run of supplier", async () => {
      const [run] = await runsOf("supplier")
      return run?.trigger === "scheduled" && run
    }, 75_000 - (Date.now() - bootedAt))
    expect(scheduled).toMatchObject({ source: "supplier", triggered_by: "system" })
    expect(await ended(scheduled.id)).toMatchObject({ status: "completed", progress: { processed: 20 } })
    expect(await runsOf("erp")).toEqual([])
    expect((await runsOf("outlet")).filter((r: { trigger: string }) => r.trigger === "scheduled")).toEqual([])
  })
})
