import { createHash } from "node:crypto"
import type { FeedProduct } from "../../../feed/feed-product"
import { stable } from "../../../feed/stable-json"
import { variantTitle } from "./to-product-input"

// Bump when the mapping to Medusa's input changes, so every item is rewritten once.
const MAPPING_VERSION = "3"

const sha1 = (value: unknown) => createHash("sha1").update(MAPPING_VERSION).update(JSON.stringify(stable(value))).digest("hex")

/** The parts of a product a sync writes separately, in the order of the hash's parts. */
export const PARTS = ["fields", "variants", "prices", "stock"] as const
/** Which parts of a product differ from what the ledger last synced. */
export type Parts = Record<(typeof PARTS)[number], boolean>

/**
 * A hash of what we would write, in four parts — the product's own fields
 * (title, description, images, tags, references, metadata…), its options and
 * variants without prices and stock, the prices, the stock — so that a sync
 * writes only the parts that changed. Key order in the feed does not matter.
 */
export function contentHash(product: FeedProduct): string {
  const { variants: given, options, ...fields } = product
  const variants = given?.length ? given : [{}]
  const key = (v: (typeof variants)[number]) => v.sku ?? v.title ?? null
  const variantPart = {
    options: options ?? null,
    variants: variants.map((v) => {
      const rest: Record<string, unknown> = { ...v }
      for (const part of ["prices", "sale_prices", "inventory_quantity", "inventory"]) delete rest[part]
      // What Medusa gets follows from more than the variant: its title may be
      // the product's, and whether its stock is tracked follows from the feed having stock.
      return { ...rest, title: variantTitle(product, v), has_stock: v.inventory_quantity !== undefined || !!v.inventory?.length }
    }),
  }
  // Sale prices are prices: a change writes them. Only where given, so the hashes of feeds without any stay as they were.
  const prices = variants.map((v) => (v.sale_prices?.length ? [key(v), v.prices ?? [], v.sale_prices] : [key(v), v.prices ?? []]))
  const stock = variants.map((v) => [key(v), v.inventory_quantity ?? null, v.inventory ?? null])
  return [sha1(fields), sha1(variantPart), sha1(prices), sha1(stock)].join(".")
}

/** Which parts differ between a ledger hash and a new one. */
export function changedParts(before: string, after: string): Parts {
  const was = before.split(".")
  const now = after.split(".")
  // A hash of another shape (older versions, or a forced rewrite, "") differs in everything.
  const comparable = was.length === PARTS.length && now.length === PARTS.length
  return Object.fromEntries(PARTS.map((part, i) => [part, !comparable || was[i] !== now[i]])) as Parts
}
