import { createHash } from "node:crypto"
import type { FeedProduct } from "./feed-product"

// Bump when the mapping to Medusa's input changes, so every item is rewritten once.
const MAPPING_VERSION = "2"

const stable = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(stable)
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, stable((value as Record<string, unknown>)[k])])
    )
  }
  return value
}

const sha1 = (value: unknown) => createHash("sha1").update(MAPPING_VERSION).update(JSON.stringify(stable(value))).digest("hex")

/**
 * A hash of what we would write, in three parts — the product without
 * prices and stock, the prices, the stock — so that a change of prices or
 * stock alone can take a cheap path. Key order in the feed does not matter.
 */
export function contentHash(product: FeedProduct): string {
  const variants = product.variants ?? []
  const key = (v: (typeof variants)[number]) => v.sku ?? v.title ?? null
  const core = {
    ...product,
    variants: variants.map((v) => {
      const rest: Record<string, unknown> = { ...v }
      for (const part of ["prices", "inventory_quantity", "inventory"]) delete rest[part]
      // Whether Medusa tracks a variant's stock follows from the feed having it.
      return { ...rest, has_stock: v.inventory_quantity !== undefined || !!v.inventory?.length }
    }),
  }
  const prices = variants.map((v) => [key(v), v.prices ?? []])
  const stock = variants.map((v) => [key(v), v.inventory_quantity ?? null, v.inventory ?? null])
  return [sha1(core), sha1(prices), sha1(stock)].join(".")
}

/** What differs between a ledger hash and a new one: nothing, prices and/or stock only, or more. */
export function changedParts(before: string, after: string): { core: boolean; prices: boolean; stock: boolean } {
  const [core, prices, stock] = before.split(".")
  const [core2, prices2, stock2] = after.split(".")
  // A hash from before the parts existed (or a forced rewrite, "") differs in everything.
  return { core: core !== core2, prices: prices !== prices2, stock: stock !== stock2 }
}
