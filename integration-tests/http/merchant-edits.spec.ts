import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { StepResponse } from "@medusajs/framework/workflows-sdk"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { syncProductBatchWorkflow } from "../../src/workflows/sync/workflows/sync-product-batch"
import { FeedServer } from "../fixtures/feed-server"
import { loginAdmin } from "../fixtures/admin"
import { waitFor } from "../fixtures/wait-for"
import { listProducts, waitForRun } from "./helpers"

jest.setTimeout(180_000)

// A sync changes exactly what the feed says: an editor works on the synced
// products between runs, and removals need proof. No source is `default`.
const feed = new FeedServer()
beforeAll(() => feed.listen(Number(process.env.TEST_FEED_PORT)))
afterAll(() => feed.close())
const ndjson = path.join(os.tmpdir(), `mps-edits-${process.pid}.ndjson`)
afterAll(() => fs.rmSync(ndjson, { force: true }))
// Read by medusa-config.ts (and the sources module) when the runner loads it.
process.env.TEST_EDITS_NDJSON = ndjson
process.env.PRODUCT_SYNC_SOURCES_MODULE = path.join(__dirname, "../fixtures/edit-sources.ts")
process.env.PRODUCT_SYNC_RETRY_BACKOFF_MS = "10"
process.env.PRODUCT_SYNC_BATCH_SIZE = "5"

// An app's hooks, as in the README, acting on two of the sources only.
type HookInput = { external_id?: string | null; variants?: { prices?: { amount: number }[] }[] }
const withMargin = <T extends HookInput>(p: T): T => ({
  ...p,
  variants: p.variants?.map((v) => ({ ...v, prices: v.prices?.map((x) => ({ ...x, amount: Math.round(x.amount * 125) / 100 })) })),
})
syncProductBatchWorkflow.hooks.productsPrepared(({ source, create, update }) => {
  if (source !== "hooked") return new StepResponse({})
  // In reverse order, without the product the app does not want, prices +25 %.
  return new StepResponse({ create: create.filter((p) => p.external_id !== "P-DROP").map(withMargin).reverse(), update: update.map(withMargin).reverse() })
})
syncProductBatchWorkflow.hooks.batchCommitted(({ source }) => {
  if (source === "hook-fails") throw new Error("the PIM is down")
})

