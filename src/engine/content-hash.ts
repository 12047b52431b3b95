import { createHash } from "node:crypto"
import type { FeedProduct } from "./feed-product"

// Bump when the mapping to Medusa's input changes, so every item is rewritten once.
const MAPPING_VERSION = "1"

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

/** A hash of what we would write: key order in the feed does not matter. */
export function contentHash(product: FeedProduct): string {
  return createHash("sha1")
    .update(MAPPING_VERSION)
    .update(JSON.stringify(stable(product)))
    .digest("hex")
}
