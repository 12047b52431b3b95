import { optionsFromVariants, Preset, shopifyPrices, str } from "./types"

type ShopifyVariant = {
  title?: string
  sku?: string | null
  price?: string | number | null
  compare_at_price?: string | number | null
  barcode?: string | null
  grams?: number | null
  /** Admin API only: "shopify" when Shopify tracks the variant's stock. */
  inventory_management?: string | null
  inventory_quantity?: number | null
  option1?: string | null
  option2?: string | null
  option3?: string | null
}

type ShopifyProduct = {
  id: number | string
  title?: string
  handle?: string
  body_html?: string | null
  vendor?: string | null
  product_type?: string | null
  status?: string
  /** A comma-separated string in the Admin API, an array in a store's /products.json. */
  tags?: string | string[]
  options?: { name: string; position?: number; values?: string[] }[]
  variants?: ShopifyVariant[]
  images?: { src: string }[]
}

// A product without options has Shopify's placeholder option "Title" / "Default Title".
const isPlaceholder = (o: { name: string; values?: string[] }) =>
  o.name === "Title" && (o.values ?? []).every((v) => v === "Default Title")

/**
 * Shopify product JSON: a store's `/products.json?limit=250&page=N` and the
 * Admin REST products endpoint (paged by the Link header).
 */
export const shopify: Preset = {
  format: "json",
  items: "products",
  requires: ["currency"],
  map(record, { currency }) {
    const p = record as ShopifyProduct
    const options = (p.options ?? []).filter((o) => !isPlaceholder(o)).sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    const tags = Array.isArray(p.tags) ? p.tags : (p.tags ?? "").split(",")
    const variants = (p.variants ?? []).map((v) => {
      const values = [v.option1, v.option2, v.option3]
      const chosen = Object.fromEntries(options.flatMap((o, i) => (str(values[i]) ? [[o.name, str(values[i]) as string]] : [])))
      return {
        title: str(v.title) === "Default Title" ? undefined : str(v.title),
        sku: str(v.sku),
        options: chosen,
        ...shopifyPrices(currency, str(v.price), str(v.compare_at_price)),
        barcode: str(v.barcode),
        weight: v.grams ?? undefined,
        ...(v.inventory_management === "shopify" && typeof v.inventory_quantity === "number"
          ? { manage_inventory: true, inventory_quantity: Math.max(0, v.inventory_quantity) }
          : {}),
      }
    })
    const vendor = str(p.vendor)
    const options_ = optionsFromVariants(variants)
    return {
      external_id: String(p.id),
      title: p.title as string,
      handle: str(p.handle),
      description: p.body_html ?? null,
      status: p.status === undefined || p.status === "active" ? "published" : "draft",
      images: (p.images ?? []).map((i) => i.src),
      tags: [...new Set(tags.map((t) => t.trim()).filter(Boolean))],
      options: options_.length ? options_ : undefined,
      variants,
      type: str(p.product_type) ?? null,
      metadata: vendor ? { vendor } : undefined,
    }
  },
}
