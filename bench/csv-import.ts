// Runs inside a Medusa container (`medusa exec`), started by scripts/bench.mjs:
// Medusa's own CSV import (the workflow the admin's Products › Import runs)
// against the plugin syncing the same rows with the medusa-csv preset. Each
// side writes its own products (handles and SKUs prefixed "m" and "p"), in
// one database, taking turns. Prints JSON lines; not shipped; not a test.
import fs from "node:fs"
import { importProductsAsChunksWorkflow, importProductsAsChunksWorkflowId, waitConfirmationProductImportStepId } from "@medusajs/core-flows"
import type { ExecArgs, IWorkflowEngineService, MedusaContainer } from "@medusajs/framework/types"
import { Modules, TransactionHandlerType } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveStoreDefaults } from "../src/workflows/sync/batch/write-context"
import { PRODUCT_SYNC_MODULE } from "../src/modules/product_sync"
import type ProductSyncModuleService from "../src/modules/product_sync/service"
import { benchSync } from "./bench-sync"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeMedusaImportCsv } = require("../scripts/lib/catalog-writers.cjs")

const report = (name: string, figures: Record<string, number | string>) =>
  process.stdout.write(`BENCH ${JSON.stringify({ name, ...figures })}\n`)

export default async function csvImportBench({ container }: ExecArgs) {
  const n = Number(process.env.BENCH_CSV_N || 10_000)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const { salesChannelIds, shippingProfileId } = await resolveStoreDefaults(container, options.sources.csv)
  const columns = { salesChannelId: salesChannelIds[0], shippingProfileId }
  const medusaFile = `${options.sources.csv.url}.medusa.csv`

  // The two sides take turns over disjoint rows, in rounds, the side that
  // goes first alternating: each Medusa create scans the variant–price-set
  // link table (see the README), so whichever side wrote second into one
  // database would pay for the other's rows. Times are summed over the rounds.
  const rounds = Math.min(5, Math.max(1, Math.floor(n / 1000)))
  const perRound = Math.ceil(n / rounds)
  let importMs = 0
  let syncMs = 0
  const created = { medusa: 0, plugin: 0 }
  for (let r = 0; r < rounds; r++) {
    const [from, to] = [r * perRound, Math.min(n, (r + 1) * perRound)]
    const medusa = async () => {
      await writeMedusaImportCsv(medusaFile, to, { prefix: "m", ...columns, from })
      const imported = await medusaImport(container, medusaFile)
      importMs += imported.ms
      created.medusa += imported.summary.toCreate
    }
    const plugin = async () => {
      await writeMedusaImportCsv(options.sources.csv.url, to, { prefix: "p", ...columns, from })
      const synced = await benchSync(container, "csv sync", { source: "csv" })
      syncMs += synced.ms
      created.plugin += synced.run.created
    }
    for (const side of r % 2 ? [plugin, medusa] : [medusa, plugin]) await side()
  }
  report("csv-medusa-import", { ms: importMs, products: n, created: created.medusa, rounds })
  report("csv-plugin-sync", { ms: syncMs, products: n, created: created.plugin, rounds })

  await writeMedusaImportCsv(options.sources.csv.url, n, { prefix: "p", ...columns })
  const resynced = await benchSync(container, "csv resync", { source: "csv" })
  report("csv-plugin-resync", { ms: resynced.ms, products: n, unchanged: resynced.run.unchanged })

  if (process.env.BENCH_CSV_REIMPORT === "false") {
    fs.rmSync(medusaFile)
    return
  }
  // Medusa re-imports a file only with its products' ids, as its export writes them.
  await writeMedusaImportCsv(medusaFile, n, { prefix: "m", ...columns, ids: await idsByHandle(container, "m", n) })
  const reimported = await medusaImport(container, medusaFile)
  report("csv-medusa-reimport", { ms: reimported.ms, products: n, updated: reimported.summary.toUpdate })
  fs.rmSync(medusaFile)
}

/**
 * What the admin's Import does, to completion: the file is stored through
 * the file module, the import workflow splits it into chunks and waits for
 * the admin's confirmation, then writes the chunks.
 */
async function medusaImport(container: MedusaContainer, csvFile: string) {
  const engine = container.resolve<IWorkflowEngineService>(Modules.WORKFLOW_ENGINE)
  const files = container.resolve(Modules.FILE)
  const started = performance.now()
  const [stored] = await files.createFiles([{ filename: "bench-import.csv", content: fs.readFileSync(csvFile, "utf8"), mimeType: "text/csv" }])
  const { result: summary, transaction } = await importProductsAsChunksWorkflow(container).run({
    input: { filename: "bench-import.csv", fileKey: stored.id },
  })
  const transactionId = transaction.transactionId
  const finished = new Promise<void>((resolve, reject) => {
    void engine.subscribe({
      workflowId: importProductsAsChunksWorkflowId,
      transactionId,
      subscriber: (event: { eventType: string; errors?: unknown[] }) => {
        if (event.eventType !== "onFinish") return
        if (event.errors?.length) reject(new Error(`Medusa's import failed: ${JSON.stringify(event.errors).slice(0, 500)}`))
        else resolve()
      },
    })
  })
  await engine.setStepSuccess({
    idempotencyKey: { action: TransactionHandlerType.INVOKE, transactionId, stepId: waitConfirmationProductImportStepId, workflowId: importProductsAsChunksWorkflowId },
    stepResponse: new StepResponse(true),
  })
  await finished
  const ms = performance.now() - started
  await files.deleteFiles(stored.id).catch(() => undefined)
  return { ms, summary: summary as { toCreate: number; toUpdate: number } }
}

/** Handle → the product's id and its variants' ids by SKU, for the products Medusa imported. */
async function idsByHandle(container: MedusaContainer, prefix: string, n: number) {
  const products = container.resolve(Modules.PRODUCT)
  const ids = new Map<string, { id: string; variants: Map<string, string> }>()
  for (let from = 0; from < n; from += 1000) {
    const handles = Array.from({ length: Math.min(1000, n - from) }, (_, k) => `${prefix}-sync-product-${from + k}`)
    for (const p of await products.listProducts({ handle: handles }, { select: ["id", "handle", "variants.id", "variants.sku"], relations: ["variants"] })) {
      ids.set(p.handle, { id: p.id, variants: new Map((p.variants ?? []).map((v) => [v.sku as string, v.id])) })
    }
  }
  if (ids.size !== n) throw new Error(`Medusa's import made ${ids.size} of ${n} products`)
  return ids
}
