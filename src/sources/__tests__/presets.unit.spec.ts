import path from "node:path"
import { validateFeedProduct } from "../../feed/feed-product"
import { FeedSource, FeedSourceConfig } from "../feed-source"

const CATALOGS = path.join(__dirname, "../../../integration-tests/fixtures/catalogs")

/** Every item of a source, validated as a batch would: products or error messages. */
async function readAll(file: string, more: Partial<FeedSourceConfig>) {
  const source = new FeedSource({ name: "t", url: path.join(CATALOGS, file), attempts: 1, timeoutMs: 1000, backoffMs: 1, ...more })
  const out: unknown[] = []
  for await (const chunk of source.read({ from: null, chunkSize: 100 })) {
    for (const item of chunk.items) {
      if (item.error !== undefined) out.push({ error: item.error })
      else if (item.skipped) out.push({ skipped: item.index })
      else {
        const checked = validateFeedProduct(item.product)
        out.push(checked.ok ? checked.product : { error: checked.message })
      }
    }
  }
  return out
}

describe("preset shopify", () => {
  it("maps products.json: options by position, string prices, comma tags, placeholder options, statuses", async () => {
    const [nano, touch, gift] = (await readAll("shopify-products.json", { preset: "shopify", currency: "USD" })) as any[]
    expect(nano).toMatchObject({
      external_id: "632910392",
      title: "IPod Nano - 8GB",
      handle: "ipod-nano",
      status: "published",
      tags: ["Emotive", "Flash Memory", "MP3", "Music"],
      options: [{ title: "Color", values: ["Pink", "Red", "Green"] }],
      images: [
        "https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano.png?v=1704205723",
        "https://cdn.shopify.com/s/files/1/0005/4838/0009/products/ipod-nano-2.png?v=1704205723",
      ],
      type: "Cult Products",
      metadata: { vendor: "Apple" },
    })
    expect(nano.description).toMatch(/^<p>It's the small iPod/)
    expect(nano.variants[0]).toMatchObject({ title: "Pink", sku: "IPOD2008PINK", options: { Color: "Pink" }, prices: [{ currency_code: "usd", amount: 199 }], barcode: "1234_pink", weight: 567, manage_inventory: true, inventory_quantity: 10 })
    expect(touch).toMatchObject({ status: "draft", tags: [], options: [{ title: "Color", values: ["Black"] }, { title: "Storage", values: ["8GB", "32GB"] }] })
    expect(touch.variants[1]).toMatchObject({ sku: "IPOD2009BLACK32", options: { Color: "Black", Storage: "32GB" }, prices: [{ currency_code: "usd", amount: 299.5 }] })
    expect(touch.variants[0].barcode).toBeUndefined()
    // Stock only where Shopify tracks it (inventory_management "shopify").
    expect(touch.variants.map((v: any) => v.inventory_quantity)).toEqual([undefined, undefined])
    expect(gift).toMatchObject({ external_id: "1071559575", tags: ["gift", "service"], options: undefined, description: null })
    expect(gift.variants).toEqual([{ title: undefined, sku: undefined, options: {}, prices: [{ currency_code: "usd", amount: 5 }], barcode: undefined, weight: 0 }])
  })
})

describe("preset shopify-csv", () => {
  it("reads Shopify's product export: rows by Handle, option names from the first row, image-only rows, Default Title, statuses, stock", async () => {
    const [shirt, gift, jumper, top] = (await readAll("shopify-export.csv", { preset: "shopify-csv", currency: "USD" })) as any[]
    expect(shirt).toMatchObject({
      external_id: "ocean-blue-shirt",
      handle: "ocean-blue-shirt",
      title: "Ocean Blue Shirt",
      status: "published",
      type: "Shirts",
      categories: ["Apparel & Accessories > Clothing > Clothing Tops > Shirts"],
      tags: ["men", "shirts", "summer"],
      metadata: { vendor: "partners-demo" },
      options: [{ title: "Size", values: ["xs", "s", "m"] }, { title: "Color", values: ["Blue", "Navy"] }],
      images: [
        "https://burst.shopifycdn.com/photos/man-adjusts-blue-tuxedo-bowtie_925x.jpg",
        "https://burst.shopifycdn.com/photos/man-in-blue-shirt_925x.jpg",
        "https://burst.shopifycdn.com/photos/blue-shirt-back_925x.jpg",
      ],
    })
    expect(shirt.description).toMatch(/^<p>Ocean blue cotton shirt/)
    // Three variants: the image-only row is no variant; a price padded with spaces; stock below zero is none.
    // A compare-at above the price: the compare-at is the regular price, the price a sale price.
    expect(shirt.variants.map((v: any) => [v.sku, v.options, v.prices, v.sale_prices, v.inventory_quantity, v.allow_backorder])).toEqual([
      ["OBS-XS-BLUE", { Size: "xs", Color: "Blue" }, [{ currency_code: "usd", amount: 50 }], undefined, 50, false],
      ["OBS-S-BLUE", { Size: "s", Color: "Blue" }, [{ currency_code: "usd", amount: 65 }], [{ currency_code: "usd", amount: 50 }], 12, false],
      ["OBS-M-NAVY", { Size: "m", Color: "Navy" }, [{ currency_code: "usd", amount: 52.5 }], undefined, 0, true],
    ])
    expect(shirt.variants[2].barcode).toBe("0885909950805")
    // "Title" / "Default Title": no options, one variant; not tracked, so no stock and no inventory management.
    expect(gift).toMatchObject({ external_id: "gift-card", options: undefined, variants: [{ options: {}, prices: [{ currency_code: "usd", amount: 25 }], manage_inventory: false }] })
    expect(gift.variants[0].inventory_quantity).toBeUndefined()
    expect(jumper).toMatchObject({ status: "draft", type: "Sweaters", variants: [{ sku: "YWJ-1", weight: 500 }] }) // archived
    expect(top).toMatchObject({ status: "draft", options: undefined, variants: [{ sku: "CVT-1", inventory_quantity: 7 }] })
  })
})

describe("preset woocommerce-csv", () => {
  it("puts variations with their parent wherever either is in the file, by SKU or id:N; skips grouped products", async () => {
    const out = (await readAll("woocommerce-export.csv", { preset: "woocommerce-csv", currency: "EUR" })) as any[]
    // In the order products complete: a product goes out with its last row.
    const [mug, gift, poster, ebook, tee, scarf, orphan] = out
    expect(mug).toMatchObject({ external_id: "mug", title: "Mug", status: "published", categories: ["Kitchen"], images: ["https://shop.example.com/img/mug.jpg"], options: undefined })
    expect(mug.variants).toEqual([expect.objectContaining({ sku: "mug", options: {}, prices: [{ currency_code: "eur", amount: 9.5 }], manage_inventory: true, inventory_quantity: 12, weight: 0.8 })])
    expect(gift).toEqual({ skipped: 1 })
    expect(poster).toMatchObject({ external_id: "poster", metadata: { external_url: "https://partner.example.com/poster", woocommerce_id: "50" }, variants: [{ prices: [{ currency_code: "eur", amount: 12.5 }] }] })
    // No SKU: named by its ID; "Published" -1 is a draft; an escaped comma stays in its category.
    expect(ebook).toMatchObject({ external_id: "id:60", status: "draft", categories: ["Books > E-books", "Home, Garden > Decor"], tags: ["pdf", "reading"] })
    expect(tee).toMatchObject({
      external_id: "tee",
      title: "Tee",
      description: "<p>Organic cotton, <strong>heavy</strong> jersey.</p>",
      categories: ["Clothing > Tshirts", "Sale"],
      tags: ["cotton", "summer"],
      images: ["https://shop.example.com/img/tee-1.jpg", "https://shop.example.com/img/tee-2.jpg"],
      // Size is empty on every variation ("any"): no option.
      options: [{ title: "Color", values: ["Blue", "Red", "Green"] }],
      metadata: { short_description: "A soft tee.", woocommerce_id: "10" },
    })
    expect(tee.variants.map((v: any) => [v.sku, v.options, v.prices, v.sale_prices, v.inventory_quantity, v.allow_backorder])).toEqual([
      ["tee-blue", { Color: "Blue" }, [{ currency_code: "eur", amount: 20 }], undefined, undefined, false],
      ["tee-red", { Color: "Red" }, [{ currency_code: "eur", amount: 20 }], [{ currency_code: "eur", amount: 15 }], 5, true],
      ["tee-green", { Color: "Green" }, [{ currency_code: "eur", amount: 21 }], undefined, 0, false],
    ])
    // The parent came after one variation (named by id:30) and before the other (named by SKU).
    expect(scarf).toMatchObject({ external_id: "scarf", status: "draft", options: [{ title: "Material", values: ["Wool", "Silk"] }] })
    expect(scarf.variants.map((v: any) => v.sku)).toEqual(["scarf-wool", "scarf-silk"])
    expect(orphan).toEqual({ error: 'record 7: mapping failed: variations of "ghost" have no parent row in the file' })
    expect(out).toHaveLength(7)
  })
})

describe("preset magento-csv", () => {
  it("gathers a configurable's simples wherever they are, drops the category root, skips store views and bundles", async () => {
    const [bag, bundle, retired, hoodie] = (await readAll("magento-export.csv", { preset: "magento-csv", currency: "USD" })) as any[]
    expect(bag).toMatchObject({
      external_id: "24-MB01",
      handle: "joust-duffle-bag",
      title: "Joust Duffle Bag", // the "de" store view's name is an override, not read
      status: "published",
      categories: ["Gear", "Gear > Bags"],
      images: ["/m/b/mb01-blue-0.jpg"],
      // special_price: a sale price.
      variants: [{ sku: "24-MB01", prices: [{ currency_code: "usd", amount: 34 }], sale_prices: [{ currency_code: "usd", amount: 30 }], manage_inventory: true, inventory_quantity: 100, allow_backorder: true }],
    })
    expect(bundle).toEqual({ skipped: 1 })
    expect(retired).toMatchObject({ external_id: "MS-OLD", status: "draft", categories: ["Sale"], variants: [{ inventory_quantity: 0 }] })
    expect(hoodie).toMatchObject({
      external_id: "MH01",
      handle: "chaz-kangeroo-hoodie",
      description: "<p>Ideal for cold-weather training or work outdoors, the Chaz Hoodie promises superior warmth.</p>",
      categories: ["Men > Tops > Hoodies & Sweatshirts", "Collections > New Luma Yoga Collection"],
      images: ["/m/h/mh01-gray_main_1.jpg", "/m/h/mh01-gray_alt1_1.jpg", "/m/h/mh01-gray_back_1.jpg"],
      options: [{ title: "Size", values: ["XS", "S"] }, { title: "Color", values: ["Black", "Gray"] }],
      metadata: { short_description: "Warm, and comfortable." },
    })
    // A child before its configurable, one after, one far below: each a variant with its own price and stock.
    expect(hoodie.variants.map((v: any) => [v.sku, v.options, v.prices[0].amount, v.inventory_quantity])).toEqual([
      ["MH01-XS-Black", { Size: "XS", Color: "Black" }, 52, 100],
      ["MH01-S-Black", { Size: "S", Color: "Black" }, 52, 42],
      ["MH01-XS-Gray", { Size: "XS", Color: "Gray" }, 54, 7],
    ])
  })
})

describe("preset medusa-csv", () => {
  it("groups the rows of a handle, trims padded cells, reads currency prices and skips region ones", async () => {
    const [shirt, pants, mug] = (await readAll("medusa-export.csv", { preset: "medusa-csv" })) as any[]
    expect(shirt).toMatchObject({
      external_id: "t-shirt",
      handle: "t-shirt",
      title: "Medusa T-Shirt",
      subtitle: "Soft cotton",
      status: "published",
      discountable: true,
      weight: 400,
      material: "Cotton",
      tags: ["tshirt", 'summer "25"'],
      options: [{ title: "Size", values: ["S", "M"] }, { title: "Color", values: ["Black", "White"] }],
    })
    expect(shirt.description).toBe("Reimagine the feeling of a classic T-shirt.\nWith our cotton T-shirts, everyday essentials no longer have to be ordinary.")
    expect(shirt.variants.map((v: any) => [v.sku, v.options, v.prices, v.manage_inventory])).toEqual([
      ["SHIRT-S-BLACK", { Size: "S", Color: "Black" }, [{ currency_code: "eur", amount: 10 }, { currency_code: "usd", amount: 15 }], true],
      ["SHIRT-S-WHITE", { Size: "S", Color: "White" }, [{ currency_code: "eur", amount: 10 }, { currency_code: "usd", amount: 15 }], true],
      ["SHIRT-M-BLACK", { Size: "M", Color: "Black" }, [{ currency_code: "eur", amount: 12.5 }, { currency_code: "usd", amount: 17 }], true],
    ])
    expect(shirt.variants[0].barcode).toBe("4006381333931")
    expect(pants).toMatchObject({ external_id: "SWEAT-EXT", status: "draft", options: [{ title: "Size", values: ["S", "M"] }] })
    expect(pants.variants.map((v: any) => v.sku)).toEqual(["SWEATPANTS-S", "SWEATPANTS-M"])
    expect(mug).toMatchObject({ external_id: "mug", options: undefined, variants: [{ sku: "MUG-1", prices: [{ currency_code: "eur", amount: 8 }] }] })
  })

  it("takes what Medusa's own import takes: image file names, statuses proposed and rejected, `Product Image N Url`", async () => {
    const [tee, cap, bad] = (await readAll("medusa-import-files.csv", { preset: "medusa-csv" })) as any[]
    expect(tee).toMatchObject({ handle: "base-tee", status: "proposed", thumbnail: "test-image.png", images: ["test-image.png", "images/base-tee-back.jpg"] })
    expect(tee.variants.map((v: any) => v.sku)).toEqual(["BASE-S", "BASE-M"])
    expect(cap).toMatchObject({ handle: "old-cap", status: "rejected", thumbnail: null, images: [] })
    // A link with another scheme is no image.
    expect(bad).toEqual({ error: "invalid item: thumbnail: must be an http(s) URL or a file name" })
  })
})

describe("preset google-merchant", () => {
  it("reads RSS items with the g: namespace, groups item_group_id, and names what it cannot map", async () => {
    const [tv, dress, socks, again, cable] = (await readAll("google-merchant.xml", { preset: "google-merchant" })) as any[]
    expect(tv).toMatchObject({
      external_id: "TV_123456",
      title: 'LG 22LB4510 – 22" LED TV – 1080p (FullHD)',
      description: "Attractively styled & boasting stunning picture quality, the LG 22LB4510 is an excellent television.",
      thumbnail: "https://images.example.com/TV_123456.png",
      categories: ["Consumer Electronics > TVs > Flat Panel TVs"],
      metadata: { brand: "LG", google_product_category: "Electronics > Video > Televisions > Flat Panel Televisions" },
      variants: [{ sku: "TV_123456", barcode: "8806084893934", prices: [{ currency_code: "usd", amount: 159 }], allow_backorder: false, metadata: { availability: "in_stock", mpn: "22LB4510", link: "https://www.example.com/electronics/tv/22LB4510.html" } }],
    })
    expect(dress).toMatchObject({
      external_id: "DRESS-1",
      title: "Summer Dress",
      options: [{ title: "Color", values: ["Red", "Blue"] }, { title: "Size", values: ["S", "M"] }],
      images: ["https://images.example.com/dress-red.jpg", "https://images.example.com/dress-red-2.jpg", "https://images.example.com/dress-red-3.jpg", "https://images.example.com/dress-blue.jpg"],
    })
    expect(dress.variants.map((v: any) => [v.sku, v.title, v.prices[0].amount, v.allow_backorder])).toEqual([
      ["DRESS-RED-S", "Red / S", 49.9, false],
      ["DRESS-RED-M", "Red / M", 49.9, true],
      ["DRESS-BLUE-S", "Blue / S", 52, false],
    ])
    expect(dress.variants[0].metadata).toEqual({ availability: "in_stock" })
    expect(dress.variants.map((v: any) => v.sale_prices)).toEqual([[{ currency_code: "eur", amount: 39.9 }], undefined, undefined])
    expect(socks).toMatchObject({ external_id: "SOCKS", options: [{ title: "Size", values: ["40-42"] }] })
    expect(again).toEqual({ error: 'record 4: rows of "DRESS-1" appear again after other rows; the rows of one product must be adjacent (these 1 were not synced)' })
    expect(cable).toEqual({ error: 'record 5 (CABLE-1): mapping failed: price "about ten dollars" of item CABLE-1 is not "<amount> <currency>"' })
  })

  it("reads the TSV form, with comma-separated additional images and the source's currency for bare prices", async () => {
    const [mug, poster] = (await readAll("google-merchant.tsv", { preset: "google-merchant", currency: "EUR" })) as any[]
    expect(mug).toMatchObject({
      external_id: "MUG",
      description: 'A mug with a 5" rim',
      options: [{ title: "Color", values: ["White", "Black"] }],
      images: ["https://images.example.com/mug-w.jpg", "https://images.example.com/mug-w-2.jpg", "https://images.example.com/mug-w-3.jpg", "https://images.example.com/mug-b.jpg"],
    })
    expect(mug.variants.map((v: any) => [v.sku, v.prices[0].amount, v.allow_backorder, v.barcode])).toEqual([
      ["MUG-W", 12, false, "4006381333931"],
      ["MUG-B", 13.5, true, undefined],
    ])
    expect(poster).toMatchObject({ external_id: "POSTER", variants: [{ sku: "POSTER", prices: [{ currency_code: "eur", amount: 25 }] }] })
  })
})
