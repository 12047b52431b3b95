// Writes the bench's catalogs of n generated products in each source format:
// the same products as JSON (array), NDJSON, Medusa's product CSV (a row per
// variant) and Google Merchant RSS (an item per variant, grouped by item_group_id).
const fs = require("node:fs")
const { generateProduct, writeFeedFile } = require("./feed-generator.cjs")

async function writeLines(file, lines) {
  const out = fs.createWriteStream(file)
  for (const line of lines) {
    if (!out.write(line)) await new Promise((r) => out.once("drain", r))
  }
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())))
}

const csvCell = (v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))
const xml = (v) => String(v).replace(/&/g, "&amp;").replace(/</g, "&lt;")

function* ndjson(n) {
  for (let i = 0; i < n; i++) yield `${JSON.stringify(generateProduct(i))}\n`
}

const CSV_COLUMNS = ["Product Handle", "Product Title", "Product Description", "Product Status", "Product Thumbnail", "Product Image 1", "Product Image 2", "Product Tag 1", "Product Tag 2",
  "Variant Title", "Variant Sku", "Variant Price EUR", "Variant Price USD", "Variant Option 1 Name", "Variant Option 1 Value", "Variant Option 2 Name", "Variant Option 2 Value"]

function* medusaCsv(n) {
  yield `${CSV_COLUMNS.join(",")}\n`
  for (let i = 0; i < n; i++) {
    const p = generateProduct(i)
    for (const v of p.variants) {
      yield `${[p.handle, p.title, p.description, "published", p.thumbnail, ...p.images, ...p.tags, v.title, v.sku, v.prices[0].amount, v.prices[1].amount, "Size", v.options.Size, "Color", v.options.Color].map(csvCell).join(",")}\n`
    }
  }
}

/**
 * The file Medusa's admin imports (Products › Import), for the generated
 * products with handles and SKUs prefixed by `prefix`: its sales channel
 * and shipping profile columns hold ids, and so would its tag columns
 * (Medusa's importer reads "Product Tag N" as a tag id), so tags are left
 * out. With `ids` (handle → { id, variants: sku → id }) it is the file of a
 * re-import, as Medusa's export writes it, with product and variant ids.
 * With `from`, only products [from, n).
 */
function* medusaImportCsv(n, { prefix, salesChannelId, shippingProfileId, ids, from = 0 }) {
  const columns = [...(ids ? ["Product Id", "Variant Id"] : []), "Product Handle", "Product Title", "Product Description", "Product Status", "Product Thumbnail", "Product Image 1", "Product Image 2",
    "Product Sales Channel 1", "Shipping Profile Id", "Variant Title", "Variant Sku", "Variant Manage Inventory", "Variant Price EUR", "Variant Price USD",
    "Variant Option 1 Name", "Variant Option 1 Value", "Variant Option 2 Name", "Variant Option 2 Value"]
  yield `${columns.join(",")}\n`
  for (let i = from; i < n; i++) {
    const p = generateProduct(i)
    const handle = `${prefix}-${p.handle}`
    for (const v of p.variants) {
      const sku = `${prefix}-${v.sku}`
      const own = ids ? [ids.get(handle).id, ids.get(handle).variants.get(sku)] : []
      yield `${[...own, handle, p.title, p.description, "published", p.thumbnail, ...p.images, salesChannelId, shippingProfileId, v.title, sku, "false", v.prices[0].amount, v.prices[1].amount, "Size", v.options.Size, "Color", v.options.Color].map(csvCell).join(",")}\n`
    }
  }
}

function* merchantXml(n) {
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<rss xmlns:g="http://base.google.com/ns/1.0" version="2.0"><channel><title>bench</title>\n'
  for (let i = 0; i < n; i++) {
    const p = generateProduct(i)
    for (const v of p.variants) {
      yield `<item><g:id>${v.sku}</g:id><g:item_group_id>${p.external_id}</g:item_group_id><g:title>${xml(p.title)}</g:title><g:description>${xml(p.description)}</g:description><g:image_link>${p.images[0]}</g:image_link><g:additional_image_link>${p.images[1]}</g:additional_image_link><g:availability>in_stock</g:availability><g:price>${v.prices[0].amount.toFixed(2)} EUR</g:price><g:size>${v.options.Size}</g:size><g:color>${v.options.Color}</g:color><g:brand>Acme</g:brand></item>\n`
    }
  }
  yield "</channel></rss>\n"
}

const WOO_COLUMNS = ["ID", "Type", "SKU", "Name", "Published", "Description", "Regular price", "Stock", "Categories", "Images", "Parent", "Attribute 1 name", "Attribute 1 value(s)", "Attribute 2 name", "Attribute 2 value(s)"]

/** WooCommerce's product CSV with every parent after its variations: each product waits for its last row. */
function* woocommerceCsv(n) {
  yield `${WOO_COLUMNS.join(",")}\n`
  for (let i = 0; i < n; i++) {
    const p = generateProduct(i)
    for (const [j, v] of p.variants.entries()) {
      yield `${[`${i * 10 + j + 1}`, "variation", v.sku, v.title, "1", "", v.prices[0].amount, "5", "", "", p.external_id, "Size", v.options.Size, "Color", v.options.Color].map(csvCell).join(",")}\n`
    }
    const sizes = [...new Set(p.variants.map((v) => v.options.Size))].join(", ")
    const colors = [...new Set(p.variants.map((v) => v.options.Color))].join(", ")
    yield `${[`${i * 10}`, "variable", p.external_id, p.title, "1", p.description, "", "", "Apparel > Shirts", p.images.join(", "), "", "Size", sizes, "Color", colors].map(csvCell).join(",")}\n`
  }
}

/**
 * Writes `n` products as `format` to `file`; returns the source options to read it.
 * "csv-anywhere" is the "csv" file read as if its products' rows could be anywhere (read twice).
 */
async function writeCatalog(format, file, n) {
  if (format === "json") await writeFeedFile(file, n)
  if (format === "ndjson") await writeLines(file, ndjson(n))
  if (format === "csv" || format === "csv-anywhere") await writeLines(file, medusaCsv(n))
  if (format === "xml") await writeLines(file, merchantXml(n))
  if (format === "woocommerce") await writeLines(file, woocommerceCsv(n))
  return {
    json: {},
    ndjson: {},
    csv: { preset: "medusa-csv" },
    "csv-anywhere": { preset: "medusa-csv", format: "csv", csv: { groupBy: "Product Handle", adjacent: false } },
    xml: { preset: "google-merchant" },
    woocommerce: { preset: "woocommerce-csv", format: "csv", currency: "EUR" },
  }[format]
}

/** Writes Medusa's import file of `n` generated products to `file` (see medusaImportCsv). */
async function writeMedusaImportCsv(file, n, options) {
  await writeLines(file, medusaImportCsv(n, options))
}

module.exports = { writeCatalog, writeMedusaImportCsv }
