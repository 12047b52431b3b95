// `npm run bench [-- --n 10000 --csv-n 10000 --memory-n 100000 --naive 300 --pollers 50 --seconds 10]`
// `npm run bench -- --workers 2 [--workers-n 10000]`: only one run written by 1, then 2 (up to N) worker processes
// behind Redis (a server and N workers, `concurrency: 2N`), products/s side by side; Debian's redis-server is installed when missing.
// `npm run bench -- --engine-only [--n 2000]`: only the engine scenarios (the sync's write path side by side)
// `npm run bench -- --csv-only [--csv-n 10000] [--no-reimport]`: only Medusa's CSV import vs the plugin
// (Medusa's re-import of 10,000 products takes some 30 minutes on 2 cores; --no-reimport leaves it out).
// `npm run bench -- --scale [--scale-n 100000] [--scale-baseline-n 20000] [--profile]`: only the large full
// sync with writes, and its resync; first, with --scale-baseline-n, Medusa's createProductsWorkflow alone
// over that many products, in a process and database of its own (does it slow down as the tables grow
// too? how far does it grow the process?); with --profile, a CPU profile of the full sync summarised by
// where the time went, and its Postgres statements.
// Measures the plugin against Medusa's own product workflow side by side, on an
// embedded Postgres, and prints ratios plus raw figures (also written as JSON).
import { spawn } from "node:child_process"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import autocannon from "autocannon"
import { databaseEnv, ensureDatabase, freePort, startPostgres } from "./lib/postgres.mjs"
import { ensureAdminUser } from "./lib/admin-user.mjs"
import { run } from "./lib/run.mjs"
import { startRedis } from "./lib/ensure-redis.mjs"
import feeds from "./lib/feed-generator.cjs"
import catalogs from "./lib/catalog-writers.cjs"

