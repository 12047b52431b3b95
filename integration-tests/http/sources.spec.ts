import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { CatalogServer } from "../fixtures/catalog-server"
import { loginAdmin } from "../fixtures/admin"
import { type DropServer, startFtpServer, startSftpServer } from "../fixtures/file-drop-servers"
import { waitForRun } from "./helpers"

jest.setTimeout(180_000)

const catalog = new CatalogServer()
beforeAll(() => catalog.listen(Number(process.env.TEST_CATALOG_PORT)))
afterAll(() => catalog.close())
// A supplier's SFTP folder and an ERP's FTP folder, served from one directory.
const dropRoot = fs.mkdtempSync(path.join(os.tmpdir(), "mps-drop-"))
let sftp: DropServer
let ftp: DropServer
beforeAll(async () => {
  sftp = await startSftpServer({ root: dropRoot, user: "supplier", password: "drop-s3cret", port: Number(process.env.TEST_SFTP_PORT) })
  ftp = await startFtpServer({ root: dropRoot, user: "supplier", password: "drop-s3cret", port: Number(process.env.TEST_FTP_PORT) })
})
afterAll(async () => {
  await Promise.all([sftp?.close(), ftp?.close()])
  fs.rmSync(dropRoot, { recursive: true, force: true })
})
// Read by medusa-config.ts when the runner loads it.
process.env.PRODUCT_SYNC_SOURCES_MODULE = path.join(__dirname, "../fixtures/test-sources.ts")
process.env.PRODUCT_SYNC_BATCH_SIZE = "1" // a checkpoint after every record: resumes can start anywhere
process.env.PRODUCT_SYNC_REQUEST_TIMEOUT_MS = "2000"
process.env.PRODUCT_SYNC_RETRY_BACKOFF_MS = "10"

const catalogFile = (name: string) => fs.readFileSync(path.join(__dirname, "../fixtures/catalogs", name), "utf8")

type Api = { get: (url: string, config?: unknown) => Promise<{ data: any }> }

/** The catalog as the admin API shows it, compactly: external id → title, options, variants with prices. */
async function catalogOf(api: Api, headers: Record<string, string>) {
  const { data } = await api.get(
    "/admin/products?limit=200&fields=external_id,title,handle,status,*options,*options.values,*variants,*variants.prices,*variants.options,*tags,*images",
    { headers }
  )
  return Object.fromEntries(
    data.products.map((p: any) => [
      p.external_id,
      {
        title: p.title,
        handle: p.handle,
        status: p.status,
        tags: p.tags.map((t: any) => t.value).sort(),
        options: Object.fromEntries(p.options.map((o: any) => [o.title, o.values.map((v: any) => v.value).sort()])),
        variants: p.variants
          .map((v: any) => ({
            sku: v.sku,
            options: Object.fromEntries(v.options.map((o: any) => [p.options.find((po: any) => po.id === o.option_id)?.title, o.value])),
            prices: Object.fromEntries(v.prices.map((pr: any) => [pr.currency_code, pr.amount])),
          }))
          .sort((a: any, b: any) => String(a.sku).localeCompare(String(b.sku))),
      },
    ])
  )
}

