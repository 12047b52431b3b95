import type { FeedProduct, MapContext } from "../../types"
import type { FeedFormat } from "../parsers"
import type { GroupKey } from "../group-records"
import type { GroupAnywhere } from "../group-anywhere"

export type PresetContext = MapContext & {
  /** The source's `currency` option, lower case; null when not set. */
  currency: string | null
}

/** A ready-made mapping for a well-known feed format. */
export type Preset = {
  /** Used when the options, the extension and the Content-Type name no format. */
  format: FeedFormat
  /** Default `items` (json array path or xml element). */
  items?: string
  /** Which adjacent records form one product. */
  group?: GroupKey
  /** Which records form one product, wherever they are in the document (read twice). */
  groupAnywhere?: GroupAnywhere
  /** The preset cannot work without these source options (checked at boot). */
  requires?: ("currency")[]
  map(record: unknown, ctx: PresetContext): FeedProduct | FeedProduct[] | null
}

/** A string field of a record, trimmed; "" and non-strings count as absent. */
export function str(value: unknown): string | undefined {
  if (typeof value === "number") return String(value)
  if (typeof value !== "string") return undefined
  const trimmed = value.trim()
  return trimmed ? trimmed : undefined
}

/** A CSV row with its column names in lower case: columns match without regard to case, as Medusa's importer does. */
export const lowerKeys = (row: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k.toLowerCase(), v]))

/** Values of options declared from the variants that use them, in order of first use. */
export function optionsFromVariants(variants: { options?: Record<string, string> }[]) {
  const options = new Map<string, string[]>()
  for (const v of variants) {
    for (const [title, value] of Object.entries(v.options ?? {})) {
      const values = options.get(title) ?? []
      if (!values.includes(value)) values.push(value)
      options.set(title, values)
    }
  }
  return [...options].map(([title, values]) => ({ title, values }))
}

/**
 * A variant's regular price and, when lower, its sale price (for the
 * source's price list of type sale), in the source's currency; no prices
 * without a currency or a regular price.
 */
export function pricesWithSale(currency: string | null, regular: string | undefined, sale?: string) {
  if (!currency || regular === undefined) return { prices: [] }
  const prices = [{ currency_code: currency, amount: regular }]
  return sale !== undefined && Number(sale) < Number(regular) ? { prices, sale_prices: [{ currency_code: currency, amount: sale }] } : { prices }
}

/** Shopify's price and compare-at price: a compare-at above the price is the regular price, the price then a sale. */
export function shopifyPrices(currency: string | null, price: string | undefined, compareAt: string | undefined) {
  return compareAt !== undefined && price !== undefined && Number(compareAt) > Number(price) ? pricesWithSale(currency, compareAt, price) : pricesWithSale(currency, price)
}
