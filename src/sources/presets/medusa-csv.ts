import { MedusaError } from "@medusajs/framework/utils"
import { lowerKeys, optionsFromVariants, Preset, str } from "./types"

type Row = Record<string, string>

const bool = (value: string | undefined) => {
  const v = value?.toLowerCase()
  return v === "true" || v === "1" || v === "yes" ? true : v === "false" || v === "0" || v === "no" ? false : undefined
}

const json = (value: string | undefined, column: string) => {
  if (!value) return undefined
  try {
    return JSON.parse(value) as Record<string, unknown>
  } catch {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `column "${column}" is not valid JSON`)
  }
}

// Columns numbered from 1: "Product Image 1", "Product Image 2", … (the import also takes "Product Image 1 Url").
const numbered = (row: Row, prefix: string) =>
  Object.keys(row)
    .map((k) => [k, new RegExp(`^${prefix} (\\d+)( url)?$`).exec(k)?.[1]] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .sort((a, b) => Number(a[1]) - Number(b[1]))
    .map(([k]) => k)
    .map((k) => str(row[k]))
    .filter((v): v is string => v !== undefined)

type Status = "published" | "draft" | "proposed" | "rejected"
const STATUSES: readonly string[] = ["published", "draft", "proposed", "rejected"] satisfies Status[]
const PRODUCT_MEASURES = ["weight", "length", "height", "width"] as const
const TEXT = ["hs code", "mid code", "origin country", "material"] as const
const snake = (name: string) => name.replace(/ /g, "_")

function variantOf(row: Row) {
  const options: Record<string, string> = {}
  for (const key of Object.keys(row)) {
    const n = /^variant option (\d+) name$/.exec(key)?.[1]
    const name = n && str(row[key])
    const value = n && str(row[`variant option ${n} value`])
    if (name && value) options[name] = value
  }
  // "Variant Price EUR" is a currency price; "Variant Price [Europe] EUR" a region's (not synced).
  const prices = Object.keys(row)
    .map((k) => [/^variant price ([a-z]{3})$/.exec(k)?.[1], str(row[k])] as const)
    .filter((p): p is readonly [string, string] => !!p[0] && p[1] !== undefined)
    .map(([currency, amount]) => ({ currency_code: currency, amount }))
  return {
    sku: str(row["variant sku"]),
    title: str(row["variant title"]),
    options,
    prices,
    manage_inventory: bool(row["variant manage inventory"]),
    allow_backorder: bool(row["variant allow backorder"]),
    barcode: str(row["variant barcode"]),
    ean: str(row["variant ean"]),
    upc: str(row["variant upc"]),
    ...Object.fromEntries(PRODUCT_MEASURES.map((m) => [m, str(row[`variant ${m}`])])),
    ...Object.fromEntries(TEXT.map((t) => [snake(t), str(row[`variant ${t}`])])),
    metadata: json(row["variant metadata"], "Variant Metadata"),
  }
}

/**
 * Medusa's own product CSV (the admin's Products › Export / Import template):
 * one row per variant, rows grouped by "Product Handle". Column names are
 * matched without regard to case, as Medusa's importer does.
 */
export const medusaCsv: Preset = {
  format: "csv",
  group: (record) => str((record as Row)["Product Handle"] ?? (record as Row)["product handle"]) ?? undefined,
  map(record) {
    const rows = (record as Row[]).map(lowerKeys)
    const first = rows[0]
    const handle = str(first["product handle"])
    const variants = rows.map(variantOf)
    const options = optionsFromVariants(variants)
    const status = str(first["product status"])?.toLowerCase()
    return {
      external_id: (str(first["product external id"]) ?? handle) as string,
      handle,
      title: first["product title"],
      subtitle: str(first["product subtitle"]),
      description: str(first["product description"]) ?? null,
      // The statuses Medusa's import takes, kept; anything else is a draft to look at.
      status: status === undefined ? "published" : STATUSES.includes(status) ? (status as Status) : "draft",
      thumbnail: str(first["product thumbnail"]) ?? null,
      images: numbered(first, "product image"),
      tags: numbered(first, "product tag"),
      discountable: bool(first["product discountable"]),
      ...Object.fromEntries(PRODUCT_MEASURES.map((m) => [m, str(first[`product ${m}`])])),
      ...Object.fromEntries(TEXT.map((t) => [snake(t), str(first[`product ${t}`])])),
      options: options.length ? options : undefined,
      variants,
      metadata: json(first["product metadata"], "Product Metadata"),
    }
  },
}