const args = process.argv.slice(2)
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`)
  return i >= 0 ? args[i + 1] : fallback
}
const n = Number(opt("n", 10_000))
const memoryN = Number(opt("memory-n", n >= 10_000 ? 100_000 : n * 5))
const parseN = Number(opt("parse-n", memoryN))
const FORMATS = ["json", "ndjson", "csv", "xml", "csv-anywhere", "woocommerce"]
// A heap cap for the parse processes: their RSS then shows what is kept, not what V8 lets grow unasked.
const parseHeapMb = opt("parse-heap-mb", null)
const csvN = Number(opt("csv-n", n))
const naive = Number(opt("naive", Math.min(n, 300)))
const pollers = Number(opt("pollers", 50))
const seconds = Number(opt("seconds", 10))
const scale = args.includes("--scale")
const csvOnly = args.includes("--csv-only")
const engineOnly = args.includes("--engine-only")
const workers = Number(opt("workers", 0))
const workersN = Number(opt("workers-n", 10_000))
const reimport = !args.includes("--no-reimport")
const scaleN = Number(opt("scale-n", 100_000))
const scaleBaselineN = Number(opt("scale-baseline-n", 0))
const profileDir = args.includes("--profile") ? path.resolve("bench-results") : null
const out = opt("out", path.join("bench-results", scale ? `bench-scale-${scaleN}.json` : `bench-${n}.json`))
const root = process.cwd()
const medusa = path.join(root, "node_modules/.bin/medusa")

const work = fs.mkdtempSync(path.join(os.tmpdir(), "mps-bench-"))
fs.chmodSync(work, 0o755)
// With --profile, statement statistics for the Postgres side of the profile (bench/pg-statements.ts).
const pg = await startPostgres({ dataDir: path.join(work, "pg"), port: await freePort(), fast: true, settings: profileDir ? ["shared_preload_libraries=pg_stat_statements"] : [] })
const feedFile = path.join(work, "feed.json")
const env = {
  ...databaseEnv(pg, "bench"),
  PRODUCT_SYNC_SOURCES_MODULE: path.join(root, "bench/sources.cjs"),
  BENCH_FEED: feedFile,
  BENCH_CSV: path.join(work, "catalog-import.csv"),
  PRODUCT_SYNC_DISABLE_SCHEDULE: "true",
  MEDUSA_ADMIN_DISABLE: "true",
  LOG_LEVEL: "error",
  NODE_ENV: "development",
}
const figures = {}
const collect = (output) => {
  for (const line of output.split("\n").filter((l) => l.startsWith("BENCH "))) {
    const { name, ...rest } = JSON.parse(line.slice(6))
    figures[name] = figures[name] ? [].concat(figures[name], rest) : rest
  }
}
try {
  await ensureDatabase(pg, "bench")
  console.log(`▶ migrating (n=${n}, naive sample=${naive}, memory feed=${memoryN})`)
  await run(medusa, ["db:migrate"], { env, quiet: true })
  if (workers) {
    figures.workers = await workersScenario()
  } else if (scale) {
    const scaleEnv = { NODE_OPTIONS: "--expose-gc", BENCH_SCALE_N: String(scaleN) }
    if (scaleBaselineN) {
      // Medusa alone starts as the plugin does: a fresh process on an empty database.
      console.log(`▶ ${scaleBaselineN} products: Medusa's createProductsWorkflow alone, in a process and database of its own`)
      await ensureDatabase(pg, "bench_baseline")
      const baselineEnv = { ...env, ...databaseEnv(pg, "bench_baseline") }
      await run(medusa, ["db:migrate"], { env: baselineEnv, quiet: true })
      collect(await run(medusa, ["exec", "./bench/scale.ts"], { env: { ...baselineEnv, ...scaleEnv, BENCH_SCALE_BASELINE_N: String(scaleBaselineN) }, quiet: true }))
    }
    console.log(`▶ ${scaleN} products × 3 variants: full sync with writes, then the no-change resync`)
    collect(await run(medusa, ["exec", "./bench/scale.ts"], { env: { ...env, ...scaleEnv, ...(profileDir ? { BENCH_PROFILE: profileDir } : {}) }, quiet: true }))
  } else {
    if (!csvOnly) {
      console.log("▶ engine scenarios (medusa exec bench/engine.ts)")
      const output = await run(medusa, ["exec", "./bench/engine.ts"], {
        env: { ...env, NODE_OPTIONS: "--expose-gc", BENCH_N: String(n), BENCH_NAIVE: String(naive), BENCH_MEMORY_N: String(memoryN) },
        quiet: true,
      })
      collect(output)
    }
    if (!engineOnly) {
      console.log(`▶ Medusa's CSV import vs the plugin (${csvN} products × 3 variants, Medusa's template)`)
      collect(await run(medusa, ["exec", "./bench/csv-import.ts"], { env: { ...env, BENCH_CSV_N: String(csvN), BENCH_CSV_REIMPORT: String(reimport) }, quiet: true }))
    }
    if (!csvOnly && !engineOnly) {
      console.log(`▶ streaming memory (a fresh process, ${memoryN} items, dry run)`)
      collect(await run(medusa, ["exec", "./bench/engine.ts"], {
        env: { ...env, NODE_OPTIONS: "--expose-gc", BENCH_SCENARIO: "memory", BENCH_MEMORY_N: String(memoryN) },
        quiet: true,
      }))

      for (const format of FORMATS) {
        console.log(`▶ parsing ${parseN} ${format} records (a fresh process: read + map + validate, no writes)`)
        const file = path.join(work, `catalog-${format}.${{ "csv-anywhere": "csv", woocommerce: "csv" }[format] ?? format}`)
        const options = await catalogs.writeCatalog(format, file, parseN)
        const output = await run("node", ["--expose-gc", ...(parseHeapMb ? [`--max-old-space-size=${parseHeapMb}`] : []), "-r", "ts-node/register", "bench/parse.ts", `parse-${format}`, file, JSON.stringify(options)], {
          env: { TS_NODE_TRANSPILE_ONLY: "true" },
          quiet: true,
        })
        collect(output)
        fs.rmSync(file)
      }

      console.log(`▶ status under load (${pollers} pollers, ${seconds} s, during a run)`)
      figures.load = await statusUnderLoad()
    }
  }
} finally {
  await pg.stop()
  fs.rmSync(work, { recursive: true, force: true })
}

