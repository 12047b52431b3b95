import { MedusaError } from "@medusajs/framework/utils"
import type { ResolvedProductSyncOptions } from "../types"
import { FeedSource } from "./feed-source"
import type { SyncSource } from "./types"

export * from "./types"
export { FeedSource } from "./feed-source"
export { describeLocation } from "./transport"

/**
 * The source a request means: the one it names, else `default`. With no
 * `default` configured, a request must name one (INVALID_DATA lists them).
 */
export function requestedSourceName(name: string | undefined, options: ResolvedProductSyncOptions): string {
  if (name !== undefined) return name
  if (Object.prototype.hasOwnProperty.call(options.sources, "default")) return "default"
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `Name a source: none is called "default". Configured: ${Object.keys(options.sources).join(", ") || "none"}`
  )
}

/** The configured source called `name`; NOT_FOUND when there is none. */
export function createSource(name: string, options: ResolvedProductSyncOptions): SyncSource {
  // Own properties only: "constructor" or "__proto__" from a request is no source.
  const config = Object.prototype.hasOwnProperty.call(options.sources, name) ? options.sources[name] : undefined
  if (!config) {
    throw new MedusaError(
      MedusaError.Types.NOT_FOUND,
      `Unknown sync source "${name}". Configured: ${Object.keys(options.sources).join(", ") || "none"}`
    )
  }
  return new FeedSource({
    ...config,
    name,
    attempts: options.requestAttempts,
    timeoutMs: options.requestTimeoutMs,
    pageTimeoutMs: options.pageTimeoutMs,
    backoffMs: options.retryBackoffMs,
  })
}