/** The source's price list of type sale as the admin API shows it: prices by SKU and currency; null when it has none. */
async function saleListOf(api: Api, headers: Record<string, string>, source: string) {
  // Medusa turns a price's price_set.variant.id into its variant_id.
  const fields = "id,title,type,status,metadata,prices.id,prices.amount,prices.currency_code,prices.price_set.variant.id"
  const { data } = await api.get(`/admin/price-lists?limit=50&fields=${fields}`, { headers })
  const list = data.price_lists.find((l: any) => l.metadata?.product_sync_source === source)
  if (!list) return null
  const { data: products } = await api.get("/admin/products?limit=200&fields=id,*variants", { headers })
  const skuOf = new Map(products.products.flatMap((p: any) => p.variants.map((v: any) => [v.id, v.sku])))
  const prices: Record<string, Record<string, number>> = {}
  for (const price of list.prices) (prices[skuOf.get(price.variant_id) as string] ??= {})[price.currency_code] = price.amount
  return { title: list.title, type: list.type, status: list.status, prices }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: { authorization: string }
    const trigger = async (source: string, body: Record<string, unknown> = {}) => {
      const res = await api.post("/admin/sync/trigger", { source, ...body }, { headers, validateStatus: () => true })
      expect(res.status).toBe(202)
      return await waitForRun(api, headers, res.data.run.id)
    }
    const resume = async (id: string) => {
      const res = await api.post(`/admin/sync/runs/${id}/resume`, {}, { headers, validateStatus: () => true })
      expect(res.status).toBe(202)
      return await waitForRun(api, headers, res.data.run.id)
    }

    beforeEach(async () => {
      catalog.reset()
      ;({ headers } = await loginAdmin(getContainer(), api))
    })

    describe("pagination", () => {
      it("offset: syncs a public-style product API through the app's map, and resumes at the page that failed", async () => {
        const P = catalog.base
        catalog.fault = { match: "skip=20", kind: "503", times: 3 }
        const failed = await trigger("api-offset")
        expect(failed.status).toBe("failed")
        expect(failed.error).toBe(`GET ${P}/api/products?api_key=***&limit=10&skip=20 answered HTTP 503 (page 3, record 0, after 3 attempts)`)
        expect(failed.stats).toEqual({ created: 20, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(failed.progress).toMatchObject({ total: 25, processed: 20 })
        expect(failed.checkpoint).toEqual({ page: `${P}/api/products?api_key=***&limit=10&skip=20`, offset: 0 })
        // Stored as shown: the secret is not in the run row.
        const row = await getContainer().resolve("product_sync").getRun(failed.id)
        expect(JSON.stringify(row)).not.toContain("s3cret-key")
        expect(catalog.requests.every((r) => r.headers.authorization === "Bearer supplier-token")).toBe(true)

        catalog.requests = []
        const resumed = await resume(failed.id)
        expect(resumed.status).toBe("completed")
        expect(resumed.stats).toEqual({ created: 25, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        // Resume asks for the checkpoint page only, with the key from the configuration.
        expect(catalog.fetched("/api/")).toEqual(["/api/products?api_key=s3cret-key&limit=10&skip=20"])

        const products = await catalogOf(api, headers)
        expect(Object.keys(products).sort()).toEqual(catalog.api.map((p) => `api-${p.id}`).sort())
        expect(products["api-1"]).toMatchObject({ title: "Product 1", tags: ["groceries"], variants: [{ sku: "SKU-1", prices: { usd: 1.5 } }] })
        expect(products["api-4"]).toMatchObject({ title: "Padded Title", tags: ["beauty"], variants: [{ sku: "SKU-4", prices: { usd: 4.25 } }] })
        expect(products["api-25"].variants).toEqual([{ sku: "SKU-25", options: { "Default option": "Default option value" }, prices: { usd: 25.25 } }])
      })

      it("page: syncs a Shopify store's products.json page by page, and resumes at the failed page", async () => {
        catalog.fault = { match: "page=2", kind: "503", times: 3 }
        const failed = await trigger("shopify-store")
        expect(failed.status).toBe("failed")
        expect(failed.stats.created).toBe(2)
        expect(failed.checkpoint).toEqual({ page: `${catalog.base}/store/products.json?limit=2&page=2`, offset: 0 })
        catalog.requests = []
        const resumed = await resume(failed.id)
        expect(resumed.stats).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(catalog.fetched("/store/")).toEqual(["/store/products.json?limit=2&page=2"])

        const products = await catalogOf(api, headers)
        expect(products).toEqual({
          "632910392": {
            title: "IPod Nano - 8GB",
            handle: "ipod-nano",
            status: "published",
            tags: ["Emotive", "Flash Memory", "MP3", "Music"],
            options: { Color: ["Green", "Pink", "Red"] },
            variants: [
              { sku: "IPOD2008GREEN", options: { Color: "Green" }, prices: { eur: 199 } },
              { sku: "IPOD2008PINK", options: { Color: "Pink" }, prices: { eur: 199 } },
              { sku: "IPOD2008RED", options: { Color: "Red" }, prices: { eur: 199 } },
            ],
          },
          "921728736": {
            title: "IPod Touch 8GB",
            handle: "ipod-touch",
            status: "draft",
            tags: [],
            options: { Color: ["Black"], Storage: ["32GB", "8GB"] },
            variants: [
              { sku: "IPOD2009BLACK32", options: { Color: "Black", Storage: "32GB" }, prices: { eur: 299.5 } },
              { sku: "IPOD2009BLACK8", options: { Color: "Black", Storage: "8GB" }, prices: { eur: 199 } },
            ],
          },
          "1071559575": {
            title: "Gift wrapping",
            handle: "gift-wrapping",
            status: "published",
            tags: ["gift", "service"],
            options: { "Default option": ["Default option value"] },
            variants: [{ sku: null, options: { "Default option": "Default option value" }, prices: { eur: 5 } }],
          },
        })
      })

      it("link-header: follows Shopify Admin REST cursors with the access token, and resumes at the failed cursor", async () => {
        const third = `page_info=${Buffer.from("2").toString("base64url")}`
        catalog.fault = { match: third, kind: "503", times: 3 }
        const failed = await trigger("shopify-admin")
        expect(failed.status).toBe("failed")
        expect(failed.stats.created).toBe(2)
        expect(failed.checkpoint).toEqual({ page: `${catalog.base}/admin/api/2024-01/products.json?limit=1&${third}`, offset: 0 })
        catalog.requests = []
        const resumed = await resume(failed.id)
        expect(resumed.stats).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(catalog.fetched("/admin/")).toEqual([`/admin/api/2024-01/products.json?limit=1&${third}`])
        expect(catalog.requests[0].headers["x-shopify-access-token"]).toBe("shpat_secret")
        const products = await catalogOf(api, headers)
        expect(Object.keys(products).sort()).toEqual(["1071559575", "632910392", "921728736"])
        expect(products["921728736"].variants[0].prices).toEqual({ usd: 299.5 })
      })
    })

    describe("formats", () => {
      it("csv: syncs Medusa's own export with rows grouped by handle, and resumes mid-file", async () => {
        // Every row arrives, but not the end of the response: the parser holds the last row, so the
        // last products are never known to be complete; the first one is committed. That first
        // attempt made progress; the three after it in a row make none, and the run fails.
        catalog.fault = { match: "medusa-export.csv", kind: "stall", times: 4 }
        const failed = await trigger("medusa-csv")
        expect(failed.status).toBe("failed")
        expect(failed.checkpoint).toEqual({ page: `${catalog.base}/files/medusa-export.csv`, offset: 1 })
        const resumed = await resume(failed.id)
        expect(resumed.stats).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        const products = await catalogOf(api, headers)
        expect(products).toEqual({
          "t-shirt": {
            title: "Medusa T-Shirt",
            handle: "t-shirt",
            status: "published",
            tags: ["summer \"25\"", "tshirt"],
            options: { Color: ["Black", "White"], Size: ["M", "S"] },
            variants: [
              { sku: "SHIRT-M-BLACK", options: { Size: "M", Color: "Black" }, prices: { eur: 12.5, usd: 17 } },
              { sku: "SHIRT-S-BLACK", options: { Size: "S", Color: "Black" }, prices: { eur: 10, usd: 15 } },
              { sku: "SHIRT-S-WHITE", options: { Size: "S", Color: "White" }, prices: { eur: 10, usd: 15 } },
            ],
          },
          "SWEAT-EXT": {
            title: "Medusa Sweatpants",
            handle: "sweatpants",
            status: "draft",
            tags: [],
            options: { Size: ["M", "S"] },
            variants: [
              { sku: "SWEATPANTS-M", options: { Size: "M" }, prices: { eur: 29.9, usd: 34 } },
              { sku: "SWEATPANTS-S", options: { Size: "S" }, prices: { eur: 29.9, usd: 34 } },
            ],
          },
          mug: {
            title: "Medusa Mug",
            handle: "mug",
            status: "published",
            tags: [],
            options: { "Default option": ["Default option value"] },
            variants: [{ sku: "MUG-1", options: { "Default option": "Default option value" }, prices: { eur: 8 } }],
          },
          cap: {
            title: "Medusa Cap",
            handle: "cap",
            status: "published",
            tags: [],
            options: { "Default option": ["Default option value"] },
            variants: [{ sku: "CAP-1", options: { "Default option": "Default option value" }, prices: { usd: 22 } }],
          },
        })
      })

      it("csv: syncs Shopify's product export exactly — variants, image-only rows, type, category, stock, statuses", async () => {
        const run = await trigger("shopify-csv")
        expect(run.stats).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        const products = await catalogOf(api, headers)
        expect(products["ocean-blue-shirt"]).toEqual({
          title: "Ocean Blue Shirt",
          handle: "ocean-blue-shirt",
          status: "published",
          tags: ["men", "shirts", "summer"],
          options: { Color: ["Blue", "Navy"], Size: ["m", "s", "xs"] },
          variants: [
            { sku: "OBS-M-NAVY", options: { Size: "m", Color: "Navy" }, prices: { usd: 52.5 } },
            { sku: "OBS-S-BLUE", options: { Size: "s", Color: "Blue" }, prices: { usd: 65 } },
            { sku: "OBS-XS-BLUE", options: { Size: "xs", Color: "Blue" }, prices: { usd: 50 } },
          ],
        })
        expect([products["gift-card"].status, products["yellow-wool-jumper"].status, products["classic-varsity-top"].status]).toEqual(["published", "draft", "draft"])
        const { data } = await api.get("/admin/products?handle=ocean-blue-shirt&fields=thumbnail,*images,*type,*categories,metadata", { headers })
        const [shirt] = data.products
        expect(shirt.images.map((i: any) => i.url)).toEqual([
          "https://burst.shopifycdn.com/photos/man-adjusts-blue-tuxedo-bowtie_925x.jpg",
          "https://burst.shopifycdn.com/photos/man-in-blue-shirt_925x.jpg",
          "https://burst.shopifycdn.com/photos/blue-shirt-back_925x.jpg",
        ])
        expect(shirt.thumbnail).toBe("https://burst.shopifycdn.com/photos/man-adjusts-blue-tuxedo-bowtie_925x.jpg")
        expect(shirt.type.value).toBe("Shirts")
        expect(shirt.categories.map((c: any) => c.name)).toEqual(["Shirts"])
        expect(shirt.metadata).toEqual({ vendor: "partners-demo" })
        const stock = async (sku: string) => {
          const { data } = await api.get(`/admin/inventory-items?sku=${sku}&fields=sku,*location_levels`, { headers })
          return data.inventory_items[0]?.location_levels.map((l: any) => l.stocked_quantity) ?? null
        }
        expect([await stock("OBS-XS-BLUE"), await stock("OBS-S-BLUE"), await stock("OBS-M-NAVY"), await stock("CVT-1")]).toEqual([[50], [12], [0], [7]])
        // Its compare-at price (65) is the regular price; the price (50) a sale price.
        expect(await saleListOf(api, headers, "shopify-csv")).toEqual({ title: "Sale prices of shopify-csv", type: "sale", status: "active", prices: { "OBS-S-BLUE": { usd: 50 } } })
      })

      it("csv: syncs WooCommerce's export with variations far from their parents, through a stalled first read", async () => {
        // The file is read twice (the first read counts each product's rows); the first read stalls once and is retried.
        catalog.fault = { match: "woocommerce-export.csv", kind: "stall", times: 1 }
        const run = await trigger("woocommerce-csv")
        expect(run.status).toBe("completed")
        expect(run.stats).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 1, failed: 1, removed: 0, conflicts: 0 })
        expect(run.errors.map((e: any) => e.message)).toEqual(['record 7: mapping failed: variations of "ghost" have no parent row in the file'])
        const products = await catalogOf(api, headers)
        expect(Object.keys(products).sort()).toEqual(["id:60", "mug", "poster", "scarf", "tee"])
        expect(products.tee).toEqual({
          title: "Tee",
          handle: "tee",
          status: "published",
          tags: ["cotton", "summer"],
          options: { Color: ["Blue", "Green", "Red"] },
          variants: [
            { sku: "tee-blue", options: { Color: "Blue" }, prices: { eur: 20 } },
            { sku: "tee-green", options: { Color: "Green" }, prices: { eur: 21 } },
            { sku: "tee-red", options: { Color: "Red" }, prices: { eur: 20 } },
          ],
        })
        expect(products.scarf).toMatchObject({ status: "draft", options: { Material: ["Silk", "Wool"] } })
        const { data } = await api.get("/admin/products?handle=tee&fields=*categories", { headers })
        expect(data.products[0].categories.map((c: any) => c.name).sort()).toEqual(["Sale", "Tshirts"])
        // Read again, nothing changed: nothing is written.
        expect((await trigger("woocommerce-csv")).stats).toMatchObject({ created: 0, updated: 0, unchanged: 5, failed: 1 })
      })

      it("csv: syncs Magento's export — a configurable with its simples anywhere in the file, store views and bundles left out", async () => {
        const run = await trigger("magento-csv")
        expect(run.stats).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 1, failed: 0, removed: 0, conflicts: 0 })
        const products = await catalogOf(api, headers)
        expect(products.MH01).toEqual({
          title: "Chaz Kangeroo Hoodie",
          handle: "chaz-kangeroo-hoodie",
          status: "published",
          tags: [],
          options: { Color: ["Black", "Gray"], Size: ["S", "XS"] },
          variants: [
            { sku: "MH01-S-Black", options: { Size: "S", Color: "Black" }, prices: { usd: 52 } },
            { sku: "MH01-XS-Black", options: { Size: "XS", Color: "Black" }, prices: { usd: 52 } },
            { sku: "MH01-XS-Gray", options: { Size: "XS", Color: "Gray" }, prices: { usd: 54 } },
          ],
        })
        expect(products["MS-OLD"].status).toBe("draft")
        expect(products["24-MB01"].title).toBe("Joust Duffle Bag")
        expect((await saleListOf(api, headers, "magento-csv"))?.prices).toEqual({ "24-MB01": { usd: 30 } })
        expect(Object.keys(products)).not.toContain("MH01-XS-Black") // a variant, not a product
        const { data } = await api.get("/admin/products?handle=chaz-kangeroo-hoodie&fields=*categories,*images", { headers })
        expect(data.products[0].categories.map((c: any) => c.name).sort()).toEqual(["Hoodies & Sweatshirts", "New Luma Yoga Collection"])
        expect(data.products[0].images.map((i: any) => i.url)).toEqual(["/m/h/mh01-gray_main_1.jpg", "/m/h/mh01-gray_alt1_1.jpg", "/m/h/mh01-gray_back_1.jpg"])
      })

      it("csv: takes what Medusa's own import takes — image file names, status proposed and rejected", async () => {
        const run = await trigger("medusa-import")
        expect(run.stats).toMatchObject({ created: 2, failed: 1 })
        expect(run.errors.map((e: any) => [e.external_id, e.message])).toEqual([["bad-link", "invalid item: thumbnail: must be an http(s) URL or a file name (record 3)"]])
        const { data } = await api.get("/admin/products?handle[]=base-tee&handle[]=old-cap&fields=handle,status,thumbnail,*images&order=handle", { headers })
        expect(data.products.map((p: any) => [p.handle, p.status, p.thumbnail, p.images.map((i: any) => i.url)])).toEqual([
          ["base-tee", "proposed", "test-image.png", ["test-image.png", "images/base-tee-back.jpg"]],
          ["old-cap", "rejected", null, []],
        ])
      })

      it("xlsx: syncs a supplier's workbook from its named tab, rows grouped by handle", async () => {
        const run = await trigger("workbook")
        expect(run.stats).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        const products = await catalogOf(api, headers)
        expect(products["oak-shelf"]).toEqual({
          title: "Oak Shelf",
          handle: "oak-shelf",
          status: "published",
          tags: [],
          options: { Width: ["120 cm", "80 cm"] },
          variants: [
            { sku: "SHELF-120", options: { Width: "120 cm" }, prices: { eur: 180.6 } },
            { sku: "SHELF-80", options: { Width: "80 cm" }, prices: { eur: 129 } },
          ],
        })
        expect(products["wall-hook"]).toMatchObject({ status: "draft", variants: [{ sku: "HOOK-1", prices: { eur: 9.9 } }] })
        const { data } = await api.get("/admin/products?handle=oak-shelf&fields=description,*variants", { headers })
        expect(data.products[0].description).toBe("Solid oak, oiled.")
        expect(data.products[0].variants.map((v: any) => v.barcode).sort()).toEqual(["4006381333900", "4006381333917"])
      })

      it("xml: syncs a Merchant Center RSS feed with item groups, records what it cannot map, and resumes mid-file", async () => {
        catalog.fault = { match: "google-merchant.xml", kind: "stall", bytes: catalogFile("google-merchant.xml").indexOf("DRESS-BLUE-M"), times: 4 }
        const failed = await trigger("merchant-xml")
        expect(failed.status).toBe("failed")
        expect(failed.checkpoint).toEqual({ page: `${catalog.base}/files/google-merchant.xml`, offset: 1 })
        const resumed = await resume(failed.id)
        expect(resumed.status).toBe("completed")
        expect(resumed.stats).toEqual({ created: 3, updated: 0, unchanged: 0, skipped: 0, failed: 2, removed: 0, conflicts: 0 })
        expect(resumed.errors.map((e: any) => [e.external_id, e.message]).sort()).toEqual([
          [null, 'record 4: rows of "DRESS-1" appear again after other rows; the rows of one product must be adjacent (these 1 were not synced)'],
          ["CABLE-1", 'record 5 (CABLE-1): mapping failed: price "about ten dollars" of item CABLE-1 is not "<amount> <currency>"'],
        ])
        const products = await catalogOf(api, headers)
        expect(Object.keys(products).sort()).toEqual(["DRESS-1", "SOCKS", "TV_123456"])
        expect(products["DRESS-1"]).toMatchObject({
          title: "Summer Dress",
          options: { Color: ["Blue", "Red"], Size: ["M", "S"] },
          variants: [
            { sku: "DRESS-BLUE-S", options: { Color: "Blue", Size: "S" }, prices: { eur: 52 } },
            { sku: "DRESS-RED-M", options: { Color: "Red", Size: "M" }, prices: { eur: 49.9 } },
            { sku: "DRESS-RED-S", options: { Color: "Red", Size: "S" }, prices: { eur: 49.9 } },
          ],
        })
        expect(products.TV_123456.variants).toEqual([{ sku: "TV_123456", options: { "Default option": "Default option value" }, prices: { usd: 159 } }])
      })

      it("ndjson: detects the format, turns a broken line into an item error, and resumes mid-file", async () => {
        catalog.fault = { match: "catalog.ndjson", kind: "stall", bytes: catalogFile("catalog.ndjson").indexOf('"nd-5"') + 3, times: 4 }
        const failed = await trigger("ndjson")
        expect(failed.status).toBe("failed")
        expect(failed.checkpoint).toEqual({ page: `${catalog.base}/files/catalog.ndjson`, offset: 3 })
        const resumed = await resume(failed.id)
        expect(resumed.stats).toEqual({ created: 5, updated: 0, unchanged: 0, skipped: 0, failed: 2, removed: 0, conflicts: 0 })
        expect(resumed.errors.map((e: any) => [e.external_id, e.message.replace(/(is not valid JSON): .*$/, "$1")]).sort()).toEqual([
          [null, "record 4: line 4 is not valid JSON"],
          ["nd-6", "invalid item: title: Too small: expected string to have >=1 characters (record 6)"],
        ])
        const products = await catalogOf(api, headers)
        expect(Object.keys(products).sort()).toEqual(["nd-1", "nd-2", "nd-3", "nd-5", "nd-7"])
        expect(products["nd-1"].variants[0].prices).toEqual({ eur: 39 })
        expect(products["nd-7"].options).toEqual({ Size: ["40", "41"] })
      })
    })

    describe("mapping", () => {
      it("skips records the map returns null for and records a map that throws, by position and id", async () => {
        catalog.api[2].category = "skip-me"
        catalog.api[4].title = "explode"
        const run = await trigger("default")
        expect(run.status).toBe("completed")
        expect(run.stats).toEqual({ created: 23, updated: 0, unchanged: 0, skipped: 1, failed: 1, removed: 0, conflicts: 0 })
        expect(run.errors.map((e: any) => [e.external_id, e.message])).toEqual([["5", "record 5 (5): mapping failed: this record cannot be mapped"]])
      })
    })

    describe("asking only for what changed", () => {
      it("sends the last run's ETag and ends at once on 304; a new ETag reads everything again", async () => {
        const first = await trigger("conditional")
        expect(first.stats).toEqual({ created: 4, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(catalog.requests.at(-1)?.headers["if-none-match"]).toBeUndefined()
        const second = await trigger("conditional")
        expect(catalog.requests.at(-1)?.headers["if-none-match"]).toBe('"v1"')
        expect(second).toMatchObject({
          status: "completed",
          note: "source unchanged since the last completed run (HTTP 304); nothing was read",
          stats: { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 },
          progress: { processed: 0 },
        })
        catalog.etag = '"v2"'
        const third = await trigger("conditional")
        expect(catalog.requests.at(-1)?.headers["if-none-match"]).toBe('"v1"')
        expect(third).toMatchObject({ note: null, stats: { created: 0, updated: 0, unchanged: 4, skipped: 0, failed: 0, removed: 0, conflicts: 0 } })

        // After a run with item failures the source is read again in full, whatever its ETag.
        expect((await trigger("ndjson")).stats.failed).toBe(2)
        await trigger("ndjson")
        expect(catalog.requests.at(-1)?.headers["if-none-match"]).toBeUndefined()
      })

      it("reads a paged feed in full every time: a 304 for its first page would hide changes on later pages", async () => {
        expect((await trigger("api-offset")).stats.created).toBe(25)
        catalog.api[22] = { ...catalog.api[22], title: "Product 23 (changed)" }
        const second = await trigger("api-offset")
        expect(catalog.requests.filter((r) => r.url.startsWith("/api/products")).map((r) => r.headers["if-none-match"] ?? null)).toEqual(Array(6).fill(null))
        expect(second.stats).toMatchObject({ updated: 1, unchanged: 24 })
      })

      it("incremental: asks for changes since the start of the last completed run less the overlap, marks the run, and reads in full when told", async () => {
        const first = await trigger("incremental")
        expect(first).toMatchObject({ mode: "full", stats: { created: 25 } })
        const second = await trigger("incremental")
        const since = new Date(new Date(first.started_at).getTime() - 300_000).toISOString()
        expect(catalog.fetched("/api/changes").at(-1)).toBe(`/api/changes?updated_since=${encodeURIComponent(since)}`)
        expect(second).toMatchObject({ mode: "incremental", status: "completed", stats: { created: 0, updated: 2, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 } })
        const products = await catalogOf(api, headers)
        expect(products["api-1"].title).toBe("Product 1 (changed)")

        const full = await trigger("incremental", { mode: "full" })
        expect(catalog.fetched("/api/changes").at(-1)).toBe("/api/changes")
        expect(full).toMatchObject({ mode: "full", stats: { created: 0, updated: 2, unchanged: 23 } })
      })
    })

    describe("link safety", () => {
      it("refuses a next link to a local file, a loop, and a link to another host", async () => {
        const P = catalog.base
        const file = await trigger("hostile-file")
        expect(file).toMatchObject({ status: "failed", error: `refusing to follow the link "x:../../etc/passwd" found on ${P}/hostile/file-next: only http(s) links are followed, not x:` })
        const loop = await trigger("hostile-loop")
        expect(loop).toMatchObject({ status: "failed", error: `the feed's pages loop: ${P}/hostile/loop was already read in this run (page 2)` })
        const offsite = await trigger("hostile-offsite")
        expect(offsite).toMatchObject({
          status: "failed",
          error: `refusing to follow the link "http://127.0.0.2:9/steal" found on ${P}/hostile/offsite: it leaves ${P}; list its host in the source's "allowedHosts" to follow it`,
        })
      })
    })

    describe("file drops", () => {
      const sheet = (rows: string[][]) => `\uFEFFProduct Handle,Product Title,Variant Sku,Variant Price EUR\r\n${rows.map((r) => r.join(",")).join("\r\n")}\r\n`
      const put = (file: string, rows: string[][], daysAgo = 0) => {
        const target = path.join(dropRoot, file)
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.writeFileSync(target, sheet(rows))
        const when = new Date(Date.now() - daysAgo * 86_400_000)
        fs.utimesSync(target, when, when)
      }
      const prices = async () => Object.fromEntries(Object.entries(await catalogOf(api, headers)).map(([id, p]: [string, any]) => [id, p.variants[0].prices.eur]))

      beforeEach(() => {
        fs.rmSync(dropRoot, { recursive: true, force: true })
        fs.mkdirSync(dropRoot, { recursive: true })
        sftp.downloads.length = 0
        ftp.downloads.length = 0
      })

      it("sftp: reads the newest matching file, skips an unchanged drop, and retries a dropped transfer", async () => {
        put("exports/products-2026-11-28.csv", [["old-tee", "Old tee", "OLD-1", "5"]], 2)
        put("exports/products-2026-11-30.csv", [["tee", "Drop tee", "TEE-1", "19.90"], ["cap", " Drop cap ", "CAP-1", "12"]], 1)
        fs.writeFileSync(path.join(dropRoot, "exports/readme.txt"), "not a catalog")
        const first = await trigger("supplier-sftp")
        expect(first).toMatchObject({ status: "completed", error: null, stats: { created: 2, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 } })
        expect(await prices()).toEqual({ tee: 19.9, cap: 12 })
        expect(sftp.downloads).toEqual(["/exports/products-2026-11-30.csv"])

        const same = await trigger("supplier-sftp")
        expect(same).toMatchObject({ status: "completed", note: "the files of the drop did not change since the last completed run (names, sizes, times); nothing was read" })
        expect(sftp.downloads).toHaveLength(1)

        put("exports/products-2026-12-01.csv", [["tee", "Drop tee", "TEE-1", "17.50"], ["cap", "Drop cap", "CAP-1", "12"]])
        sftp.dropDownloads(60, 1)
        const changed = await trigger("supplier-sftp")
        expect(changed).toMatchObject({ status: "completed", error: null, stats: { created: 0, updated: 1, unchanged: 1, failed: 0 } })
        expect(await prices()).toEqual({ tee: 17.5, cap: 12 })
        expect(sftp.downloads.slice(1)).toEqual(["/exports/products-2026-12-01.csv", "/exports/products-2026-12-01.csv"])
        // A feed without sale prices makes no sale price list.
        expect(await saleListOf(api, headers, "supplier-sftp")).toBeNull()
      })

      it("sftp: with afterSync, the newest file and the older ones it supersedes are moved; a name moved before gets the time", async () => {
        put("inbox/products-1.csv", [["tee", "Tee", "TEE-1", "10"]], 2)
        put("inbox/products-2.csv", [["tee", "Tee", "TEE-1", "12"]], 1)
        expect(await trigger("sftp-inbox")).toMatchObject({ status: "completed", note: "moved products-1.csv, products-2.csv to /inbox/done" })
        expect(await prices()).toEqual({ tee: 12 })
        // The older file went too: the next run does not read it as the newest.
        put("inbox/products-2.csv", [["tee", "Tee", "TEE-1", "11"]])
        expect(await trigger("sftp-inbox")).toMatchObject({ status: "completed", note: "moved products-2.csv to /inbox/done" })
        expect(await prices()).toEqual({ tee: 11 })
        const done = fs.readdirSync(path.join(dropRoot, "inbox/done")).sort()
        expect(done).toHaveLength(3)
        expect(done[0]).toBe("products-1.csv")
        expect(done[1]).toMatch(/^products-2\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.csv$/)
        expect(done[2]).toBe("products-2.csv")
        expect(fs.readdirSync(path.join(dropRoot, "inbox"))).toEqual(["done"])
      })

      it("sftp: a refused login fails the run with a clear error and no secret anywhere", async () => {
        put("exports/products-2026-11-30.csv", [["tee", "Drop tee", "TEE-1", "19.90"]])
        const refused = await trigger("sftp-wrong-password")
        expect(refused).toMatchObject({
          status: "failed",
          error: `SFTP login to supplier@127.0.0.1:${process.env.TEST_SFTP_PORT} was refused (check the user, "login.password" or "login.privateKey") (after 1 attempt)`,
        })
        expect(JSON.stringify(refused)).not.toMatch(/not-the-password|drop-s3cret/)
        const { data } = await api.get("/admin/sync/sources", { headers })
        const drop = data.sources.find((s: any) => s.name === "erp-ftp")
        expect(drop.url).toBe(`ftp://supplier@127.0.0.1:${process.env.TEST_FTP_PORT}/parts/stock-?.csv`)
        expect(JSON.stringify(data)).not.toMatch(/not-the-password|drop-s3cret/)
      })

      it("ftp: a resume whose file left the folder reads the drop again from the start", async () => {
        const F = `ftp://supplier@127.0.0.1:${process.env.TEST_FTP_PORT}`
        put("parts/stock-1.csv", [["mug", "Mug", "MUG-1", "8"], ["bowl", "Bowl", "BOWL-1", "9.5"]])
        put("parts/stock-2.csv", [["plate", "Plate", "PLATE-1", "11"]])
        ftp.dropDownloads(70, 3, "/parts/stock-2.csv")
        const failed = await trigger("erp-ftp")
        expect(failed).toMatchObject({ status: "failed", checkpoint: { page: `${F}/parts/stock-2.csv`, offset: 0 } })
        // The ERP replaced part 2 before anyone resumed.
        fs.rmSync(path.join(dropRoot, "parts/stock-2.csv"))
        put("parts/stock-3.csv", [["jar", "Jar", "JAR-1", "3"]])
        const resumed = await resume(failed.id)
        expect(resumed).toMatchObject({
          status: "completed",
          note: `the source changed since the checkpoint (${F}/parts/stock-2.csv is no longer one of the files "stock-?.csv" picks): read again from the beginning; 2 items had been committed before; moved stock-1.csv, stock-3.csv to /parts/processed`,
        })
        expect(await prices()).toEqual({ mug: 8, bowl: 9.5, jar: 3 })
      })

      it("sale prices: a WooCommerce export dropped on SFTP keeps the source's sale price list in sync — added, changed, removed", async () => {
        const export1 = catalogFile("woocommerce-export.csv")
        fs.mkdirSync(path.join(dropRoot, "woo"))
        const drop = (text: string) => fs.writeFileSync(path.join(dropRoot, "woo/wc-product-export-1.csv"), text)
        drop(export1)
        expect((await trigger("woo-sftp")).stats).toMatchObject({ created: 5, failed: 1 })
        expect(await saleListOf(api, headers, "woo-sftp")).toEqual({ title: "Sale prices of woo-sftp", type: "sale", status: "active", prices: { "tee-red": { eur: 15 } } })
        expect((await catalogOf(api, headers)).tee.variants.find((v: any) => v.sku === "tee-red").prices).toEqual({ eur: 20 })

        // The tee's red sale goes down, the mug goes on sale.
        drop(export1.replace(",notify,,,,,,,,15,20,", ",notify,,,,,,,,12,20,").replace(",,9.5,Kitchen", ",8,9.5,Kitchen"))
        expect((await trigger("woo-sftp")).stats).toMatchObject({ created: 0, updated: 2, unchanged: 3 })
        expect((await saleListOf(api, headers, "woo-sftp"))?.prices).toEqual({ "tee-red": { eur: 12 }, mug: { eur: 8 } })

        // The tee's sale ends.
        drop(export1.replace(",notify,,,,,,,,15,20,", ",notify,,,,,,,,,20,").replace(",,9.5,Kitchen", ",8,9.5,Kitchen"))
        expect((await trigger("woo-sftp")).stats).toMatchObject({ created: 0, updated: 1, unchanged: 4 })
        expect((await saleListOf(api, headers, "woo-sftp"))?.prices).toEqual({ mug: { eur: 8 } })
      })

      it("ftp: reads every part in name order, resumes at the part that failed, and moves the parts once synced", async () => {
        const F = `ftp://supplier@127.0.0.1:${process.env.TEST_FTP_PORT}`
        put("parts/stock-1.csv", [["mug", "Mug", "MUG-1", "8"], ["bowl", "Bowl", "BOWL-1", "9.5"]])
        put("parts/stock-2.csv", [["plate", "Plate", "PLATE-1", "11"], ["cup", "Cup", "CUP-1", "4"]])
        put("parts/stock-10.csv", [["ignored", "Not a part: two characters", "X-1", "1"]])
        ftp.dropDownloads(70, 3, "/parts/stock-2.csv")
        const failed = await trigger("erp-ftp")
        expect(failed.status).toBe("failed")
        expect(failed.error).toMatch(new RegExp(`^FTP supplier@127\\.0\\.0\\.1:\\d+: the download of /parts/stock-2\\.csv failed: .+ \\(page 2, record 0, after 3 attempts\\)$`))
        expect(failed.checkpoint).toEqual({ page: `${F}/parts/stock-2.csv`, offset: 0 })
        expect(fs.readdirSync(path.join(dropRoot, "parts")).sort()).toEqual(["stock-1.csv", "stock-10.csv", "stock-2.csv"])

        const resumed = await resume(failed.id)
        expect(resumed).toMatchObject({ status: "completed", error: null, note: "moved stock-1.csv, stock-2.csv to /parts/processed" })
        expect(await prices()).toEqual({ mug: 8, bowl: 9.5, plate: 11, cup: 4 })
        // The resume started at part 2: part 1 was read once.
        expect(ftp.downloads).toEqual(["/parts/stock-1.csv", "/parts/stock-2.csv", "/parts/stock-2.csv", "/parts/stock-2.csv", "/parts/stock-2.csv"])
        expect(fs.readdirSync(path.join(dropRoot, "parts")).sort()).toEqual(["processed", "stock-10.csv"])
        expect(fs.readdirSync(path.join(dropRoot, "parts/processed")).sort()).toEqual(["stock-1.csv", "stock-2.csv"])

        const empty = await trigger("erp-ftp")
        expect(empty).toMatchObject({ status: "completed", note: `no file in ftp://127.0.0.1/parts matches "stock-?.csv"; nothing was read` })
      })
    })

    describe("images", () => {
      it("rehost: copies each image once into the File module, keeps the URL of one it cannot fetch, and downloads nothing on a resync", async () => {
        const I = `${catalog.base}/img`
        const product = (external_id: string, title: string, images: Record<string, unknown>) => ({ external_id, title, ...images, variants: [{ sku: external_id.toUpperCase(), prices: [{ currency_code: "eur", amount: 30 }] }] })
        catalog.feedProducts = [
          product("lamp", "Lamp", { images: [`${I}/lamp-1.png`, `${I}/lamp-2.png`, `${I}/missing.png`] }),
          product("rug", "Rug", { thumbnail: `${I}/lamp-1.png`, images: [`${I}/huge.jpg`, `${I}/endless.jpg`, `${I}/page.jpg`, "rug-detail.png"] }),
          // A feed must not make the server fetch from its own network, nor publish a script as an image.
          product("tile", "Tile", { images: [`${I}/moved.png`, "http://127.0.0.2:9/x.png", `${I}/logo.svg`] }),
        ]
        const first = await trigger("moving")
        expect(first).toMatchObject({ status: "completed", error: null, stats: { created: 3, updated: 0, failed: 0 } })
        expect(first.note).toBe(
          "7 images could not be re-hosted and keep the source's URL: " +
            'http://127.0.0.2:9/x.png: the host 127.0.0.2 is on a private network (list it in the source\'s "allowedHosts" to fetch it); ' +
            `${I}/endless.jpg: more than 100000 bytes (maxImageBytes); ${I}/huge.jpg: 300000 bytes, more than maxImageBytes (100000); ` +
            `${I}/logo.svg: not a PNG, JPEG, GIF, WebP or AVIF image (Content-Type image/svg+xml); ${I}/missing.png: HTTP 404; and 2 more`
        )
        // Each source URL was fetched once, though two products name lamp-1.png.
        expect(catalog.fetched("/img/").sort()).toEqual(["/img/endless.jpg", "/img/huge.jpg", "/img/lamp-1.png", "/img/lamp-2.png", "/img/logo.svg", "/img/missing.png", "/img/moved.png", "/img/page.jpg"])
        const imagesOf = async () => {
          const { data } = await api.get("/admin/products?fields=external_id,thumbnail,*images", { headers })
          return Object.fromEntries(data.products.map((p: any) => [p.external_id, { thumbnail: p.thumbnail, images: [...p.images].sort((a: any, b: any) => a.rank - b.rank).map((i: any) => i.url) }]))
        }
        const stored = await imagesOf()
        const [lamp1, lamp2] = stored.lamp.images
        expect(lamp1).toMatch(/^http:\/\/localhost:\d+\/static\/\d+-lamp-1\.png$/)
        expect(lamp2).toMatch(/^http:\/\/localhost:\d+\/static\/\d+-lamp-2\.png$/)
        expect(stored).toEqual({
          lamp: { thumbnail: lamp1, images: [lamp1, lamp2, `${I}/missing.png`] },
          rug: { thumbnail: lamp1, images: [`${I}/huge.jpg`, `${I}/endless.jpg`, `${I}/page.jpg`, "rug-detail.png"] },
          tile: { thumbnail: `${I}/moved.png`, images: [`${I}/moved.png`, "http://127.0.0.2:9/x.png", `${I}/logo.svg`] },
        })
        // The copy is served by Medusa (the local file provider), byte for byte.
        const copy = await api.get(new URL(lamp1).pathname, { responseType: "arraybuffer" })
        expect(Buffer.from(copy.data).subarray(1, 4).toString()).toBe("PNG")

        catalog.requests = []
        expect((await trigger("moving")).stats).toMatchObject({ created: 0, updated: 0, unchanged: 3 })
        expect(catalog.fetched("/img/")).toEqual([])

        // A new product: the image another product brought is not fetched again, its own is.
        catalog.feedProducts.push(product("vase", "Vase", { images: [`${I}/lamp-2.png`, `${I}/vase.png`] }))
        const third = await trigger("moving")
        expect(third).toMatchObject({ note: null, stats: { created: 1, updated: 0, unchanged: 3 } })
        expect(catalog.fetched("/img/")).toEqual(["/img/vase.png"])
        const vase = (await imagesOf()).vase
        expect(vase.images[0]).toBe(lamp2)
        expect(vase.images[1]).toMatch(/\/static\/\d+-vase\.png$/)
      })
    })

    describe("sources API", () => {
      it("lists the sources without secrets and previews a mapping without writing", async () => {
        const { data } = await api.get("/admin/sync/sources", { headers })
        const byName = Object.fromEntries(data.sources.map((s: any) => [s.name, s]))
        expect(byName["api-offset"]).toEqual({
          name: "api-offset",
          url: `${catalog.base}/api/products?api_key=***`,
          format: null,
          preset: null,
          pagination: "offset",
          has_map: true,
          incremental: false,
          enabled: true,
          schedule: null,
          next_run_at: null,
          last_run: null,
        })
        expect(byName["shopify-admin"]).toMatchObject({ preset: "shopify", pagination: "link-header" })
        expect(JSON.stringify(data)).not.toMatch(/s3cret-key|supplier-token|shpat_secret|drop-s3cret|not-the-password/)

        const preview = await api.post("/admin/sync/sources/shopify-store/preview", { limit: 3 }, { headers })
        // The store has none of them yet: nothing to compare (a sync would create them).
        expect([preview.data.errors, preview.data.changes]).toEqual([[], {}])
        expect(preview.data.products.map((p: any) => [p.external_id, p.variants.length])).toEqual([["632910392", 3], ["921728736", 2], ["1071559575", 1]])
        catalog.api[1].title = "explode"
        const mapped = await api.post("/admin/sync/sources/default/preview", {}, { headers })
        expect(mapped.data.products).toHaveLength(9)
        expect(mapped.data.errors).toEqual([{ record: 2, external_id: "2", message: "record 2 (2): mapping failed: this record cannot be mapped" }])
        const dead = await api.post("/admin/sync/sources/hostile-loop/preview", { limit: 5 }, { headers })
        expect(dead.data).toEqual({ products: [], skipped: 0, changes: {}, errors: [{ record: null, external_id: null, message: `the source could not be read: the feed's pages loop: ${catalog.base}/hostile/loop was already read in this run (page 2)` }] })

        const tooMany = await api.post("/admin/sync/sources/default/preview", { limit: 51 }, { headers, validateStatus: () => true })
        expect(tooMany.status).toBe(400)
        const unknown = await api.post("/admin/sync/sources/nope/preview", {}, { headers, validateStatus: () => true })
        expect(unknown.status).toBe(404)
        const { data: products } = await api.get("/admin/products", { headers })
        expect(products.count).toBe(0)
      })
    })
  },
})