const ZERO = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 }
const priced = (sku: string, amount: number | string) => [{ sku, prices: [{ currency_code: "eur", amount }] }]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: { authorization: string }
    let userId: string
    const sync = async (source: string, body: Record<string, unknown> = {}) => {
      const res = await api.post("/admin/sync/trigger", { source, ...body }, { headers })
      return await waitForRun(api, headers, res.data.run.id)
    }
    const product = async (externalId: string, fields: string) => {
      const { data } = await api.get(`/admin/products?external_id=${externalId}&fields=${fields}`, { headers })
      return data.products[0]
    }
    const edit = async (externalId: string, body: Record<string, unknown>) => {
      const { id } = await product(externalId, "id")
      await api.post(`/admin/products/${id}`, body, { headers })
      return id as string
    }
    const statuses = async () => {
      const { data } = await api.get("/admin/products?limit=100&fields=external_id,status", { headers })
      return Object.fromEntries(data.products.map((p: any) => [p.external_id, p.status]))
    }
    const items = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ external_id: `${prefix}${i}`, title: `${prefix} ${i}` }))

    beforeEach(async () => {
      feed.reset()
      ;({ headers, userId } = await loginAdmin(getContainer(), api))
    })

    it("keeps an editor's description, tags, draft status and metadata when a feed that does not carry them changes the title", async () => {
      const mug = { external_id: "E1", title: "Stoneware Mug", variants: priced("E1-1", 12) }
      feed.reset([mug])
      expect((await sync("supplier")).stats).toEqual({ ...ZERO, created: 1 })
      const { data: tag } = await api.post("/admin/product-tags", { value: "handpicked" }, { headers })
      await edit("E1", { description: "Glazed by hand in Porto", status: "draft", metadata: { shelf: "A3" }, tags: [{ id: tag.product_tag.id }] })

      feed.reset([{ ...mug, title: "Stoneware Mug 350 ml" }])
      expect((await sync("supplier")).stats).toEqual({ ...ZERO, updated: 1 })
      const p = await product("E1", "title,description,status,metadata,*tags,*variants,*variants.prices")
      expect({ title: p.title, description: p.description, status: p.status, metadata: p.metadata, tags: p.tags.map((t: any) => t.value) }).toEqual({
        title: "Stoneware Mug 350 ml",
        description: "Glazed by hand in Porto",
        status: "draft",
        metadata: { shelf: "A3" },
        tags: ["handpicked"],
      })
      expect(p.variants[0].prices.map((pr: any) => pr.amount)).toEqual([12])
    })

    it("keeps an edited description while the feed changes other fields; when the feed changes it too, the feed wins and the conflict is counted and shown", async () => {
      const teapot = (over: Record<string, unknown> = {}) => ({ external_id: "E2", title: "Teapot", description: "Supplier text", metadata: { origin: "PT" }, ...over })
      feed.reset([teapot()])
      await sync("supplier")
      const id = await edit("E2", { description: "Editor text", metadata: { origin: "PT", aisle: "7" } })

      feed.reset([teapot({ title: "Teapot 1 l" })])
      expect((await sync("supplier")).stats).toEqual({ ...ZERO, updated: 1 })
      expect(await product("E2", "title,description,metadata")).toMatchObject({ title: "Teapot 1 l", description: "Editor text", metadata: { origin: "PT", aisle: "7" } })

      feed.reset([teapot({ title: "Teapot 1 l", description: "Supplier text v2", metadata: { origin: "ES" } })])
      const third = await sync("supplier")
      expect(third.stats).toEqual({ ...ZERO, updated: 1, conflicts: 1 })
      expect(await product("E2", "description,metadata")).toMatchObject({ description: "Supplier text v2", metadata: { origin: "ES", aisle: "7" } })
      const { data } = await api.get(`/admin/sync/products/${id}`, { headers })
      expect(data.sync).toMatchObject({ source: "supplier", locked: false, conflicts: [{ field: "description", store: "Editor text", feed: "Supplier text v2", kept: "feed", run_id: third.id }] })
    })

    it("onConflict store: keeps the store's value of a field both changed, counts it once, and writes nothing for it", async () => {
      const lamp = (over: Record<string, unknown> = {}) => ({ external_id: "E3", title: "Lamp", description: "Supplier text", ...over })
      feed.reset([lamp()])
      await sync("store-wins")
      await edit("E3", { description: "Editor text" })
      feed.reset([lamp({ description: "Supplier text v2" })])
      expect((await sync("store-wins")).stats).toEqual({ ...ZERO, unchanged: 1, conflicts: 1 })
      expect((await product("E3", "description")).description).toBe("Editor text")
      // The feed did not change again: nothing to decide.
      expect((await sync("store-wins")).stats).toEqual({ ...ZERO, unchanged: 1 })
    })

    it('fields: { description: "create" } writes the description once and keeps updating prices', async () => {
      const vase = (description: string, amount: string) => ({ external_id: "C1", title: "Vase", description, variants: priced("C1", amount) })
      feed.reset([vase("First copy", "30.00")])
      await sync("copy-owned")
      feed.reset([vase("Second copy", "27.50")])
      expect((await sync("copy-owned")).stats).toEqual({ ...ZERO, updated: 1 })
      const p = await product("C1", "description,*variants,*variants.prices")
      expect([p.description, p.variants[0].prices.map((pr: any) => pr.amount)]).toEqual(["First copy", [27.5]])
    })

    it("skips a locked product in every run and never removes it, until it is unlocked", async () => {
      feed.reset([{ external_id: "L1", title: "Chair" }, { external_id: "L2", title: "Table" }])
      await sync("drafting")
      const { id } = await product("L1", "id")
      const locked = await api.post(`/admin/sync/products/${id}/lock`, {}, { headers })
      expect(locked.data.sync).toMatchObject({ locked: true, locked_by: userId, locked_at: expect.any(String) })

      feed.reset([{ external_id: "L1", title: "Chair (new)" }, { external_id: "L2", title: "Table" }])
      expect((await sync("drafting")).stats).toEqual({ ...ZERO, skipped: 1, unchanged: 1 })
      feed.reset([{ external_id: "L2", title: "Table" }])
      const without = await sync("drafting")
      expect([without.stats.removed, without.missing]).toEqual([0, null])
      expect(await statuses()).toEqual({ L1: "published", L2: "published" })
      expect((await product("L1", "title")).title).toBe("Chair")

      expect((await api.delete(`/admin/sync/products/${id}/lock`, { headers })).data.sync).toMatchObject({ locked: false, locked_by: null })
      feed.reset([{ external_id: "L1", title: "Chair (new)" }, { external_id: "L2", title: "Table" }])
      expect((await sync("drafting")).stats).toEqual({ ...ZERO, updated: 1, unchanged: 1 })
      expect((await product("L1", "title")).title).toBe("Chair (new)")

      const { data: own } = await api.post("/admin/products", { title: "By hand", options: [{ title: "o", values: ["v"] }] }, { headers })
      const unmanaged = await api.post(`/admin/sync/products/${own.product.id}/lock`, {}, { headers, validateStatus: () => true })
      expect([unmanaged.status, unmanaged.data.message]).toEqual([404, `Product ${own.product.id} is not synced from any source`])
    })

    it("targeted: writes only the named products, removes nothing, stops reading once it met them, and is no full sync", async () => {
      feed.reset(items(30, "T"), 10)
      expect((await sync("drafting")).stats).toEqual({ ...ZERO, created: 30 })
      // Every title changes and T29 leaves the feed; only T3 and T12 are asked for.
      feed.reset(items(29, "T").map((p) => ({ ...p, title: `${p.title} (new)` })), 10)
      const run = await sync("drafting", { only: ["T3", "T12", "T3"] })
      expect(run).toMatchObject({ status: "completed", mode: "targeted", only: ["T3", "T12"], stats: { ...ZERO, updated: 2 }, missing: null, note: null })
      // T12 is on page 2: page 3 was never asked for.
      expect(feed.requests.map((r) => new URL(r, feed.url).searchParams.get("page") ?? "1")).toEqual(["1", "2"])
      const { data } = await api.get("/admin/products?limit=100&fields=external_id,title", { headers })
      const changed = data.products.filter((p: any) => p.title.endsWith("(new)")).map((p: any) => p.external_id).sort()
      expect(changed).toEqual(["T12", "T3"])
      expect((await statuses()).T29).toBe("published")

      const absent = await sync("drafting", { only: ["T29"] })
      expect(absent).toMatchObject({ status: "completed", mode: "targeted", stats: ZERO, note: "not in the source: T29" })
      // The source's next full run builds on its last full one: T29 is drafted now, the other titles written.
      const full = await sync("drafting")
      expect(full).toMatchObject({ mode: "full", stats: { ...ZERO, updated: 27, unchanged: 2, removed: 1 } })
      expect((await statuses()).T29).toBe("draft")

      const bad = await api.post("/admin/sync/trigger", { source: "drafting", only: [] }, { headers, validateStatus: () => true })
      expect(bad.status).toBe(400)
    })

    it("retry-failed: a targeted run of exactly the items that failed, once the feed is fixed", async () => {
      feed.reset([
        { external_id: "F1", title: "Fine" },
        { external_id: "F2", title: "" },
        { external_id: "F3", title: "Lamp", variants: priced("F3-1", "ten") },
        { external_id: "F4", title: "Fine too" },
      ])
      const first = await sync("supplier")
      expect(first).toMatchObject({ status: "completed", stats: { ...ZERO, created: 2, failed: 2 } })
      // The supplier fixed both, and changed F1 meanwhile: the retry writes the two that failed only.
      feed.reset([
        { external_id: "F1", title: "Fine (changed)" },
        { external_id: "F2", title: "Mended" },
        { external_id: "F3", title: "Lamp", variants: priced("F3-1", "10") },
        { external_id: "F4", title: "Fine too" },
      ])
      let release = () => {}
      feed.setFault({ kind: "hold", until: new Promise<void>((r) => (release = r)), times: 1 })
      const res = await api.post(`/admin/sync/runs/${first.id}/retry-failed`, {}, { headers })
      expect(res.status).toBe(202)
      expect(res.data.run).toMatchObject({ source: "supplier", mode: "targeted", only: ["F2", "F3"] })
      // Guarded like every run: a second retry while it runs is a 409 with the active run.
      const twice = await api.post(`/admin/sync/runs/${first.id}/retry-failed`, {}, { headers, validateStatus: () => true })
      expect(twice.status).toBe(409)
      expect(twice.data.run.id).toBe(res.data.run.id)
      release()
      const retried = await waitForRun(api, headers, res.data.run.id)
      expect(retried.stats).toEqual({ ...ZERO, created: 2 })
      const { data } = await api.get("/admin/products?limit=10&fields=external_id,title", { headers })
      expect(Object.fromEntries(data.products.map((p: any) => [p.external_id, p.title]))).toEqual({ F1: "Fine", F2: "Mended", F3: "Lamp", F4: "Fine too" })

      const nothing = await api.post(`/admin/sync/runs/${retried.id}/retry-failed`, {}, { headers, validateStatus: () => true })
      expect(nothing.status).toBe(400)
      expect(nothing.data.message).toBe(`Run ${retried.id} has no failed item with an external id to retry`)
    })

    it("a dry run's plan lists exactly the fields, prices and stock that would change, flags the risks, and writes nothing; the real run logs the same", async () => {
      const stocked = (sku: string, amount: number | string, quantity: number) => [{ sku, prices: [{ currency_code: "eur", amount }], inventory_quantity: quantity }]
      const K = {
        mug: { external_id: "K1", title: "Mug", description: "Supplier text", variants: stocked("K1-1", 20, 10) },
        lamp: { external_id: "K2", title: "Lamp", variants: stocked("K2-1", 50, 3) },
        chair: { external_id: "K3", title: "Chair", variants: stocked("K3-1", 100, 1) },
        table: { external_id: "K4", title: "Table", variants: stocked("K4-1", 300, 2) },
      }
      feed.reset(Object.values(K))
      const first = await sync("planned")
      expect(first.stats).toEqual({ ...ZERO, created: 4 })
      const created = (await api.get(`/admin/sync/runs/${first.id}/changes`, { headers })).data
      expect(created.summary).toEqual({ total: 4, actions: { create: 4 }, fields: {}, risks: {} })
      expect(created.changes.map((c: any) => [c.external_id, c.action, !!c.product_id])).toEqual([["K1", "create", true], ["K2", "create", true], ["K3", "create", true], ["K4", "create", true]])
      // An editor rewrites the mug's description; the feed does not change it, so no plan touches it.
      await edit("K1", { description: "Editor text" })

      // The mug is renamed, its price falls by 60 % (a string in the feed), its stock runs out; the chair leaves; a stool arrives in a new category.
      const next = [
        { ...K.mug, title: "Mug 350 ml", variants: stocked("K1-1", "8.00", 0) },
        K.lamp,
        K.table,
        { external_id: "K5", title: "Stool", categories: ["Planned > Seating"], variants: stocked("K5-1", 40, 4) },
      ]
      feed.reset(next)
      const before = await listProducts(api, headers)
      const categories = async () => (await api.get("/admin/product-categories?limit=100&fields=id", { headers })).data.count
      const categoriesBefore = await categories()
      const dry = await sync("planned", { dry_run: true })
      expect(dry).toMatchObject({ status: "completed", dry_run: true, stats: { ...ZERO, created: 1, updated: 1, unchanged: 2 } })
      // Nothing was written: no product, no category, no updated_at moved, the editor's text stays.
      expect(await listProducts(api, headers)).toEqual(before)
      expect(await categories()).toBe(categoriesBefore)
      expect(await product("K1", "description")).toMatchObject({ description: "Editor text" })

      const plan = (await api.get(`/admin/sync/runs/${dry.id}/changes`, { headers })).data
      const mugId = before.products.find((p) => p.external_id === "K1")!.id
      const chairId = before.products.find((p) => p.external_id === "K3")!.id
      const mugChange = {
        external_id: "K1",
        product_id: mugId,
        title: "Mug 350 ml",
        action: "update",
        fields: { title: { from: "Mug", to: "Mug 350 ml" } },
        variants: null,
        prices: [{ sku: "K1-1", variant: "Mug 350 ml", currency_code: "eur", from: 20, to: 8, change: -0.6 }],
        stock: [{ sku: "K1-1", variant: "Mug 350 ml", location: "Product sync warehouse", from: 10, to: 0 }],
        risks: ["price_drop", "stock_lost"],
      }
      const chairChange = { external_id: "K3", product_id: chairId, title: "Chair", action: "draft", fields: { status: { from: "published", to: "draft" } }, variants: null, prices: [], stock: [], risks: ["draft"] }
      const stoolChange = { external_id: "K5", product_id: null, title: "Stool", action: "create", fields: {}, variants: null, prices: [], stock: [], risks: [] }
      expect(plan).toEqual({
        changes: [mugChange, chairChange, stoolChange],
        count: 3,
        limit: 50,
        offset: 0,
        dry_run: true,
        summary: { total: 3, actions: { create: 1, update: 1, draft: 1 }, fields: { title: 1, prices: 1, stock: 1, status: 1 }, risks: { price_drop: 1, stock_lost: 1, draft: 1 } },
      })
      const filtered = async (query: string) => (await api.get(`/admin/sync/runs/${dry.id}/changes?${query}`, { headers })).data
      expect((await filtered("risk=price_drop")).changes.map((c: any) => c.external_id)).toEqual(["K1"])
      expect((await filtered("action=create")).changes.map((c: any) => c.external_id)).toEqual(["K5"])
      expect((await filtered("field=status")).changes.map((c: any) => c.external_id)).toEqual(["K3"])
      expect(await filtered("q=stool&limit=1")).toMatchObject({ count: 1, changes: [{ external_id: "K5" }] })
      expect(await filtered("limit=1&offset=1")).toMatchObject({ count: 3, changes: [{ external_id: "K3" }] })
      const wrong = await api.get(`/admin/sync/runs/${dry.id}/changes?risk=cheap`, { headers, validateStatus: () => true })
      expect([wrong.status, wrong.data.message]).toEqual([400, expect.stringContaining("risk must be one of price_drop, stock_lost, draft, remove")])

      // The real run writes what the plan said, and logs the same; the admin API reads back its "to" values.
      const real = await sync("planned")
      expect(real.stats).toEqual({ ...ZERO, created: 1, updated: 1, unchanged: 2, removed: 1 })
      const log = (await api.get(`/admin/sync/runs/${real.id}/changes`, { headers })).data
      const stoolId = (await product("K5", "id")).id
      expect(log.changes).toEqual([mugChange, chairChange, { ...stoolChange, product_id: stoolId }])
      expect(log.dry_run).toBe(false)
      const mug = await product("K1", "title,description,status,*variants,*variants.prices,*variants.inventory_items.inventory.location_levels")
      expect([mug.title, mug.description, mug.variants[0].prices.map((p: any) => p.amount)]).toEqual(["Mug 350 ml", "Editor text", [8]])
      expect(mug.variants[0].inventory_items[0].inventory.location_levels.map((l: any) => l.stocked_quantity)).toEqual([0])
      expect((await statuses()).K3).toBe("draft")

      // The product's card lists the runs that changed it, newest first; a dry run's plan is not a change.
      const card = (await api.get(`/admin/sync/products/${mugId}`, { headers })).data.sync
      expect(card.changes.map((c: any) => [c.run_id, c.action, c.changed])).toEqual([[real.id, "update", ["title", "prices", "stock"]], [first.id, "create", []]])
      // A no-change resync records nothing.
      const again = await sync("planned")
      expect((await api.get(`/admin/sync/runs/${again.id}/changes`, { headers })).data).toMatchObject({ count: 0, summary: { total: 0 } })

      // Preview compares the products the store has with it, as the plan does: null where nothing would change.
      feed.reset([{ ...next[0], variants: stocked("K1-1", "9.50", 0) }, K.lamp, { external_id: "K9", title: "Bench" }])
      const preview = await api.post("/admin/sync/sources/planned/preview", { limit: 10 }, { headers })
      expect(preview.data.products.map((p: any) => p.external_id)).toEqual(["K1", "K2", "K9"])
      expect(preview.data.changes).toEqual({
        K1: { product_id: mugId, action: "update", fields: {}, variants: null, prices: [{ sku: "K1-1", variant: "Mug 350 ml", currency_code: "eur", from: 8, to: 9.5, change: 0.1875 }], stock: [], risks: [] },
        K2: null,
      })
    })

    it("a dry run's plan names categories by their paths and creates none; a removal the breaker would hold is not planned", async () => {
      const shirt = (i: number, categories: string[]) => ({ external_id: `D${i}`, title: `Shirt ${i}`, categories })
      const size = (value: string, amount: number) => ({ sku: `D2-${value}`, options: { Size: value }, prices: [{ currency_code: "eur", amount }] })
      const sized = (values: string[]) => ({ ...shirt(2, ["Men > Shirts"]), options: [{ title: "Size", values }], variants: values.map((v, i) => size(v, 10 + 2 * i)) })
      feed.reset([1, 3, 4, 5].map((i) => shirt(i, ["Men > Shirts"])).concat(sized(["S"])))
      expect((await sync("deleting")).stats).toEqual({ ...ZERO, created: 5 })
      const categories = async () => (await api.get("/admin/product-categories?limit=100&fields=name", { headers })).data.product_categories.map((c: any) => c.name).sort()
      expect(await categories()).toEqual(["Men", "Shirts"])
      // D1 joins a category that does not exist yet, whose leaf has the same name; D2 gets a size; D5 leaves the feed (1 of 5 > 10 %).
      feed.reset([shirt(1, ["Men > Shirts", "Women > Shirts"]), sized(["S", "M"]), ...[3, 4].map((i) => shirt(i, ["Men > Shirts"]))])
      const dry = await sync("deleting", { dry_run: true })
      expect(dry).toMatchObject({
        stats: { ...ZERO, updated: 2, unchanged: 2 },
        note: "the safety breaker would hold the removal of 1 of 5 products (20 % > 10 %) for an admin to apply; the plan lists none",
      })
      const plan = (await api.get(`/admin/sync/runs/${dry.id}/changes`, { headers })).data
      expect(plan.changes).toMatchObject([
        { external_id: "D1", action: "update", fields: { categories: { from: ["Men > Shirts"], to: ["Men > Shirts", "Women > Shirts"] } }, variants: null, prices: [], risks: [] },
        {
          external_id: "D2",
          action: "update",
          fields: { "options.Size": { from: ["S"], to: ["M", "S"] } },
          variants: { added: ["D2-M"], removed: [] },
          prices: [{ sku: "D2-M", variant: "M", currency_code: "eur", from: null, to: 12, change: null }],
          risks: [],
        },
      ])
      expect(plan.summary).toEqual({ total: 2, actions: { update: 2 }, fields: { categories: 1, "options.Size": 1, variants: 1, prices: 1 }, risks: {} })
      expect(await categories()).toEqual(["Men", "Shirts"])
    })

    it("refuses to resume a failed run that a later complete run superseded, and removes nothing", async () => {
      feed.reset(items(30, "R"), 10)
      feed.failFromPage = 3
      const failed = await sync("drafting")
      expect(failed).toMatchObject({ status: "failed", stats: { ...ZERO, created: 20 } })
      feed.failFromPage = null
      const done = await sync("drafting")
      expect(done).toMatchObject({ status: "completed", stats: { ...ZERO, created: 10, unchanged: 20 }, missing: null })

      const resume = await api.post(`/admin/sync/runs/${failed.id}/resume`, {}, { headers, validateStatus: () => true })
      expect(resume.status).toBe(409)
      expect(resume.data).toMatchObject({
        type: "conflict",
        message: `Run ${failed.id} cannot be resumed: run ${done.id} completed a newer sync of source "drafting" since it began. Start a new run instead.`,
        run: { id: done.id, status: "completed" },
      })
      const { data } = await api.get("/admin/sync/runs?source=drafting", { headers })
      expect(data.count).toBe(2)
      expect(Object.values(await statuses())).toEqual(Array(30).fill("published"))
    })

    it("removes nothing after a resume at a page boundary: records that moved onto pages read before were never met", async () => {
      feed.reset(items(30, "S"), 10)
      feed.failFromPage = 3
      const failed = await sync("drafting")
      expect(failed).toMatchObject({ status: "failed", stats: { ...ZERO, created: 20 }, checkpoint: { page: `${feed.url}?page=3`, offset: 0 } })
      // S0–S4 left the feed while it was down; S20–S24 moved up onto page 2, which was read.
      feed.reset(items(30, "S").slice(5), 10)
      const resumed = await api.post(`/admin/sync/runs/${failed.id}/resume`, {}, { headers })
      const done = await waitForRun(api, headers, resumed.data.run.id)
      expect(done).toMatchObject({ status: "completed", stats: { ...ZERO, created: 25 } })
      expect(done.missing).toEqual({
        count: 0,
        action: "skipped",
        on_missing: "draft",
        ratio: 0,
        applied_at: null,
        reason: `run ${done.id} resumed at the start of a page, where records that moved to pages read before cannot be noticed`,
      })
      // S0–S19 and S25–S29: none drafted (S20–S24 are created by the next complete run).
      expect(Object.values(await statuses())).toEqual(Array(25).fill("published"))
    })

    it("removes nothing after a run that met a line it could not read: that line may be any product", async () => {
      const line = (id: string) => JSON.stringify({ external_id: id, title: `Plate ${id}` })
      fs.writeFileSync(ndjson, [line("N1"), line("N2"), line("N3")].join("\r\n"))
      expect((await sync("ndjson-drafting")).stats).toEqual({ ...ZERO, created: 3 })
      fs.writeFileSync(ndjson, [line("N1"), `{"external_id": "N2", "title": "Plate`, line("N3")].join("\r\n"))
      const run = await sync("ndjson-drafting")
      expect(run).toMatchObject({ status: "completed", stats: { ...ZERO, unchanged: 2, failed: 1 } })
      expect(run.missing).toEqual({
        count: 0,
        action: "skipped",
        on_missing: "draft",
        ratio: 0,
        applied_at: null,
        reason: "1 record(s) of the feed could not be read or named (see the run's errors); any product may be among them",
      })
      expect(await statuses()).toEqual({ N1: "published", N2: "published", N3: "published" })
    })

    it("matches a productsPrepared hook's inputs by product, skips what it drops, and applies it to option changes", async () => {
      feed.reset([
        { external_id: "P1", title: "Cup", variants: priced("P1", 10) },
        { external_id: "P2", title: "Saucer", variants: priced("P2", 20) },
        { external_id: "P-DROP", title: "Unwanted", variants: priced("PD", 5) },
      ])
      expect((await sync("hooked")).stats).toEqual({ ...ZERO, created: 2, skipped: 1 })
      const amounts = async (externalId: string) => {
        const p = await product(externalId, "*variants,*variants.prices")
        return Object.fromEntries(p.variants.map((v: any) => [v.sku, v.prices.map((x: any) => x.amount)]))
      }
      expect([await amounts("P1"), await amounts("P2"), await statuses()]).toEqual([{ P1: [12.5] }, { P2: [25] }, { P1: "published", P2: "published" }])

      feed.reset([
        {
          external_id: "P1",
          title: "Cup",
          options: [{ title: "Size", values: ["S", "M"] }],
          variants: [
            { sku: "P1", options: { Size: "S" }, prices: [{ currency_code: "eur", amount: 10 }] },
            { sku: "P1-M", options: { Size: "M" }, prices: [{ currency_code: "eur", amount: 12 }] },
          ],
        },
        { external_id: "P2", title: "Saucer", variants: priced("P2", 30) },
      ])
      expect((await sync("hooked")).stats).toEqual({ ...ZERO, updated: 2 })
      expect([await amounts("P1"), await amounts("P2")]).toEqual([{ P1: [12.5], "P1-M": [15] }, { P2: [37.5] }])
    })

    it("keeps a batch in place when the batchCommitted hook fails after its commit, and goes on", async () => {
      feed.reset(items(7, "B"))
      const run = await sync("hook-fails")
      expect(run).toMatchObject({
        status: "completed",
        stats: { ...ZERO, created: 7 },
        note: "The batchCommitted hook failed after a batch was committed (the batch stays written): the PIM is down",
      })
      expect(Object.keys(await statuses())).toHaveLength(7)
      expect((await sync("hook-fails")).stats).toEqual({ ...ZERO, unchanged: 7 })
    })

    it("puts a product back as it was when its option change fails after its variants were deleted", async () => {
      const eur = (amount: number) => [{ currency_code: "eur", amount }]
      const mug = {
        external_id: "O1",
        title: "Mug",
        options: [{ title: "Size", values: ["S", "M"] }],
        variants: [
          { sku: "O1-S", options: { Size: "S" }, prices: eur(10), inventory_quantity: 5 },
          { sku: "O1-M", options: { Size: "M" }, prices: eur(12), inventory_quantity: 3 },
        ],
      }
      const bowl = { external_id: "O2", title: "Bowl", variants: [{ sku: "TAKEN", prices: eur(7) }] }
      feed.reset([mug, bowl])
      expect((await sync("supplier")).stats).toEqual({ ...ZERO, created: 2 })
      // Size gives way to Color (the variants are deleted first), and the new variant's SKU is the bowl's: Medusa refuses it.
      feed.reset([{ ...mug, options: [{ title: "Color", values: ["Red"] }], variants: [{ sku: "TAKEN", options: { Color: "Red" }, prices: eur(20) }] }, bowl])
      const run = await sync("supplier")
      expect(run.stats).toEqual({ ...ZERO, unchanged: 1, failed: 1 })
      expect(run.errors).toMatchObject([{ external_id: "O1", message: expect.stringMatching(/; the product was put back as it was \(its options, variants, prices and stock\)$/) }])
      const p = await product("O1", "*options,*options.values,*variants,*variants.options,*variants.prices")
      expect(p.options.map((o: any) => [o.title, o.values.map((v: any) => v.value).sort()])).toEqual([["Size", ["M", "S"]]])
      const shape = p.variants.map((v: any) => [v.sku, v.options.map((o: any) => o.value), v.prices.map((x: any) => x.amount)]).sort()
      expect(shape).toEqual([["O1-M", ["M"], [12]], ["O1-S", ["S"], [10]]])
      const stocked = async (sku: string) => {
        const { data } = await api.get(`/admin/inventory-items?sku=${sku}&fields=id,sku,*location_levels`, { headers })
        return data.inventory_items.flatMap((i: any) => i.location_levels.map((l: any) => l.stocked_quantity))
      }
      expect([await stocked("O1-S"), await stocked("O1-M")]).toEqual([[5], [3]])
    })

    it("sends a product's events only once its batch has committed", async () => {
      const service = getContainer().resolve("product_sync")
      const eventBus = getContainer().resolve(Modules.EVENT_BUS)
      const delivered: { id: string; committed: boolean }[] = []
      const onCreated = async ({ data }: { data: { id: string } }) => {
        const [item] = await service.listSyncItems({ product_id: data.id })
        delivered.push({ id: data.id, committed: !!item })
      }
      eventBus.subscribe("product.created", onCreated)
      try {
        feed.reset(items(12, "V"))
        expect((await sync("supplier")).stats).toEqual({ ...ZERO, created: 12 })
        await waitFor("12 product.created events", async () => delivered.length >= 12)
        expect(delivered.filter((d) => !d.committed)).toEqual([])
      } finally {
        eventBus.unsubscribe("product.created", onCreated)
      }
    })

    it("previews a source once at a time: a second preview while the first reads the supplier's feed is refused", async () => {
      feed.reset(items(3, "W"))
      feed.setFault({ kind: "delay", ms: 1500, times: 1 })
      const preview = () => api.post("/admin/sync/sources/supplier/preview", {}, { headers, validateStatus: () => true })
      const first = preview()
      await waitFor("the first preview to reach the feed", async () => feed.requests.length > 0)
      const second = await preview()
      expect([second.status, second.data]).toEqual([409, { type: "conflict", message: 'A preview of source "supplier" is already reading it; try again when it has finished.' }])
      const done = await first
      expect([done.status, done.data.products.map((p: any) => p.external_id)]).toEqual([200, ["W0", "W1", "W2"]])
      expect((await preview()).status).toBe(200)
    })

    it("applies a held removal once when two admins click Apply at the same time", async () => {
      feed.reset(items(10, "H"))
      await sync("deleting")
      feed.reset(items(5, "H"))
      const held = await sync("deleting")
      expect(held.missing).toMatchObject({ action: "held", count: 5 })
      // The list is rows of its own, not part of the run that every status poll reads.
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const { rows: stored } = await knex.raw("select jsonb_exists(missing, 'products') as listed, (select count(*)::int from sync_missing_product m where m.run_id = r.id) as n from sync_run r where id = ?", [held.id])
      expect(stored).toEqual([{ listed: false, n: 5 }])
      // Not beside a run of the source (its feed answers slowly): 409 with that run.
      feed.setFault({ kind: "delay", ms: 1500, times: 1 })
      const running = await api.post("/admin/sync/trigger", { source: "deleting" }, { headers })
      const during = await api.post(`/admin/sync/runs/${held.id}/apply-missing`, {}, { headers, validateStatus: () => true })
      expect([during.status, during.data.type, during.data.run?.id]).toEqual([409, "conflict", running.data.run.id])
      await waitForRun(api, headers, running.data.run.id)
      const apply = () => api.post(`/admin/sync/runs/${held.id}/apply-missing`, {}, { headers, validateStatus: () => true })
      const answers = await Promise.all([apply(), apply()])
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400])
      expect(answers.find((a) => a.status === 400)?.data.message).toBe(`Run ${held.id} has no held removal to apply`)
      expect(Object.keys(await statuses()).sort()).toEqual(["H0", "H1", "H2", "H3", "H4"])
      const { data } = await api.get(`/admin/sync/runs/${held.id}`, { headers })
      expect(data.run).toMatchObject({ stats: { removed: 5 }, missing: { action: "deleted", count: 5 } })
    })
  },
})
