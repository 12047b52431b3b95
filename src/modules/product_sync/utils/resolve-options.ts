import { MedusaError } from "@medusajs/framework/utils"
import type {
  ProductSyncOptions,
  ResolvedProductSyncOptions,
} from "../../../types"
import { validateAlerts } from "./validate-alerts"
import { validateSource } from "./validate-source"

const DEFAULTS = {
  batchSize: 100,
  concurrency: 1,
  maxBatchAttempts: 3,
  requestAttempts: 3,
  requestTimeoutMs: 30_000,
  maxErrorsPerRun: 1000,
  heartbeatIntervalMs: 10_000,
  staleAfterMs: 120_000,
  keepRuns: 50,
  retryBackoffMs: 500,
  freshnessHours: 24,
  maxResumes: 3,
  keepResumableDays: 14,
  pageTimeoutMs: 600_000,
}

const positiveInt = (name: string, value: unknown): number => {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1) {
    throw new MedusaError(
      MedusaError.Types.INVALID_ARGUMENT,
      `medusa-product-sync: option "${name}" must be a positive integer, got ${JSON.stringify(value)}`
    )
  }
  return value
}

/** Fills defaults and rejects bad options at boot, not in the middle of a run. */
export function resolveOptions(
  options: ProductSyncOptions = {}
): ResolvedProductSyncOptions {
  // An option set to undefined (e.g. from an unset env var) means "default".
  const given = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined)
  )
  const resolved: ResolvedProductSyncOptions = {
    ...DEFAULTS,
    ...given,
    autoResume: options.autoResume === true,
    liveness: options.liveness ?? "lock",
    publicHealth: options.publicHealth === true,
    sources: options.sources ?? {},
  }
  if (options.runTimeoutMs !== undefined) positiveInt("runTimeoutMs", options.runTimeoutMs)
  if (resolved.liveness !== "lock" && resolved.liveness !== "heartbeat") {
    throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `medusa-product-sync: "liveness" must be "lock" or "heartbeat"`)
  }
  if (![undefined, "admin", "store", "all"].includes(options.statusHeaders)) {
    throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `medusa-product-sync: "statusHeaders" must be "admin", "store" or "all"`)
  }
  validateAlerts(options.alerts)
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    resolved[key] = positiveInt(key, resolved[key])
  }
  for (const [name, source] of Object.entries(resolved.sources)) {
    validateSource(name, source)
  }
  if (resolved.staleAfterMs <= resolved.heartbeatIntervalMs * 2) {
    throw new MedusaError(
      MedusaError.Types.INVALID_ARGUMENT,
      `medusa-product-sync: "staleAfterMs" (${resolved.staleAfterMs}) must exceed two heartbeats (${resolved.heartbeatIntervalMs * 2}), or live runs would be reaped`
    )
  }
  return resolved
}
