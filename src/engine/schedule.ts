import { parseExpression } from "cron-parser"

export const DEFAULT_CRON = "0 */6 * * *"

export type Schedule = { cron: string; enabled: boolean }

/**
 * The scheduled sync's cron, from env: a job's `config` is read once at
 * import, before any module options exist (MEDUSA-NOTES, "Jobs").
 * Disabled by PRODUCT_SYNC_DISABLE_SCHEDULE=true, and by default under tests.
 */
export function scheduleOf(env: NodeJS.ProcessEnv): Schedule {
  const cron = env.PRODUCT_SYNC_CRON?.trim() || DEFAULT_CRON
  const flag = env.PRODUCT_SYNC_DISABLE_SCHEDULE
  const enabled = flag === undefined ? env.NODE_ENV !== "test" : flag !== "true"
  return { cron, enabled }
}

/** When the scheduled sync fires next, or null when it is disabled or the cron is invalid. */
export function nextRunAt(schedule: Schedule, from = new Date()): string | null {
  if (!schedule.enabled) return null
  try {
    return parseExpression(schedule.cron, { currentDate: from }).next().toDate().toISOString()
  } catch {
    return null
  }
}
