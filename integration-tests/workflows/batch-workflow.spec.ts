import path from "node:path"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { PRODUCT_SYNC_MODULE } from "../../src/modules/product_sync"
import type ProductSyncModuleService from "../../src/modules/product_sync/service"
import type { SourceItem } from "../../src/sources"
import { syncProductBatchWorkflow } from "../../src/workflows/sync/workflows/sync-product-batch"
import type { SyncProductBatchWorkflowInput } from "../../src/workflows/sync/batch/types"

jest.setTimeout(120_000)

// The batch workflow as an app (or another worker) runs it: its items in its
// input, no run loop and no read side in the process. Sources not named `default`.
process.env.PRODUCT_SYNC_SOURCES_MODULE = path.join(__dirname, "../fixtures/workflow-sources.ts")

const ZERO = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 }
const item = (index: number, product: Record<string, unknown>): SourceItem => ({ index, id: String(product.external_id ?? `row-${index + 1}`), product })
const lamp = (title: string, amount: string | number) => ({
  external_id: "LAMP-1",
  title,
  variants: [{ sku: "LAMP-1-S", title: "Small", prices: [{ currency_code: "eur", amount }] }],
})
const mug = { external_id: "MUG-1", title: "Mug", description: "<p>Stoneware</p>", variants: [{ sku: "MUG-1", prices: [{ currency_code: "eur", amount: 9.5 }] }] }

medusaIntegrationTestRunner({
  testSuite: ({ getContainer }) => {
    const service = () => getContainer().resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
    const runBatch = (input: SyncProductBatchWorkflowInput) => syncProductBatchWorkflow(getContainer()).run({ input })
    const products = async (externalIds: string[]) => {
      const { data } = await getContainer()
        .resolve(ContainerRegistrationKeys.QUERY)
        .graph({ entity: "product", fields: ["external_id", "title", "description", "variants.sku", "variants.prices.amount"], filters: { external_id: externalIds } })
      return Object.fromEntries(data.map((p) => [p.external_id, { title: p.title, description: p.description, prices: p.variants.map((v) => [v!.sku, v!.prices!.map((x) => x!.amount)]) }]))
    }

    it("writes a batch given in its input, commits it to the run, and finds it unchanged the second time", async () => {
      // Claimed, and executed by no runner: the claim alone starts nothing.
      const { run } = await service().claimRun({ source: "erp", trigger: "manual", triggered_by: "app" })
      const items = [
        item(0, lamp("Lamp", "19.90")), // a price as a string
        item(1, mug),
        item(2, { title: "no external id" }),
        item(3, { external_id: "MUG-1", title: "Mug again" }), // a repeat in the batch
        { index: 4, id: null, skipped: true as const },
      ]
      const position = { records: 5, cursor: { page: "p2", offset: 0 }, total: 9 }
      const { result } = await runBatch({ run_id: run!.id, source: "erp", items, position })
      expect(result).toEqual({ continue: true, cancel: false, stats: { ...ZERO, created: 2, failed: 2, skipped: 1 } })
      expect(await products(["LAMP-1", "MUG-1"])).toEqual({
        "LAMP-1": { title: "Lamp", description: null, prices: [["LAMP-1-S", [19.9]]] },
        "MUG-1": { title: "Mug", description: "<p>Stoneware</p>", prices: [["MUG-1", [9.5]]] },
      })
      const committed = await service().getRun(run!.id)
      expect({ processed: committed.processed, total: committed.total, checkpoint: committed.checkpoint, created: committed.created, failed: committed.failed, skipped: committed.skipped }).toEqual({
        processed: 5, total: 9, checkpoint: { page: "p2", offset: 0 }, created: 2, failed: 2, skipped: 1,
      })
      const errors = await service().listSyncRunErrors({ run_id: run!.id }, { order: { external_id: "ASC" } })
      expect(errors.map((e) => [e.external_id, e.message])).toEqual([
        ["MUG-1", "external_id appears more than once in the feed; the first occurrence was synced"],
        ["row-3", expect.stringMatching(/^invalid item: .*external_id.*\(record 3\)$/)],
      ])
      expect([...(await service().lookupLedger("erp", ["LAMP-1", "MUG-1"])).keys()].sort()).toEqual(["LAMP-1", "MUG-1"])
      const changes = await service().listChanges(run!.id, {}, { limit: 10, offset: 0 })
      expect(changes.changes.map((c) => [c.external_id, c.action]).sort()).toEqual([["LAMP-1", "create"], ["MUG-1", "create"]])

      // The same batch again, and a changed one: nothing rewritten, then exactly the title.
      const again = await runBatch({ run_id: run!.id, source: "erp", items: items.slice(0, 2), position: { records: 2, cursor: null, total: 9 } })
      expect(again.result.stats).toEqual({ ...ZERO, unchanged: 2 })
      const changed = await runBatch({ run_id: run!.id, source: "erp", items: [item(0, lamp("Desk lamp", 19.9))], position: { records: 1, cursor: null, total: 9 } })
      expect(changed.result.stats).toEqual({ ...ZERO, updated: 1 })
      expect((await products(["LAMP-1"]))["LAMP-1"].title).toBe("Desk lamp")
      const logged = await service().listChanges(run!.id, { action: "update" }, { limit: 10, offset: 0 })
      expect(logged.changes.map((c) => [c.external_id, c.fields])).toEqual([["LAMP-1", { title: { from: "Lamp", to: "Desk lamp" } }]])
      await service().finishRun(run!.id, "completed", null)
    })

    it("writes nothing for a run that ended elsewhere, and says so; a run that does not exist is NOT_FOUND", async () => {
      const { run } = await service().claimRun({ source: "pim", trigger: "manual", triggered_by: "app" })
      await service().finishRun(run!.id, "cancelled", null)
      const { result } = await runBatch({ run_id: run!.id, source: "pim", items: [item(0, { external_id: "CHAIR-1", title: "Chair" })], position: { records: 1, cursor: null, total: null } })
      expect(result.continue).toBe(false)
      const ended = await service().getRun(run!.id)
      expect({ status: ended.status, processed: ended.processed, created: ended.created }).toEqual({ status: "cancelled", processed: 0, created: 0 })
      expect((await service().lookupLedger("pim", ["CHAIR-1"])).size).toBe(0)

      const { errors } = await syncProductBatchWorkflow(getContainer()).run({
        input: { run_id: "psrun_missing", source: "pim", items: [item(0, { external_id: "DESK-1", title: "Desk" })], position: { records: 1, cursor: null, total: null } },
        throwOnError: false,
      })
      expect(errors.map((e) => (e.error as Error).message)).toEqual([expect.stringMatching(/psrun_missing/)])
      expect(await products(["DESK-1"])).toEqual({})
    })
  },
})
