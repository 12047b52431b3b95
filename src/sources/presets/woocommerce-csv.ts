import { MedusaError } from "@medusajs/framework/utils"
import { lowerKeys, optionsFromVariants, Preset, pricesWithSale, str } from "./types"

type Row = Record<string, string>

const MEASURES = ["weight", "length", "width", "height"] as const

/** "simple, virtual" → ["simple", "virtual"]. */
const typesOf = (row: Row) => (row["type"] ?? "").toLowerCase().split(",").map((t) => t.trim()).filter(Boolean)
/** WooCommerce writes a comma inside a value as "\,". */
const list = (value: string | undefined) =>
  (value ?? "").split(/(?<!\\),/).map((v) => v.replace(/\\,/g, ",").trim()).filter(Boolean)
/** How a row is referred to: its SKU, else `id:<ID>` (a variation's Parent names either). */
const refOf = (row: Row) => str(row["sku"]) ?? (str(row["id"]) ? `id:${str(row["id"])}` : undefined)

/** The attributes a row sets: `Attribute N name` → `Attribute N value(s)`, empty values left out ("any"). */
function attributesOf(row: Row): Record<string, string> {
  const out: Record<string, string> = {}
  for (const key of Object.keys(row)) {
    const n = /^attribute (\d+) name$/.exec(key)?.[1]
    const name = n && str(row[key])
    const value = n && str(row[`attribute ${n} value(s)`])
    if (name && value) out[name] = value
  }
  return out
}

function variantOf(row: Row, currency: string | null, options: Record<string, string>) {
  const stock = str(row["stock"])
  return {
    sku: str(row["sku"]),
    options,
    ...pricesWithSale(currency, str(row["regular price"]), str(row["sale price"])),
    // An empty Stock column: WooCommerce does not track it.
    ...(stock !== undefined ? { manage_inventory: true, inventory_quantity: Math.max(0, Number(stock)) } : {}),
    allow_backorder: ["1", "notify", "yes"].includes((row["backorders allowed?"] ?? "").trim().toLowerCase()),
    // "Weight (kg)" or "Weight (lbs)", as the store's units are: the number as it is.
    ...Object.fromEntries(MEASURES.map((m) => [m, str(row[Object.keys(row).find((k) => k.startsWith(`${m} (`)) ?? m])])),
  }
}

/**
 * WooCommerce's product CSV (Products › Export, and its sample data): one
 * row per product and one per variation. A `variation` row belongs to the
 * product its `Parent` names (a SKU or `id:N`) wherever that row is in the
 * file; its options are its attribute columns (an empty one means "any" and
 * is no option). `grouped` products are skipped; `simple`, `external` and
 * `variable` are synced. The file has no currency.
 */
export const woocommerceCsv: Preset = {
  format: "csv",
  requires: ["currency"],
  groupAnywhere: {
    key(record) {
      const row = lowerKeys(record as Row)
      const types = typesOf(row)
      if (types.includes("variation")) {
        const parent = str(row["parent"])
        if (!parent) throw new MedusaError(MedusaError.Types.INVALID_DATA, `variation ${refOf(row) ?? "without SKU or ID"} names no Parent`)
        return parent
      }
      return types.includes("variable") ? (refOf(row) ?? null) : null
    },
    // A parent answers to its SKU and to id:<ID>.
    aliases(record) {
      const row = lowerKeys(record as Row)
      if (!typesOf(row).includes("variable")) return []
      const ref = refOf(row)
      const id = str(row["id"]) ? `id:${str(row["id"])}` : undefined
      return [ref, id].filter((n, i, all): n is string => !!n && all.indexOf(n) === i)
    },
  },
  map(record, { currency }) {
    const rows = (record as Row[]).map(lowerKeys)
    const head = rows.find((r) => !typesOf(r).includes("variation"))
    if (!head) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `variations of "${str(rows[0]["parent"])}" have no parent row in the file`)
    }
    const types = typesOf(head)
    if (types.includes("grouped")) return null // a set of other products, not one to sell
    const variations = rows.filter((r) => r !== head)
    const variants = types.includes("variable")
      ? variations.map((r) => variantOf(r, currency, attributesOf(r)))
      : [variantOf(head, currency, {})]
    const options = optionsFromVariants(variants)
    const external = str(head["external url"])
    const metadata = Object.fromEntries(
      Object.entries({ short_description: str(head["short description"]), external_url: external, woocommerce_id: str(head["id"]) }).filter(([, v]) => v)
    )
    const published = (head["published"] ?? "1").trim()
    return {
      external_id: refOf(head) as string,
      title: head["name"],
      description: str(head["description"]) ?? null,
      status: published === "1" ? "published" : "draft",
      images: list(head["images"]),
      tags: list(head["tags"]),
      // "Clothing > Tshirts, Music": two category paths, the first nested.
      categories: list(head["categories"]),
      options: options.length ? options : undefined,
      variants,
      metadata: Object.keys(metadata).length ? metadata : undefined,
    }
  },
}
