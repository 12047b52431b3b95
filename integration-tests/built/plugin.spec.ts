import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { loginAdmin } from "../fixtures/admin"
import { waitForRun } from "../http/helpers"

jest.setTimeout(180_000)

const app = path.join(__dirname, "../../.cache/built-app")
process.env.BUILT_FEED_PATH = path.join(__dirname, "../../demo/feed.json")
process.env.BUILT_SUPPLIER_PATH = path.join(__dirname, "../fixtures/catalogs/supplier-items.json")

// The published package, by name, with options: proves the build, the
// exports map, the shipped migration and that options reach the module.
medusaIntegrationTestRunner({
  cwd: app,
  testSuite: ({ api, getContainer }) => {
    it("boots, migrates and syncs with the options given in medusa-config", async () => {
      const { headers } = await loginAdmin(getContainer(), api)
      const status = await api.get("/admin/sync/status?source=catalog", { headers })
      expect(status.status).toBe(200)
      expect(status.data).toEqual({
        source: "catalog", is_running: false, run: null, last_run: null, next_run_at: null, last_success_at: null,
        freshness: { max_age_hours: 24, is_fresh: false },
      })

      const unknown = await api.post("/admin/sync/trigger", {}, { headers, validateStatus: () => true })
      expect(unknown.status).toBe(400) // no "default" source in these options: name one
      expect(unknown.data.message).toBe(`Name a source: none is called "default". Configured: catalog, supplier`)

      const started = await api.post("/admin/sync/trigger", { source: "catalog" }, { headers })
      expect(started.status).toBe(202)
      const run = await waitForRun(api, headers, started.data.run.id)
      expect(run).toMatchObject({ status: "completed", source: "catalog" })
      expect(run.stats).toEqual({ created: 200, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      // batchSize 7 from the options: the last full batch ended at item 196 (28 × 7);
      // the final 4 items close the feed, which leaves no later cursor to store.
      expect(run.checkpoint).toEqual({ page: process.env.BUILT_FEED_PATH, offset: 196 })
    })

    it("maps records with the map function given in medusa-config; the app's productsPrepared hook adds its margin", async () => {
      const { headers } = await loginAdmin(getContainer(), api)
      const log = (globalThis as any).productSyncHookLog as any[]
      log.length = 0
      const started = await api.post("/admin/sync/trigger", { source: "supplier" }, { headers })
      const run = await waitForRun(api, headers, started.data.run.id)
      expect(run).toMatchObject({ status: "completed", stats: { created: 3, updated: 0, unchanged: 0, skipped: 1, failed: 0, removed: 0, conflicts: 0 } })
      const { data } = await api.get("/admin/products?fields=external_id,title,metadata,*variants,*variants.prices&order=external_id", { headers })
      // Feed prices 24.90, 89 and 7, +25 % by the hook in the app's src/workflows/hooks/product-sync.js.
      expect(data.products.map((p: any) => [p.external_id, p.title, p.metadata, p.variants[0].prices[0].amount])).toEqual([
        ["AC-100", "Desk Lamp", { source: "supplier", record: 0, priced_by: "hook" }, 31.13],
        ["AC-101", "Floor Lamp", { source: "supplier", record: 1, priced_by: "hook" }, 111.25],
        ["AC-103", "Bulb Pack", { source: "supplier", record: 3, priced_by: "hook" }, 8.75],
      ])
      // batchSize 7: one batch of 4 records. Medusa's own hook saw the sync's additional_data.
      expect(log).toEqual([
        { hook: "productsCreated", count: 3, origin: "supplier" },
        { hook: "batchCommitted", source: "supplier", created: ["AC-100", "AC-101", "AC-103"], updated: 0 },
      ])
    })
  },
})
