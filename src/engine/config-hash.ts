import { createHash } from "node:crypto"
import type { FeedSourceOptions } from "../types"

// Functions (a `map`) count by their source text; headers do not count: a
// rotated token changes nothing a removal depends on.
const canonical = (value: unknown): unknown => {
  if (typeof value === "function") return `fn:${value.toString()}`
  if (Array.isArray(value)) return value.map(canonical)
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, canonical((value as Record<string, unknown>)[k])]))
  }
  return value
}

/**
 * A hash of what decides which records a source yields and what becomes of
 * them. A run chain begun under one configuration and finished under
 * another proves nothing about which products left the feed.
 */
export function sourceConfigHash(config: FeedSourceOptions): string {
  const counted: Partial<FeedSourceOptions> = { ...config }
  delete counted.headers
  return createHash("sha1").update(JSON.stringify(canonical(counted))).digest("hex").slice(0, 20)
}
