import { createHash } from "node:crypto"
import type { FeedSourceOptions } from "../../../types"
import { stable } from "../../../feed/stable-json"

// Functions (a `map`) count by their source text; headers and a drop's login
// and afterSync do not count: a rotated token changes nothing a removal depends on;
// nor does what the change log records, nor how many batches are written at once.
const functionText = (value: unknown) => (typeof value === "function" ? `fn:${value.toString()}` : value)

/**
 * A hash of what decides which records a source yields and what becomes of
 * them. A run chain begun under one configuration and finished under
 * another proves nothing about which products left the feed.
 */
export function sourceConfigHash(config: FeedSourceOptions): string {
  const counted: Partial<FeedSourceOptions> = { ...config }
  delete counted.headers
  delete counted.login
  delete counted.afterSync
  delete counted.changeLog
  delete counted.riskyPriceDrop
  delete counted.concurrency
  return createHash("sha1").update(JSON.stringify(stable(counted, functionText))).digest("hex").slice(0, 20)
}
