import { MedusaError } from "@medusajs/framework/utils"
import type { ResolvedProductSyncOptions } from "../types"
import { JsonFeedSource } from "./json-feed-source"
import type { SyncSource } from "./types"

export * from "./types"
export { JsonFeedSource } from "./json-feed-source"

/** The configured source called `name`; NOT_FOUND when there is none. */
export function createSource(
  name: string,
  options: ResolvedProductSyncOptions
): SyncSource {
  const config = options.sources[name]
  if (!config) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Unknown sync source "${name}". Configured: ${Object.keys(options.sources).join(", ") || "none"}`
    )
  }
  return new JsonFeedSource({
    ...config,
    attempts: options.requestAttempts,
    timeoutMs: options.requestTimeoutMs,
    backoffMs: options.retryBackoffMs,
  })
}
