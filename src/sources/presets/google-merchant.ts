import { MedusaError } from "@medusajs/framework/utils"
import { optionsFromVariants, Preset, pricesWithSale, str } from "./types"

type Item = Record<string, unknown>

// Merchant Center attributes come as `g:price` in RSS and `price` in TSV.
const field = (item: Item, name: string) => str(item[`g:${name}`] ?? item[name])
const fields = (item: Item, name: string): string[] => {
  const value = item[`g:${name}`] ?? item[name]
  const list = Array.isArray(value) ? value : [value]
  // In TSV, several additional images share one cell, comma-separated.
  return list.flatMap((v) => (str(v) ?? "").split(",")).map((v) => v.trim()).filter(Boolean)
}

/** The attributes Merchant Center uses to tell the variants of one item group apart. */
const VARIANT_ATTRIBUTES = [
  ["color", "Color"],
  ["size", "Size"],
  ["material", "Material"],
  ["pattern", "Pattern"],
] as const

/** "15.00 USD" → amount and currency; a bare number takes the source's currency. */
function priceOf(value: string | undefined, currency: string | null, id: string) {
  if (!value) return []
  const match = /^([\d.,]+)\s*([a-z]{3})?$/i.exec(value)
  if (!match) throw new MedusaError(MedusaError.Types.INVALID_DATA, `price "${value}" of item ${id} is not "<amount> <currency>"`)
  const code = match[2] ?? currency
  if (!code) throw new MedusaError(MedusaError.Types.INVALID_DATA, `price "${value}" of item ${id} names no currency and the source sets none ("currency")`)
  return [{ currency_code: code.toLowerCase(), amount: match[1].replace(/,/g, "") }]
}

/** The price, and the sale price when it is lower in the same currency (a sale in another currency is no sale of it). */
function withSale([price]: { currency_code: string; amount: string }[], [sale]: { currency_code: string; amount: string }[]) {
  if (!price) return { prices: [] }
  return pricesWithSale(price.currency_code, price.amount, sale?.currency_code === price.currency_code ? sale.amount : undefined)
}

/**
 * Google Merchant Center product data, as RSS 2.0 (`<item>` elements with
 * the `g:` namespace) or TSV. Each item is a variant; items with the same
 * `item_group_id` (adjacent) form one product.
 */
export const googleMerchant: Preset = {
  format: "xml",
  items: "item",
  group: (record) => field(record as Item, "item_group_id") ?? null,
  map(record, { currency }) {
    const items = record as Item[]
    const first = items[0]
    const groupId = field(first, "item_group_id")
    const used = VARIANT_ATTRIBUTES.filter(([name]) => items.some((i) => field(i, name)))
    const variants = items.map((item) => {
      const id = field(item, "id") as string
      const options = Object.fromEntries(used.flatMap(([name, title]) => (field(item, name) ? [[title, field(item, name) as string]] : [])))
      // A group whose items differ in no known attribute still needs distinct variants.
      if (items.length > 1 && !used.length) options.Variant = id
      const availability = field(item, "availability")
      return {
        sku: id,
        title: Object.values(options).join(" / ") || field(item, "title"),
        options,
        ...withSale(priceOf(field(item, "price"), currency, id), priceOf(field(item, "sale_price"), currency, id)),
        barcode: field(item, "gtin"),
        allow_backorder: availability === "backorder" || availability === "preorder",
        metadata: Object.fromEntries(
          Object.entries({ availability, mpn: field(item, "mpn"), link: field(item, "link") }).filter(([, v]) => v)
        ),
      }
    })
    const options = optionsFromVariants(variants)
    const images = [...new Set(items.flatMap((i) => [field(i, "image_link"), ...fields(i, "additional_image_link")]).filter((u): u is string => !!u))]
    const metadata = Object.fromEntries(
      Object.entries({
        brand: field(first, "brand"),
        google_product_category: field(first, "google_product_category"),
      }).filter(([, v]) => v)
    )
    return {
      external_id: (groupId ?? field(first, "id")) as string,
      title: field(first, "title") as string,
      description: field(first, "description") ?? null,
      thumbnail: field(first, "image_link") ?? null,
      images,
      options: options.length ? options : undefined,
      variants,
      // The merchant's own taxonomy ("Apparel > Shirts"): a category path, nested.
      categories: field(first, "product_type") ? [field(first, "product_type") as string] : undefined,
      metadata: Object.keys(metadata).length ? metadata : undefined,
    }
  },
}
