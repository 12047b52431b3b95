import { MedusaError } from "@medusajs/framework/utils"
import { lowerKeys, optionsFromVariants, Preset, pricesWithSale, str } from "./types"

type Row = Record<string, string>

const typeOf = (row: Row) => (row["product_type"] ?? "").trim().toLowerCase()

/** "sku=MH01-XS-Black,size=XS,color=Black|sku=…": each variation's SKU and attribute values. */
function variationsOf(row: Row): { sku: string; attributes: Record<string, string> }[] {
  return (row["configurable_variations"] ?? "")
    .split("|")
    .map((entry) => Object.fromEntries(entry.split(",").map((pair) => pair.split("=").map((s) => s.trim())).filter((p) => p.length === 2 && p[0])))
    .filter((pairs) => pairs.sku)
    .map(({ sku, ...attributes }) => ({ sku, attributes }))
}

/** "Default Category/Men/Tops,Default Category/Gear": category paths, without the root. */
const categoriesOf = (value: string | undefined) =>
  (value ?? "")
    .split(",")
    .map((path) => path.split("/").map((s) => s.trim()).filter(Boolean).slice(1).join(" > "))
    .filter(Boolean)

const labels = (row: Row) => {
  const out: Record<string, string> = {}
  for (const pair of (row["configurable_variation_labels"] ?? "").split(",")) {
    const [code, label] = pair.split("=").map((s) => s?.trim())
    if (code && label) out[code] = label
  }
  return out
}

/** A row's price, and its `special_price` as a sale price (a configurable's applies to its simples that have none). */
function priceOf(row: Row | undefined, currency: string | null, parent?: Row) {
  return pricesWithSale(currency, str(row?.["price"]), str(row?.["special_price"]) ?? str(parent?.["special_price"]))
}

function stockOf(row: Row | undefined) {
  const qty = str(row?.["qty"])
  return {
    ...(qty !== undefined ? { manage_inventory: true, inventory_quantity: Math.max(0, Math.floor(Number(qty))) } : {}),
    allow_backorder: ["1", "2"].includes(str(row?.["allow_backorders"]) ?? ""),
  }
}

/**
 * Magento 2's catalog product export CSV (System › Data Transfer › Export):
 * one row per product and store view. A `configurable` product gathers the
 * simple products its `configurable_variations` lists, wherever their rows
 * are in the file; those simples are its variants, not products of their own.
 * Rows of a store view (`store_view_code` set) are overrides, not read.
 * `bundle` and `grouped` products are skipped. The file has no currency.
 */
export const magentoCsv: Preset = {
  format: "csv",
  requires: ["currency"],
  groupAnywhere: {
    key: (record) => str(lowerKeys(record as Row)["sku"]) ?? null,
    // A configurable answers to its own SKU and to each of its variations'.
    aliases(record) {
      const row = lowerKeys(record as Row)
      if (typeOf(row) !== "configurable" || str(row["store_view_code"])) return []
      return [str(row["sku"]), ...variationsOf(row).map((v) => v.sku)].filter((s): s is string => !!s)
    },
  },
  map(record, { currency }) {
    const rows = (record as Row[]).map(lowerKeys).filter((r) => !str(r["store_view_code"]))
    const head = rows.find((r) => typeOf(r) === "configurable") ?? (rows.length === 1 ? rows[0] : undefined)
    if (!head) {
      if (!rows.length) return null // store-view rows alone: their product is elsewhere or gone
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `rows of SKUs ${rows.map((r) => r["sku"]).join(", ")} belong to a configurable product that is not in the file`)
    }
    if (["bundle", "grouped"].includes(typeOf(head))) return null
    const bySku = new Map(rows.map((r) => [str(r["sku"]), r]))
    const names = labels(head)
    const variants =
      typeOf(head) === "configurable"
        ? variationsOf(head).map((v) => {
            const child = bySku.get(v.sku)
            return {
              sku: v.sku,
              options: Object.fromEntries(Object.entries(v.attributes).map(([code, value]) => [names[code] ?? code, value])),
              ...priceOf(child, currency, head),
              ...stockOf(child),
              weight: str(child?.["weight"]),
            }
          })
        : [{ sku: str(head["sku"]), options: {}, ...priceOf(head, currency), ...stockOf(head), weight: str(head["weight"]) }]
    const options = optionsFromVariants(variants)
    const images = [str(head["base_image"]), ...(head["additional_images"] ?? "").split(",").map((s) => s.trim())].filter((s): s is string => !!s)
    const metadata = Object.fromEntries(Object.entries({ short_description: str(head["short_description"]) }).filter(([, v]) => v))
    return {
      external_id: str(head["sku"]) as string,
      handle: str(head["url_key"]),
      title: head["name"],
      description: str(head["description"]) ?? null,
      // product_online: 1 enabled, 2 disabled.
      status: (str(head["product_online"]) ?? "1") === "1" ? "published" : "draft",
      images: [...new Set(images)],
      categories: categoriesOf(head["categories"]),
      options: options.length ? options : undefined,
      variants,
      metadata: Object.keys(metadata).length ? metadata : undefined,
    }
  },
}
