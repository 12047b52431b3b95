// Runs inside a Medusa container (`medusa exec`), started by `npm run bench -- --scale`:
// a full sync of a large feed with real writes, then its no-change resync
// (or, with BENCH_SCALE_BASELINE_N, Medusa's createProductsWorkflow alone).
// Reports the products/s of each tenth of the full sync (does it decay as
// the tables grow?) and the executing process's peak RSS growth. Prints JSON
// lines; not shipped; not a test.
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { resolveStoreDefaults } from "../src/workflows/sync/batch/write-context"
import { runSync } from "../src/runner/run-sync"
import { PRODUCT_SYNC_MODULE } from "../src/modules/product_sync"
import type ProductSyncModuleService from "../src/modules/product_sync/service"
import { profile } from "./cpu-profile"
import { createWithMedusa, prefixedBatches } from "./medusa-baseline"
import { resetStatements, topStatements } from "./pg-statements"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeFeedFile } = require("../scripts/lib/feed-generator.cjs")

const report = (name: string, figures: Record<string, unknown>) => process.stdout.write(`BENCH ${JSON.stringify({ name, ...figures })}\n`)

export default async function scaleBench({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_SCALE_N || 100_000)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const feedFile = options.sources.default.url
  // BENCH_SCALE_BASELINE_N: instead, Medusa's createProductsWorkflow alone over
  // that many products, in the same batches: does it slow down and grow as well?
  // (scripts/bench.mjs runs it in a process and database of its own.)
  const baselineN = Number(process.env.BENCH_SCALE_BASELINE_N || 0)
  if (baselineN) return await baseline(container, baselineN, options.batchSize)
  await writeFeedFile(feedFile, n)

  const sync = async (label: string) => {
    // BENCH_PROFILE: a CPU profile of the full sync, summarised by where the
    // time went, and the Postgres statements it ran.
    const profiled = label === "scale-full" && process.env.BENCH_PROFILE
    if (profiled) await resetStatements(container)
    const memory = rssPeak()
    const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "bench" })
    if (!run) throw new Error("a run is already active")
    // The run's own progress, sampled: when each tenth was committed is interpolated from it.
    const samples: { t: number; processed: number }[] = [{ t: 0, processed: 0 }]
    const started = performance.now()
    const sampler = setInterval(() => {
      void service.getRun(run.id).then((r) => samples.push({ t: performance.now() - started, processed: r.processed }))
    }, 250)
    const write = () => runSync(container, run.id)
    const { result: status, ms: cpu } = profiled ? await profile(path.join(process.env.BENCH_PROFILE as string, "full-sync.cpuprofile"), write) : { result: await write(), ms: undefined }
    const ms = performance.now() - started
    clearInterval(sampler)
    const rss = memory()
    const postgres = profiled ? await topStatements(container) : undefined
    const done = await service.getRun(run.id)
    if (status !== "completed" || done.failed > 0) throw new Error(`${label}: ${status} ${done.error ?? ""} failed=${done.failed}`)
    samples.push({ t: ms, processed: n })
    // Per tenth for the full sync only: a resync commits a tenth or more at once.
    const perTenth = label === "scale-full" ? ratesByTenth(samples, n) : undefined
    report(label, { ms, products: n, created: done.created, unchanged: done.unchanged, products_per_s_by_tenth: perTenth, ...rss, ...(cpu ? { cpu_ms: cpu, postgres } : {}) })
  }
  await sync("scale-full")
  await sync("scale-resync")
}

/** Products/s of each tenth of a run, the time each tenth was reached interpolated between samples of its progress. */
function ratesByTenth(samples: { t: number; processed: number }[], n: number): number[] {
  const sorted = [...samples].sort((a, b) => a.t - b.t)
  const reached = Array.from({ length: 10 }, (_, k) => {
    const goal = ((k + 1) * n) / 10
    const i = sorted.findIndex((s) => s.processed >= goal)
    const [before, after] = [sorted[i - 1], sorted[i]]
    return before.t + ((goal - before.processed) / (after.processed - before.processed)) * (after.t - before.t)
  })
  return reached.map((t, k) => Math.round(n / 10 / ((t - (k ? reached[k - 1] : 0)) / 1000)))
}

async function baseline(container: ExecArgs["container"], n: number, batchSize: number) {
  const defaults = await resolveStoreDefaults(container, {})
  const samples = [{ t: 0, processed: 0 }]
  const memory = rssPeak()
  const started = performance.now()
  let processed = 0
  for (const batch of prefixedBatches(0, n, "a", batchSize)) {
    await createWithMedusa(container, batch, defaults)
    samples.push({ t: performance.now() - started, processed: (processed += batch.length) })
  }
  report("scale-baseline", { ms: performance.now() - started, products: n, products_per_s_by_tenth: ratesByTenth(samples, n), ...memory() })
}

/** This process's peak RSS from now until the returned function is called, sampled every 250 ms; "before" after a full GC. */
function rssPeak() {
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 250)
  return () => {
    clearInterval(sampler)
    return { rss_before_mb: before / 2 ** 20, rss_peak_mb: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 }
  }
}
