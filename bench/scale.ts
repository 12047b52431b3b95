// Runs inside a Medusa container (`medusa exec`), started by `npm run bench -- --scale`:
// a full sync of a large feed with real writes, then its no-change resync.
// Reports the products/s of each tenth of the full sync (does it decay as
// the tables grow?) and the executing process's peak RSS growth. Prints JSON
// lines; not shipped; not a test.
import path from "node:path"
import type { ExecArgs } from "@medusajs/framework/types"
import { runSync } from "../src/engine/run-sync"
import { PRODUCT_SYNC_MODULE } from "../src/modules/product_sync"
import type ProductSyncModuleService from "../src/modules/product_sync/service"
import { profile } from "./cpu-profile"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeFeedFile } = require("../scripts/lib/feed-generator.cjs")

const report = (name: string, figures: Record<string, unknown>) => process.stdout.write(`BENCH ${JSON.stringify({ name, ...figures })}\n`)

export default async function scaleBench({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_SCALE_N || 100_000)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const feedFile = (await service.getOptions()).sources.default.url
  await writeFeedFile(feedFile, n)

  const sync = async (label: string) => {
    global.gc?.()
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "bench" })
    if (!run) throw new Error("a run is already active")
    // When each tenth of the feed was committed, from the run's own progress.
    const tenths: number[] = []
    const started = performance.now()
    const sampler = setInterval(() => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss)
      void service.getRun(run.id).then((r) => {
        while (tenths.length < 10 && r.processed >= ((tenths.length + 1) * n) / 10) tenths.push(performance.now() - started)
      })
    }, 250)
    // BENCH_PROFILE: a CPU profile of the full sync, summarised by where the time went.
    const profiled = label === "scale-full" && process.env.BENCH_PROFILE
    const write = () => runSync(container, run.id)
    const { result: status, ms: cpu } = profiled ? await profile(path.join(process.env.BENCH_PROFILE as string, "full-sync.cpuprofile"), write) : { result: await write(), ms: undefined }
    const ms = performance.now() - started
    clearInterval(sampler)
    const done = await service.getRun(run.id)
    if (status !== "completed" || done.failed > 0) throw new Error(`${label}: ${status} ${done.error ?? ""} failed=${done.failed}`)
    while (tenths.length < 10) tenths.push(ms)
    const perTenth = tenths.map((t, i) => Math.round(n / 10 / ((t - (i ? tenths[i - 1] : 0)) / 1000)))
    report(label, { ms, products: n, created: done.created, unchanged: done.unchanged, products_per_s_by_tenth: perTenth, rss_before_mb: rssBefore / 2 ** 20, rss_peak_mb: rssPeak / 2 ** 20, ...(cpu ? { cpu_ms: cpu } : {}) })
  }
  await sync("scale-full")
  await sync("scale-resync")
}
