import path from "node:path"
import { Modules } from "@medusajs/framework/utils"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { FeedServer } from "../fixtures/feed-server"
import { loginAdmin } from "../fixtures/admin"
import { waitForRun } from "./helpers"

jest.setTimeout(180_000)

const feed = new FeedServer()
const FEED_PORT = Number(process.env.TEST_FEED_PORT)
beforeAll(() => feed.listen(FEED_PORT))
afterAll(() => feed.close())
// Read by medusa-config.ts when the runner loads it.
process.env.PRODUCT_SYNC_SOURCES_MODULE = path.join(__dirname, "../fixtures/catalog-sources.ts")
process.env.PRODUCT_SYNC_RETRY_BACKOFF_MS = "10"
process.env.PRODUCT_SYNC_BATCH_SIZE = "2" // several batches need the same new category

const shirt = (over: Record<string, unknown> = {}) => ({
  external_id: "P1",
  title: "Linen Shirt",
  handle: "linen-shirt",
  subtitle: "Breathes in summer",
  categories: ["Apparel > Shirts"],
  collection: "Summer 2026",
  type: "Shirt",
  weight: 300,
  hs_code: "620520",
  origin_country: "pt",
  material: "Linen",
  discountable: false,
  variants: [
    {
      sku: "P1-S",
      title: "S",
      barcode: "4006381333931",
      ean: "4006381333931",
      upc: "036000291452",
      weight: 310,
      allow_backorder: true,
      prices: [{ currency_code: "eur", amount: 20 }, { currency_code: "eur", amount: "18.50", region: "Europe" }],
    },
  ],
  ...over,
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: { authorization: string }
    const sync = async (body: Record<string, unknown> = {}) => {
      const res = await api.post("/admin/sync/trigger", body, { headers })
      return await waitForRun(api, headers, res.data.run.id)
    }
    const items = (n: number, from = 0) => Array.from({ length: n - from }, (_, i) => ({ external_id: `M${from + i}`, title: `Mug ${from + i}` }))
    const catalog = async () => {
      const { data } = await api.get("/admin/products?limit=100&fields=external_id,status&order=external_id", { headers })
      return Object.fromEntries(data.products.map((p: any) => [p.external_id, p.status]))
    }
    const product = async (externalId: string, fields: string) => {
      const { data } = await api.get(`/admin/products?external_id=${externalId}&fields=${fields}`, { headers })
      return data.products[0]
    }
    const levelsOf = async (sku: string) => {
      const { data } = await api.get(`/admin/inventory-items?sku=${sku}&fields=id,sku,*location_levels`, { headers })
      return Object.fromEntries((data.inventory_items[0]?.location_levels ?? []).map((l: any) => [l.location_id, l.stocked_quantity]))
    }

    beforeEach(async () => {
      feed.reset()
      ;({ headers } = await loginAdmin(getContainer(), api))
    })

    it("writes categories (nested, created once), collection, type, attributes, barcodes and region prices", async () => {
      const { data: region } = await api.post("/admin/regions", { name: "Europe", currency_code: "eur" }, { headers })
      feed.reset([
        shirt(),
        { external_id: "P2", title: "Oxford Shirt", categories: ["Apparel > Shirts", "Sale"], collection: "Summer 2026", type: "Shirt" },
        { external_id: "P3", title: "Linen Trousers", categories: ["Apparel>Shirts > Linen", "Sale"], type: "Trousers" },
        { external_id: "P4", title: "Ghost", variants: [{ prices: [{ currency_code: "eur", amount: 1, region: "Atlantis" }] }] },
        { external_id: "P5", title: "Hat", categories: ["Apparel"], collection: null, type: null },
      ])
      const run = await sync()
      expect(run.stats).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 1, removed: 0, conflicts: 0 })
      expect(run.errors.map((e: any) => [e.external_id, e.message])).toEqual([["P4", 'variants.0.prices.0.region: no region "Atlantis" (name or id) exists']])

      const { data: cats } = await api.get("/admin/product-categories?limit=100&fields=id,name,handle,parent_category.name", { headers })
      expect(cats.product_categories.map((c: any) => [c.name, c.handle, c.parent_category?.name ?? null]).sort()).toEqual([
        ["Apparel", "apparel", null],
        ["Linen", "apparel-shirts-linen", "Shirts"],
        ["Sale", "sale", null],
        ["Shirts", "apparel-shirts", "Apparel"],
      ])
      const p1 = await product("P1", "title,subtitle,weight,hs_code,origin_country,material,discountable,*categories,*collection,*type,*variants,*variants.prices,*variants.prices.price_rules")
      expect(p1).toMatchObject({
        subtitle: "Breathes in summer", weight: 300, hs_code: "620520", origin_country: "pt", material: "Linen", discountable: false,
        collection: { title: "Summer 2026", handle: "summer-2026" }, type: { value: "Shirt" },
      })
      expect(p1.categories.map((c: any) => c.name)).toEqual(["Shirts"])
      const v = p1.variants[0]
      expect(v).toMatchObject({ sku: "P1-S", barcode: "4006381333931", ean: "4006381333931", upc: "036000291452", weight: 310, allow_backorder: true, manage_inventory: false })
      // `rules` is filled in when the price rules are asked for.
      expect(v.prices.map((p: any) => [p.currency_code, p.amount, p.rules]).sort((a: any, b: any) => a[1] - b[1])).toEqual([
        ["eur", 18.5, { region_id: region.region.id }],
        ["eur", 20, {}],
      ])
      const p3 = await product("P3", "*categories,*type,*collection")
      expect(p3.categories.map((c: any) => c.name).sort()).toEqual(["Linen", "Sale"])
      expect(p3).toMatchObject({ type: { value: "Trousers" }, collection: null })
      const { data: collections } = await api.get("/admin/collections", { headers })
      expect(collections.collections.map((c: any) => c.title)).toEqual(["Summer 2026"])
    })

    it("creates a stock location on a store without one, sets stock, and takes a cheap path for a stock or price change", async () => {
      feed.reset([
        { external_id: "S1", title: "Tote", variants: [{ sku: "TOTE", inventory_quantity: 7, prices: [{ currency_code: "eur", amount: 12 }] }] },
        { external_id: "S2", title: "Cap", variants: [{ sku: "CAP", inventory_quantity: "3", prices: [{ currency_code: "eur", amount: 9 }] }] },
      ])
      const first = await sync()
      expect(first.stats).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      const { data: locs } = await api.get("/admin/stock-locations?fields=id,name,*sales_channels", { headers })
      expect(locs.stock_locations).toHaveLength(1)
      const warehouse = locs.stock_locations[0]
      expect(warehouse.name).toBe("Product sync warehouse")
      expect(warehouse.sales_channels).toHaveLength(1)
      expect(first.note).toBe(`the store had no stock location: created "Product sync warehouse" (${warehouse.id}) and linked it to the products' sales channels`)
      expect(await levelsOf("TOTE")).toEqual({ [warehouse.id]: 7 })
      expect(await levelsOf("CAP")).toEqual({ [warehouse.id]: 3 })

      const fields = "title,updated_at,*variants,*variants.prices"
      const before = await product("S1", fields)
      const capBefore = await product("S2", fields)
      feed.reset([
        { external_id: "S1", title: "Tote", variants: [{ sku: "TOTE", inventory_quantity: 2, prices: [{ currency_code: "eur", amount: 12 }] }] },
        { external_id: "S2", title: "Cap", variants: [{ sku: "CAP", inventory_quantity: "3", prices: [{ currency_code: "eur", amount: 11 }] }] },
      ])
      const second = await sync()
      expect({ stats: second.stats, errors: second.errors.map((e: any) => e.message) }).toEqual({
        stats: { created: 0, updated: 2, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 },
        errors: [],
      })
      expect(await levelsOf("TOTE")).toEqual({ [warehouse.id]: 2 })
      const after = await product("S1", fields)
      expect(after.updated_at).toBe(before.updated_at) // stock alone: the product is not rewritten
      const cap = await product("S2", fields)
      expect(cap.variants[0].prices.map((p: any) => p.amount)).toEqual([11])
      expect(cap.updated_at).toBe(capBefore.updated_at) // prices alone: the product is not rewritten either
      expect(cap.variants[0].id).toBe(capBefore.variants[0].id)
      expect(await levelsOf("CAP")).toEqual({ [warehouse.id]: 3 })
      expect((await sync()).stats).toEqual({ created: 0, updated: 0, unchanged: 2, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
    })

    it("writes only the parts that changed: own fields without the variants, prices and stock beside them", async () => {
      const tee = (over: Record<string, unknown> = {}, variant: Record<string, unknown> = {}) => ({
        external_id: "T1",
        title: "Tee",
        description: "Soft",
        tags: ["cotton"],
        variants: [{ sku: "TEE-S", title: "S", inventory_quantity: 5, prices: [{ currency_code: "eur", amount: 15 }], ...variant }],
        ...over,
      })
      // A lone variant without a title takes the product's: a new title is a variant change too.
      const lamp = (title: string) => ({ external_id: "L1", title, variants: [{ sku: "LAMP", prices: [{ currency_code: "eur", amount: 4 }] }] })
      feed.reset([tee(), lamp("Lamp")])
      expect((await sync()).stats).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      const fields = "title,description,updated_at,*tags,*variants,*variants.prices"
      const before = await product("T1", fields)
      const stock = async () => Object.values(await levelsOf("TEE-S"))

      feed.reset([tee({ description: "Softer", tags: ["cotton", "new"] }), lamp("Desk lamp")])
      expect((await sync()).stats).toEqual({ created: 0, updated: 2, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      const described = await product("T1", fields)
      expect(described.description).toBe("Softer")
      expect(described.tags.map((t: any) => t.value).sort()).toEqual(["cotton", "new"])
      expect(described.variants[0]).toMatchObject({ id: before.variants[0].id, title: "S", updated_at: before.variants[0].updated_at })
      expect(described.variants[0].prices.map((p: any) => p.amount)).toEqual([15])
      expect(await stock()).toEqual([5])
      expect((await product("L1", "title,*variants")).variants.map((v: any) => v.title)).toEqual(["Desk lamp"])

      feed.reset([tee({ title: "Tee 2", description: "Softer", tags: ["cotton", "new"] }, { inventory_quantity: 9, prices: [{ currency_code: "eur", amount: 17 }] }), lamp("Desk lamp")])
      expect((await sync()).stats).toEqual({ created: 0, updated: 1, unchanged: 1, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      const retitled = await product("T1", fields)
      expect(retitled.title).toBe("Tee 2")
      expect(retitled.variants[0]).toMatchObject({ id: before.variants[0].id, title: "S", updated_at: before.variants[0].updated_at })
      expect(retitled.variants[0].prices.map((p: any) => p.amount)).toEqual([17])
      expect(await stock()).toEqual([9])
      expect((await sync()).stats).toEqual({ created: 0, updated: 0, unchanged: 2, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
    })

    it("sets stock at named locations, by name or id", async () => {
      const berlin = (await api.post("/admin/stock-locations", { name: "Berlin" }, { headers })).data.stock_location
      const lisbon = (await api.post("/admin/stock-locations", { name: "Lisbon" }, { headers })).data.stock_location
      feed.reset([
        { external_id: "L1", title: "Lamp", variants: [{ sku: "LAMP", inventory: [{ location: "berlin", quantity: 3 }, { location: lisbon.id, quantity: 5 }] }] },
        { external_id: "L2", title: "Bulb", variants: [{ sku: "BULB", inventory_quantity: 1 }] },
        { external_id: "L3", title: "Shade", variants: [{ sku: "SHADE", inventory: [{ location: "Paris", quantity: 1 }] }] },
      ])
      const run = await sync()
      expect(run.stats).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 2, removed: 0, conflicts: 0 })
      expect(run.errors.map((e: any) => [e.external_id, e.message]).sort()).toEqual([
        ["L2", `variants.0: the store has 2 stock locations and no default one; set the source's "stockLocation" option`],
        ["L3", 'variants.0: no stock location "Paris" (name or id) exists'],
      ])
      expect(await levelsOf("LAMP")).toEqual({ [berlin.id]: 3, [lisbon.id]: 5 })
    })

    it("gives products with the same title and no handle handles of their own", async () => {
      feed.reset([
        { external_id: "A-1", title: "Classic Tee" },
        { external_id: "B-2", title: "Classic Tee" },
        { external_id: "C-3", title: "Classic Tee", handle: "classic-tee" },
      ])
      const run = await sync()
      expect(run.stats).toMatchObject({ created: 2, failed: 1 })
      expect(run.errors[0]).toMatchObject({ external_id: "C-3", message: expect.stringContaining("already exists") })
      const { data } = await api.get("/admin/products?fields=external_id,handle&order=external_id", { headers })
      expect(data.products.map((p: any) => [p.external_id, p.handle])).toEqual([["A-1", "classic-tee"], ["B-2", "classic-tee-b-2"]])
      expect((await sync()).stats).toMatchObject({ unchanged: 2, failed: 1 })
    })

    it("follows options and variants that change: values and options added and removed, variants added and removed", async () => {
      // Two products that change alike, in one batch: their option changes are written together.
      type Variant = { size?: string; color?: string }
      // O2 is blue where O1 is red: options created for both must each go to the right product.
      const paint = (id: string, value: string) => (id === "O2" && value === "Red" ? "Blue" : value)
      const tees = (options: { title: string; values: string[] }[], variants: Variant[]) =>
        ["O1", "O2"].map((id) => ({
          external_id: id,
          title: `Tee ${id}`,
          options: options.map((o) => ({ ...o, values: o.values.map((v) => paint(id, v)) })),
          variants: variants.map((v) => ({
            sku: `${id}-${v.size ?? v.color}`,
            options: { ...(v.size ? { Size: v.size } : {}), ...(v.color ? { Color: paint(id, v.color) } : {}) },
            prices: [{ currency_code: "eur", amount: 10 }],
          })),
        }))
      const shape = async (id: string) => {
        const p = await product(id, "*options,*options.values,*variants,*variants.options")
        const titles = Object.fromEntries(p.options.map((o: any) => [o.id, o.title]))
        return {
          options: Object.fromEntries(p.options.map((o: any) => [o.title, o.values.map((v: any) => v.value).sort()])),
          variants: Object.fromEntries(p.variants.map((v: any) => [v.sku.slice(3), { id: v.id, options: Object.fromEntries(v.options.map((o: any) => [titles[o.option_id], o.value])) }])),
        }
      }
      const shapes = async () => ({ O1: await shape("O1"), O2: await shape("O2") })
      const changed = async () => {
        const run = await sync()
        return { updated: run.stats.updated, errors: run.errors.map((e: any) => e.message) }
      }
      feed.reset(tees([{ title: "Size", values: ["S", "M"] }], [{ size: "S" }, { size: "M" }]))
      await sync()
      const first = await shapes()

      feed.reset(tees([{ title: "Size", values: ["S", "M", "L"] }], [{ size: "S" }, { size: "M" }, { size: "L" }]))
      expect(await changed()).toEqual({ updated: 2, errors: [] })
      const added = await shapes()
      for (const id of ["O1", "O2"] as const) {
        expect(added[id].options).toEqual({ Size: ["L", "M", "S"] })
        expect(Object.keys(added[id].variants).sort()).toEqual(["L", "M", "S"])
        expect(added[id].variants.S.id).toBe(first[id].variants.S.id)
        expect(added[id].variants.M.id).toBe(first[id].variants.M.id)
      }

      feed.reset(tees([{ title: "Size", values: ["S", "L"] }], [{ size: "S" }, { size: "L" }]))
      expect(await changed()).toEqual({ updated: 2, errors: [] })
      const removed = await shapes()
      for (const id of ["O1", "O2"] as const) {
        expect(removed[id].options).toEqual({ Size: ["L", "S"] })
        expect(Object.keys(removed[id].variants).sort()).toEqual(["L", "S"])
        expect(removed[id].variants.L.id).toBe(added[id].variants.L.id)
      }

      feed.reset(tees([{ title: "Size", values: ["S", "L"] }, { title: "Color", values: ["Red"] }], [{ size: "S", color: "Red" }, { size: "L", color: "Red" }]))
      expect(await changed()).toEqual({ updated: 2, errors: [] })
      const colored = await shapes()
      for (const id of ["O1", "O2"] as const) {
        expect(colored[id].options).toEqual({ Size: ["L", "S"], Color: [paint(id, "Red")] })
        expect(colored[id].variants.S.options).toEqual({ Size: "S", Color: paint(id, "Red") })
      }

      feed.reset(tees([{ title: "Color", values: ["Red"] }], [{ color: "Red" }]))
      expect(await changed()).toEqual({ updated: 2, errors: [] })
      // Medusa cannot unassign an option that variants use: dropping one recreates the variants.
      const last = await shapes()
      expect(last.O1).toEqual({ options: { Color: ["Red"] }, variants: { Red: { id: expect.stringMatching(/^variant_/), options: { Color: "Red" } } } })
      expect(last.O2).toEqual({ options: { Color: ["Blue"] }, variants: { Red: { id: expect.stringMatching(/^variant_/), options: { Color: "Blue" } } } })
    })

    it("refuses a product with two variants of one SKU, and writes nothing of it", async () => {
      feed.reset([{ external_id: "D1", title: "Dup", options: [{ title: "Size", values: ["S", "M"] }], variants: [{ sku: "DUP", options: { Size: "S" } }, { sku: "DUP", options: { Size: "M" } }] }])
      const run = await sync()
      expect(run.stats).toMatchObject({ created: 0, failed: 1 })
      expect(run.errors[0]).toMatchObject({ external_id: "D1", message: 'invalid item: variants.1.sku: "DUP" is also the SKU of variant 0 (record 1)' })
      expect(await catalog()).toEqual({})
    })

    describe("products that leave the feed", () => {
      it("draft: drafts what a complete run did not meet, and publishes it again when it comes back", async () => {
        feed.reset(items(10))
        expect((await sync({ source: "drafting" })).stats.created).toBe(10)
        feed.reset(items(9))
        const second = await sync({ source: "drafting" })
        expect(second.stats).toEqual({ created: 0, updated: 0, unchanged: 9, skipped: 0, failed: 0, removed: 1, conflicts: 0 })
        expect(second.missing).toEqual({ count: 1, action: "drafted", on_missing: "draft", ratio: 0.1, applied_at: null })
        const { data } = await api.get(`/admin/sync/runs/${second.id}`, { headers })
        expect(data.run.missing_products).toEqual([{ external_id: "M9", product_id: expect.stringMatching(/^prod_/) }])
        expect((await catalog()).M9).toBe("draft")
        const m9 = await product("M9", "id")
        const { data: from } = await api.get(`/admin/sync/products/${m9.id}`, { headers })
        expect(from.sync).toMatchObject({ source: "drafting", external_id: "M9", left_feed: true })
        expect((await sync({ source: "drafting" })).stats).toMatchObject({ unchanged: 9, removed: 0 }) // drafted once
        feed.reset(items(10))
        const back = await sync({ source: "drafting" })
        expect(back.stats).toEqual({ created: 0, updated: 1, unchanged: 9, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(back.missing).toBeNull()
        expect((await catalog()).M9).toBe("published")
        expect((await api.get(`/admin/sync/products/${m9.id}`, { headers })).data.sync).toMatchObject({ last_run_id: back.id, left_feed: false })
        const { data: own } = await api.post("/admin/products", { title: "Made by hand", options: [{ title: "o", values: ["v"] }] }, { headers })
        expect((await api.get(`/admin/sync/products/${own.product.id}`, { headers })).data).toEqual({ sync: null })
      })

      it("delete: deletes them; the breaker holds a larger removal until an admin applies it", async () => {
        feed.reset(items(10))
        await sync({ source: "deleting" })
        feed.reset(items(8))
        const small = await sync({ source: "deleting" })
        expect(small.stats.removed).toBe(2)
        expect(Object.keys(await catalog())).toHaveLength(8)

        feed.reset(items(4)) // half of the 8: more than maxMissingRatio (0.3)
        const held = await sync({ source: "deleting" })
        expect(held.status).toBe("completed")
        expect(held.stats.removed).toBe(0)
        expect(held.missing).toEqual({ count: 4, action: "held", on_missing: "delete", ratio: 0.5, applied_at: null })
        expect(Object.keys(await catalog())).toHaveLength(8)
        const notes = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({})
        expect(notes.map((n: any) => n.data.title)).toContain("Product sync held a removal")

        feed.reset(items(5)) // M4 is back before anyone applies the held removal
        await sync({ source: "deleting", dry_run: true })
        const applied = await api.post(`/admin/sync/runs/${held.id}/apply-missing`, {}, { headers })
        expect(applied.status).toBe(200)
        expect(applied.data.run.stats.removed).toBe(4)
        expect(applied.data.run.missing).toMatchObject({ action: "deleted", count: 4, applied_at: expect.any(String) })
        expect(Object.keys(await catalog()).sort()).toEqual(["M0", "M1", "M2", "M3"])
        const again = await api.post(`/admin/sync/runs/${held.id}/apply-missing`, {}, { headers, validateStatus: () => true })
        expect(again.status).toBe(400)
        expect(again.data.message).toBe(`Run ${held.id} has no held removal to apply`)
      })

      it("never removes after a dry run, a failed run or an incremental run", async () => {
        feed.reset(items(10), 5)
        await sync({ source: "deleting" })
        feed.reset(items(9), 5)
        expect((await sync({ source: "deleting", dry_run: true })).stats.removed).toBe(0)
        feed.setFault({ kind: "status", status: 500 })
        const failed = await sync({ source: "deleting" })
        expect(failed).toMatchObject({ status: "failed", stats: { removed: 0 }, missing: null })
        feed.setFault(null)
        expect(Object.keys(await catalog())).toHaveLength(10)

        feed.reset(items(20, 10), 5)
        await sync({ source: "deleting-incremental" })
        feed.reset(items(12, 10), 5)
        const incremental = await sync({ source: "deleting-incremental" })
        expect(incremental).toMatchObject({ mode: "incremental", stats: { removed: 0 }, missing: null })
        expect(Object.keys(await catalog())).toHaveLength(20)
      })
    })
  },
})
