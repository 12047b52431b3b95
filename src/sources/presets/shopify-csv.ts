import { lowerKeys, optionsFromVariants, Preset, shopifyPrices, str } from "./types"

type Row = Record<string, string>

const OPTION_SLOTS = [1, 2, 3] as const

const yes = (value: string | undefined) => value?.toLowerCase() === "true"

/** A row that carries a variant (an option value, a SKU or a price), not only an image. */
const isVariantRow = (row: Row) =>
  OPTION_SLOTS.some((n) => str(row[`option${n} value`])) || !!str(row["variant sku"]) || !!str(row["variant price"])

// Shopify's placeholder for a product without options: option "Title", value "Default Title".
const isPlaceholder = (name: string | undefined, value: string | undefined) => name === "Title" && (value === undefined || value === "Default Title")

function statusOf(row: Row): "published" | "draft" {
  const status = str(row["status"])?.toLowerCase()
  if (status !== undefined) return status === "active" ? "published" : "draft" // draft, archived
  return row["published"] === undefined || yes(row["published"]) ? "published" : "draft"
}

/**
 * Shopify's product CSV (Products › Export): one row per variant and per
 * extra image, the rows of a product sharing its `Handle` (adjacent, as
 * Shopify writes them). The first row carries the product's fields and its
 * option names; a row with only `Image Src` is an image; `Default Title` means
 * no options; `Status` draft or archived is a draft. The file has no currency.
 */
export const shopifyCsv: Preset = {
  format: "csv",
  requires: ["currency"],
  group: (record) => str((record as Row)["Handle"] ?? (record as Row)["handle"]),
  map(record, { currency }) {
    const rows = (record as Row[]).map(lowerKeys)
    const first = rows[0]
    const names = OPTION_SLOTS.map((n) => str(first[`option${n} name`]))
    const variants = rows.filter(isVariantRow).map((row) => {
      const options: Record<string, string> = {}
      OPTION_SLOTS.forEach((n, i) => {
        const value = str(row[`option${n} value`])
        if (names[i] && value && !isPlaceholder(names[i], value)) options[names[i] as string] = value
      })
      const tracked = str(row["variant inventory tracker"])?.toLowerCase() === "shopify"
      return {
        sku: str(row["variant sku"]),
        options,
        // A compare-at price above the price: the compare-at is the regular price, the price a sale.
        ...shopifyPrices(currency, str(row["variant price"]), str(row["variant compare at price"])),
        manage_inventory: tracked,
        allow_backorder: str(row["variant inventory policy"])?.toLowerCase() === "continue",
        ...(tracked && str(row["variant inventory qty"]) !== undefined ? { inventory_quantity: Math.max(0, Number(str(row["variant inventory qty"]))) } : {}),
        barcode: str(row["variant barcode"]),
        weight: str(row["variant grams"]),
      }
    })
    const images = rows
      .map((row, i) => ({ src: str(row["image src"]), position: Number(str(row["image position"]) ?? 1e6 + i) }))
      .filter((img): img is { src: string; position: number } => !!img.src)
      .sort((a, b) => a.position - b.position)
      .map((img) => img.src)
    const options = optionsFromVariants(variants)
    const vendor = str(first["vendor"])
    const category = str(first["product category"])
    return {
      external_id: str(first["handle"]) as string,
      handle: str(first["handle"]),
      title: first["title"],
      description: str(first["body (html)"]) ?? null,
      status: statusOf(first),
      images: [...new Set(images)],
      tags: [...new Set((first["tags"] ?? "").split(",").map((t) => t.trim()).filter(Boolean))],
      type: str(first["type"]) ?? null,
      // Shopify's taxonomy path ("Apparel & Accessories > Clothing > Shirts"), nested as it reads.
      categories: category ? [category] : undefined,
      options: options.length ? options : undefined,
      variants,
      metadata: vendor ? { vendor } : undefined,
    }
  },
}
