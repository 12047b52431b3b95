// Runs inside a Medusa container (`medusa exec`), started by scripts/bench.mjs.
// Measures the plugin's engine against Medusa's own createProductsWorkflow on
// the same machine, database and products, and prints JSON lines the
// orchestrator collects. Not shipped; not a test.
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import { runSync } from "../src/runner/run-sync"
import { resolveStoreDefaults } from "../src/workflows/sync/batch/write-context"
import { PRODUCT_SYNC_MODULE } from "../src/modules/product_sync"
import type ProductSyncModuleService from "../src/modules/product_sync/service"
import { benchSync } from "./bench-sync"
import { createWithMedusa, prefixedBatches, prefixedProduct } from "./medusa-baseline"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { changedEvery, writeFeedFile } = require("../scripts/lib/feed-generator.cjs")

const report = (name: string, figures: Record<string, number | string>) =>
  process.stdout.write(`BENCH ${JSON.stringify({ name, ...figures })}\n`)

// Sizes come from env: `medusa exec` rejects options it does not know.
const arg = (name: string, fallback: number) => Number(process.env[name] || fallback)

export default async function bench({ container }: ExecArgs) {
  if (process.env.BENCH_SCENARIO === "memory") {
    return await memoryScenario(container, arg("BENCH_MEMORY_N", 100_000))
  }
  const n = arg("BENCH_N", 10_000)
  const naive = arg("BENCH_NAIVE", Math.min(n, 300))
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const feedFile = options.sources.default.url

  const sync = async (label: string, extra: { dry_run?: boolean } = {}) => {
    const { ms, run } = await benchSync(container, label, extra)
    report(label, { ms, created: run.created, updated: run.updated, unchanged: run.unchanged })
    return ms
  }

  // Baseline A: Medusa's own workflow, same products, same batch size, same defaults.
  const defaults = await resolveStoreDefaults(container, options.sources.default)
  // Warm-up, so neither side pays for first-call compilation: two workflow
  // batches and a dry run of the engine over the same products.
  for (const batch of prefixedBatches(0, 2 * options.batchSize, "w", options.batchSize)) await createWithMedusa(container, batch, defaults)
  await writeFeedFile(feedFile, Math.min(n, 2 * options.batchSize))
  await sync("warm-up", { dry_run: true })

  // Baseline A and the plugin's full sync are interleaved in rounds over
  // disjoint products, so the growing database and any drift of the machine
  // weigh on both sides alike; their times are summed over the rounds. So is
  // the full sync without the change log (products 2n..3n-1): what recording
  // every created product costs; and the full sync with two batches in flight
  // (`concurrency: 2`, products 3n..4n-1). Six rounds; the sides take turns
  // at each place.
  const rounds = Math.min(6, Math.max(1, Math.floor(n / (2 * options.batchSize))))
  const perRound = Math.ceil(n / rounds)
  let baselineMs = 0
  let fullMs = 0
  let unloggedMs = 0
  let concurrentMs = 0
  // The source's own option, switched in this process for the runs that measure its cost.
  const withoutChangeLog = async <T>(work: () => Promise<T>): Promise<T> => {
    const before = options.sources.default.changeLog
    options.sources.default.changeLog = false
    try {
      return await work()
    } finally {
      options.sources.default.changeLog = before
    }
  }
  // The plugin's option, switched in this process for the runs that measure it.
  const withConcurrency = async <T>(concurrency: number, work: () => Promise<T>): Promise<T> => {
    const before = options.concurrency
    options.concurrency = concurrency
    try {
      return await work()
    } finally {
      options.concurrency = before
    }
  }
  for (let r = 0; r < rounds; r++) {
    const from = r * perRound
    const to = Math.min(n, from + perRound)
    const medusa = async () => {
      const started = performance.now()
      for (const batch of prefixedBatches(from, to, "a", options.batchSize)) await createWithMedusa(container, batch, defaults)
      baselineMs += performance.now() - started
    }
    const ahead = async () => {
      await writeFeedFile(feedFile, to, { from })
      fullMs += await sync(`full-round-${r + 1}`)
    }
    const unlogged = async () => {
      await writeFeedFile(feedFile, 2 * n + to, { from: 2 * n + from })
      unloggedMs += await withoutChangeLog(() => sync(`full-unlogged-round-${r + 1}`))
    }
    // Each side takes every place in turn: every Medusa create scans the
    // variant–price-set link table, so a later place costs more.
    const concurrent = async () => {
      await writeFeedFile(feedFile, 3 * n + to, { from: 3 * n + from })
      concurrentMs += await withConcurrency(2, () => sync(`full-concurrency-2-round-${r + 1}`))
    }
    const sides = [medusa, ahead, unlogged, concurrent]
    for (let k = 0; k < sides.length; k++) await sides[(r + k) % sides.length]()
  }
  report("baseline-a", { ms: baselineMs, products: n, rounds })
  report("full", { ms: fullMs, products: n, rounds })
  report("full-unlogged", { ms: unloggedMs, products: n, rounds })
  report("full-concurrency-2", { ms: concurrentMs, products: n, rounds })

  // Baseline B: one workflow call per product, as naive sync code does (on a sample).
  const startedB = performance.now()
  for (let i = 0; i < naive; i++) {
    await createWithMedusa(container, [prefixedProduct(i, "b")], defaults)
  }
  report("baseline-b", { ms: performance.now() - startedB, products: naive })

  await writeFeedFile(feedFile, n)
  await sync("resync-unchanged")
  const changed = changedEvery(n, 10)
  await writeFeedFile(feedFile, n, { changed })
  await sync("resync-10pct")

  // Stock or prices alone take a cheap path (levels, price sets), never a
  // product rewrite. First every product gets stock (a full rewrite, not a
  // goal), then 1 % get new stock, then another 1 % new prices.
  const onePct = (offset: number) => new Set([...changedEvery(n, 100)].map((i) => (i + offset) % n))
  await writeFeedFile(feedFile, n, { changed, stock: true })
  await sync("stock-enable")
  await writeFeedFile(feedFile, n, { changed, stock: true, stockChanged: onePct(0) })
  await sync("resync-1pct-stock")
  await writeFeedFile(feedFile, n, { changed, stock: true, stockChanged: onePct(0), priceChanged: onePct(50) })
  await sync("resync-1pct-prices")

  // 10 % changed in the ways a supplier's catalog changes: a quarter each
  // new prices, new stock, a new title and description, one more size (an
  // option value and a variant).
  const quarter = (offset: number) => new Set([...changedEvery(n, 40)].map((i) => (i + offset) % n))
  const stockChanged = new Set([...onePct(0), ...quarter(11)])
  await writeFeedFile(feedFile, n, { changed, stock: true, stockChanged, priceChanged: new Set([...onePct(50), ...quarter(1)]), textChanged: quarter(21), sizeAdded: quarter(31) })
  await sync("resync-10pct-mix")

  // The change log's cost on a 10 % resync (title + prices): each step changes
  // 10 % more products (the next tenth), alternately with the log and without.
  const mix = { stock: true, stockChanged, priceChanged: new Set([...onePct(50), ...quarter(1)]), textChanged: quarter(21), sizeAdded: quarter(31) }
  const cumulative = new Set(changed)
  for (let k = 1; k <= 8; k++) {
    for (const i of changed) cumulative.add((i + k) % n)
    await writeFeedFile(feedFile, n, { changed: cumulative, ...mix })
    if (k % 2) await sync("changelog-resync-on")
    else await withoutChangeLog(() => sync("changelog-resync-off"))
  }

  report("done", { ok: 1 })
}

/**
 * Streaming memory, in a process of its own (BENCH_SCENARIO=memory) so the
 * baseline is a freshly booted app, not a heap grown by earlier scenarios:
 * a dry run reads, validates, hashes and matches every item of a large feed
 * (no product writes, which would take hours at 100k); RSS sampled every 50 ms.
 */
export async function memoryScenario(container: ExecArgs["container"], memoryN: number) {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const feedFile = (await service.getOptions()).sources.default.url
  await writeFeedFile(feedFile, memoryN)
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50)
  const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "bench", dry_run: true })
  if (!run) throw new Error("a run is already active")
  const started = performance.now()
  const status = await runSync(container, run.id)
  const ms = performance.now() - started
  clearInterval(sampler)
  if (status !== "completed") throw new Error(`memory run ${status}`)
  report("memory", { ms, items: memoryN, rss_before_mb: before / 2 ** 20, rss_peak_mb: peak / 2 ** 20, file_mb: fs.statSync(feedFile).size / 2 ** 20 })
}