if (workers) {
  const rows = figures.workers
  console.log(`\none run of ${workersN} products × 3 variants, a server and N workers behind Redis (concurrency: 2N):`)
  for (const r of rows) console.log(`  N = ${r.workers}: ${(r.ms / 1000).toFixed(1)} s, ${r.products_per_s.toFixed(1)} products/s, ${(r.products_per_s / rows[0].products_per_s).toFixed(3)} × N = 1`)
  console.log(`raw: ${JSON.stringify(figures)}`)
  process.exit(0)
}
if (scale) {
  printScale()
  process.exit(0)
}
if (csvOnly) {
  const { "csv-medusa-import": medusaImport, "csv-plugin-sync": sync, "csv-plugin-resync": resync, "csv-medusa-reimport": again } = figures
  console.log(`\nplugin CSV sync / Medusa's CSV import (${csvN} products): ${(sync.ms / medusaImport.ms).toFixed(3)}  (${(sync.ms / 1000).toFixed(1)} s vs ${(medusaImport.ms / 1000).toFixed(1)} s; goal ≤ 1.0)`)
  if (again) console.log(`Medusa's re-import / plugin's no-change resync: ${(again.ms / resync.ms).toFixed(1)}  (${(again.ms / 1000).toFixed(1)} s vs ${(resync.ms / 1000).toFixed(2)} s; goal ≥ 30)`)
  console.log(`raw: ${JSON.stringify(figures)}`)
  process.exit(0)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
if (engineOnly) {
  const { full, "baseline-a": baseline, "resync-unchanged": resync, "resync-10pct": tenth, "full-unlogged": unlogged, "full-concurrency-2": concurrent } = figures
  console.log(`\nfull sync / baseline A: ${(full.ms / baseline.ms).toFixed(3)} (${(full.ms / 1000).toFixed(1)} s vs ${(baseline.ms / 1000).toFixed(1)} s)`)
  if (concurrent) console.log(`full sync, concurrency 2 / 1: ${(concurrent.ms / full.ms).toFixed(3)}; concurrency 2 / baseline A: ${(concurrent.ms / baseline.ms).toFixed(3)}`)
  console.log(`full sync / no-change resync: ${(full.ms / resync.ms).toFixed(2)}; 10 % changed / full sync: ${(tenth.ms / full.ms).toFixed(3)}; full sync, change log on / off − 1: ${(full.ms / unlogged.ms - 1).toFixed(3)}`)
  console.log(`raw: ${JSON.stringify(figures)}`)
  process.exit(0)
}
const perProduct = (f) => f.ms / (f.products ?? n)
const ratios = [
  ["full sync / baseline A (createProductsWorkflow, same batches)", figures.full.ms / figures["baseline-a"].ms, "≤ 1.15"],
  ["baseline B (one call per product) / full sync, per product", perProduct(figures["baseline-b"]) / perProduct(figures.full), "≥ 5"],
  ["full sync / no-change resync", figures.full.ms / figures["resync-unchanged"].ms, "≥ 20"],
  [`plugin CSV sync / Medusa's CSV import (${csvN} products)`, figures["csv-plugin-sync"].ms / figures["csv-medusa-import"].ms, "≤ 1.0"],
  ...(reimport ? [["Medusa's re-import / plugin's no-change resync of that CSV", figures["csv-medusa-reimport"].ms / figures["csv-plugin-resync"].ms, "≥ 30"]] : []),
  ["10 % changed (title + prices) / full sync", figures["resync-10pct"].ms / figures.full.ms, "≤ 0.2"],
  ["10 % changed, mixed (prices/stock/text/size) / full sync", figures["resync-10pct-mix"].ms / figures.full.ms, "≤ 0.12"],
  ["1 % new stock resync / full sync", figures["resync-1pct-stock"].ms / figures.full.ms, "≤ 0.05"],
  ["1 % new prices resync / full sync", figures["resync-1pct-prices"].ms / figures.full.ms, "≤ 0.05"],
  ["peak RSS growth on the memory feed (MB)", figures.memory.rss_peak_mb - figures.memory.rss_before_mb, "≤ 300"],
  ["status p99, 50 pollers, run on another instance (ms)", figures.load.status_other_instance.p99, "≤ 25"],
  ["  same, / health p99 on that instance", figures.load.status_other_instance.p99 / Math.max(figures.load.health_other_instance.p99, 1), "≤ 1.2"],
  ["  same, / GET /admin/users/me p99 on that instance", figures.load.status_other_instance.p99 / Math.max(figures.load.users_me_other_instance.p99, 1), "—"],
  ["/store/products p99, status headers on / off (two like instances)", figures.load.store_products.on.p99 / Math.max(figures.load.store_products.off.p99, 1), "≤ 1.05"],
  ["status p99, 50 pollers, run in the same process (ms)", figures.load.status_same_process.p99, "—"],
  ["  same, / health p99 in that process", figures.load.status_same_process.p99 / Math.max(figures.load.health_same_process.p99, 1), "—"],
  // Recording what each run changes (sync_change rows), on and off side by side.
  ["full sync, change log on / off − 1", figures.full.ms / figures["full-unlogged"].ms - 1, "≤ 0.05"],
  // Two batches of one run in flight in one process (`concurrency: 2`), side by side with one.
  ["full sync, concurrency 2 / concurrency 1", figures["full-concurrency-2"].ms / figures.full.ms, "—"],
  ["full sync with concurrency 2 / baseline A", figures["full-concurrency-2"].ms / figures["baseline-a"].ms, "< 1.0"],
  ["10 % changed resync, change log on / off − 1 (medians of 4)", median([].concat(figures["changelog-resync-on"]).map((f) => f.ms)) / median([].concat(figures["changelog-resync-off"]).map((f) => f.ms)) - 1, "≤ 0.10"],
  // Products whose rows may be anywhere: the file is read twice (goal: at least half the speed of adjacent groups).
  ["csv read as non-adjacent groups / csv with adjacent groups, records/s", figures["parse-csv-anywhere"].records_per_s / figures["parse-csv"].records_per_s, "≥ 0.5"],
  ...FORMATS.flatMap((format) => {
    const f = figures[`parse-${format}`]
    return [
      [`parse ${format}: records/s (read + map + validate, ${f.records} records)`, f.records_per_s, "—"],
      [`  peak RSS growth (MB)`, f.rss_peak_mb - f.rss_before_mb, "≤ 300"],
    ]
  }),
]
console.log(`\n${"scenario".padEnd(64)} ${"measured".padStart(10)}  goal`)
for (const [name, value, goal] of ratios) console.log(`${name.padEnd(64)} ${value.toFixed(3).padStart(10)}  ${goal}`)
console.log("\nraw figures (ms unless named):")
for (const [name, value] of Object.entries(figures)) console.log(`  ${name}: ${JSON.stringify(value)}`)
fs.mkdirSync(path.dirname(out), { recursive: true })
fs.writeFileSync(out, JSON.stringify({ n, csvN, naive, memoryN, parseN, pollers, seconds, machine: { cpus: os.cpus().length, node: process.version }, ratios: Object.fromEntries(ratios.map(([k, v]) => [k, v])), figures }, null, 2))
console.log(`\nwritten: ${out}`)

function printScale() {
  const { "scale-full": full, "scale-resync": resync } = figures
  const tenths = full.products_per_s_by_tenth
  const rows = [
    [`full sync of ${scaleN} products (s)`, full.ms / 1000, "—"],
    ["  products/s, first tenth", tenths[0], "—"],
    ["  products/s, last tenth", tenths[9], "—"],
    ["  first tenth's rate / last tenth's (decay)", tenths[0] / tenths[9], "≤ 1.2"],
    ["  peak RSS growth of the executing process (MB)", full.rss_peak_mb - full.rss_before_mb, "≤ 300"],
    [`no-change resync of ${scaleN} products (s)`, resync.ms / 1000, "≤ 60"],
  ]
  console.log(`\n${"scenario".padEnd(64)} ${"measured".padStart(10)}  goal`)
  for (const [name, value, goal] of rows) console.log(`${name.padEnd(64)} ${value.toFixed(3).padStart(10)}  ${goal}`)
  const base = figures["scale-baseline"]
  if (base) console.log(`\nMedusa's createProductsWorkflow alone, ${base.products} products, in a process and database of its own: ${(base.ms / 1000).toFixed(1)} s; products/s by tenth ${base.products_per_s_by_tenth.join(", ")} (first / last ${(base.products_per_s_by_tenth[0] / base.products_per_s_by_tenth[9]).toFixed(3)}); peak RSS growth ${(base.rss_peak_mb - base.rss_before_mb).toFixed(0)} MB`)
  if (full.cpu_ms) {
    const total = Object.values(full.cpu_ms).reduce((a, b) => a + b, 0)
    console.log(`\nwhere the full sync's time went (CPU profile, ${path.join(profileDir, "full-sync.cpuprofile")}):`)
    for (const [name, ms] of Object.entries(full.cpu_ms)) console.log(`  ${name.padEnd(62)} ${(ms / 1000).toFixed(1).padStart(7)} s ${((100 * ms) / total).toFixed(1).padStart(5)} %`)
    const { statement_ms, statements, seq_scans } = full.postgres
    console.log(`\nPostgres during the full sync (pg_stat_statements): ${(statement_ms / 1000).toFixed(1)} s executing statements; the longest:`)
    for (const s of statements) console.log(`  ${(s.total_ms / 1000).toFixed(1).padStart(6)} s ${String(s.calls).padStart(6)} calls ${(s.total_ms / s.calls).toFixed(1).padStart(7)} ms each  ${s.query}`)
    console.log("tables read by sequential scans (a scan per batch grows with the table):")
    for (const t of seq_scans) console.log(`  ${t.table.padEnd(30)} ${String(t.scans).padStart(6)} scans ${String(t.rows_read).padStart(11)} rows read (${t.rows_now} rows now)`)
  }
  console.log(`\nproducts/s by tenth: ${tenths.join(", ")}\nraw: ${JSON.stringify(figures)}`)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  fs.writeFileSync(out, JSON.stringify({ scaleN, machine: { cpus: os.cpus().length, node: process.version }, figures }, null, 2))
  console.log(`written: ${out}`)
}

async function statusUnderLoad() {
  await ensureAdminUser({ medusa, env, email: "bench@example.com", password: "bench-pass" })
  // Two instances on one database, as in production: the run executes on
  // `runner`; `api` only serves requests. Status is measured on both.
  // `headed` is `api` with the status headers on, for the store API's cost of them.
  const [runner, api, headed] = await Promise.all([startServer(), startServer(), startServer({ PRODUCT_SYNC_STATUS_HEADERS: "all" })])
  try {
    const login = await fetch(`${runner.base}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench@example.com", password: "bench-pass" }) })
    const headers = { authorization: `Bearer ${(await login.json()).token}`, "content-type": "application/json" }
    // Every item changed: the run writes for a while.
    await feeds.writeFeedFile(feedFile, n, { changed: new Set(Array.from({ length: n }, (_, i) => i)) })
    await fetch(`${runner.base}/admin/sync/trigger`, { method: "POST", headers, body: "{}" })
    const storefront = await publishableKey(runner.base, headers)
    const measure = async (url, extra = {}, { connections = pollers, duration = seconds } = {}) => {
      const r = await autocannon({ url, connections, duration, headers: { ...headers, ...extra } })
      return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx }
    }
    // The store API with the status headers off and on: two like instances, measured in turns
    // (off, on, off, on) so that the run's phases weigh on both alike; p99 is the mean of the turns'.
    const storeProducts = async () => {
      const url = (base) => `${base}/store/products?limit=1&fields=id,title`
      const turns = []
      for (let i = 0; i < 4; i++) turns.push(await measure(url(i % 2 ? headed.base : api.base), storefront, { connections: 10, duration: Math.max(1, seconds / 2) }))
      const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length
      const of = (parity) => turns.filter((_, i) => i % 2 === parity)
      const summary = (ts) => ({ p50: mean(ts.map((t) => t.p50)), p99: mean(ts.map((t) => t.p99)), rps: mean(ts.map((t) => t.rps)), errors: ts.reduce((a, t) => a + t.errors, 0) })
      return { off: summary(of(0)), on: summary(of(1)) }
    }
    const figures = {
      status_other_instance: await measure(`${api.base}/admin/sync/status`),
      health_other_instance: await measure(`${api.base}/health`),
      status_same_process: await measure(`${runner.base}/admin/sync/status`),
      health_same_process: await measure(`${runner.base}/health`),
      // The floor for any authenticated admin route of Medusa's own, same instance.
      users_me_other_instance: await measure(`${api.base}/admin/users/me`),
      store_products: await storeProducts(),
    }
    const { is_running } = await (await fetch(`${api.base}/admin/sync/status`, { headers })).json()
    return { ...figures, run_active_throughout: is_running }
  } finally {
    for (const s of [runner, api, headed]) {
      try { process.kill(-s.pid, "SIGKILL") } catch { /* gone */ }
    }
  }
}

/** A storefront's publishable key, linked to the default sales channel: the store API's header. */
async function publishableKey(base, headers) {
  const post = (url, body) => fetch(`${base}${url}`, { method: "POST", headers, body: JSON.stringify(body) }).then((r) => r.json())
  const { api_key } = await post("/admin/api-keys", { title: "bench storefront", type: "publishable" })
  const { sales_channels } = await fetch(`${base}/admin/sales-channels`, { headers }).then((r) => r.json())
  await post(`/admin/api-keys/${api_key.id}/sales-channels`, { add: [sales_channels[0].id] })
  return { "x-publishable-api-key": api_key.token }
}

/**
 * One run of a fresh database's source, written by 1..`workers` worker
 * processes behind Redis (Medusa's event bus, workflow engine and locking):
 * a server takes the trigger, the run goes to a worker, and its batches
 * (`concurrency` = twice the number of workers) to whichever worker is free.
 */
async function workersScenario() {
  const redis = await startRedis(await freePort())
  const feed = path.join(work, "workers-feed.json")
  await feeds.writeFeedFile(feed, workersN)
  const results = []
  try {
    for (let count = 1; count <= workers; count++) {
      const db = `bench_workers_${count}`
      await ensureDatabase(pg, db)
      // Two batches in flight per worker: each finds its next batch waiting when it ends one.
      const wenv = { ...databaseEnv(pg, db), REDIS_URL: redis.url, BENCH_FEED: feed, PRODUCT_SYNC_CONCURRENCY: String(2 * count) }
      await run(medusa, ["db:migrate"], { env: { ...env, ...wenv }, quiet: true })
      await ensureAdminUser({ medusa, env: { ...env, ...wenv }, email: "bench@example.com", password: "bench-pass" })
      console.log(`▶ ${workersN} products, a server and ${count} worker(s)`)
      const procs = await Promise.all([startServer({ ...wenv, MEDUSA_WORKER_MODE: "server" }), ...Array.from({ length: count }, () => startServer({ ...wenv, MEDUSA_WORKER_MODE: "worker" }))])
      try {
        const [server] = procs
        const login = await fetch(`${server.base}/auth/user/emailpass`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bench@example.com", password: "bench-pass" }) })
        const headers = { authorization: `Bearer ${(await login.json()).token}`, "content-type": "application/json" }
        const { run: started } = await (await fetch(`${server.base}/admin/sync/trigger`, { method: "POST", headers, body: "{}" })).json()
        let ended
        for (;;) {
          await new Promise((r) => setTimeout(r, 1000))
          const { run: now } = await (await fetch(`${server.base}/admin/sync/runs/${started.id}`, { headers })).json()
          if (now.status !== "running") {
            ended = now
            break
          }
        }
        if (ended.status !== "completed" || ended.stats.failed || ended.stats.created !== workersN) throw new Error(`workers ${count}: ${ended.status} ${ended.error ?? ""} ${JSON.stringify(ended.stats)}`)
        const ms = new Date(ended.finished_at).getTime() - new Date(ended.started_at).getTime()
        results.push({ workers: count, ms, products: workersN, products_per_s: workersN / (ms / 1000) })
      } finally {
        for (const s of procs) {
          try { process.kill(-s.pid, "SIGKILL") } catch { /* gone */ }
        }
      }
    }
  } finally {
    await redis.stop()
  }
  return results
}

async function startServer(extraEnv = {}) {
  const port = await freePort()
  const app = spawn(medusa, ["start"], { env: { ...process.env, ...env, ...extraEnv, PORT: String(port) }, stdio: "ignore", detached: true })
  const base = `http://localhost:${port}`
  for (let i = 0; ; i++) {
    if (await fetch(`${base}/health`).then((r) => r.ok, () => false)) return { base, pid: app.pid }
    if (i > 400) throw new Error("medusa start did not come up")
    await new Promise((r) => setTimeout(r, 250))
  }
}
