import { parseExpression } from "cron-parser"
import type { FeedSourceOptions } from "../../../types"

export const DEFAULT_CRON = "0 */6 * * *"

/**
 * The scheduled job, from env: a job's `config` is read once at import,
 * before any module options exist (Medusa loads jobs before modules). `cron` is the
 * `default` source's schedule when it sets none (PRODUCT_SYNC_CRON).
 * Disabled by PRODUCT_SYNC_DISABLE_SCHEDULE=true, and by default under tests.
 */
export type Schedule = { cron: string; enabled: boolean }

export function scheduleOf(env: NodeJS.ProcessEnv): Schedule {
  const cron = env.PRODUCT_SYNC_CRON?.trim() || DEFAULT_CRON
  const flag = env.PRODUCT_SYNC_DISABLE_SCHEDULE
  const enabled = flag === undefined ? env.NODE_ENV !== "test" : flag !== "true"
  return { cron, enabled }
}

const hasSeconds = (cron: string) => cron.trim().split(/\s+/).length === 6

/**
 * How often the one scheduled job wakes up to start the sources that are due:
 * every minute, or every second when PRODUCT_SYNC_CRON has a seconds field.
 */
export function tickOf(schedule: Schedule): { cron: string; ms: number } {
  return hasSeconds(schedule.cron) ? { cron: "* * * * * *", ms: 1_000 } : { cron: "* * * * *", ms: 60_000 }
}

/**
 * A source's cron, or null when it is not scheduled: its own `schedule`
 * (false: none), else PRODUCT_SYNC_CRON for `default`; never when the source
 * or the scheduled job is disabled.
 */
export function sourceCron(name: string, source: FeedSourceOptions, schedule: Schedule): string | null {
  if (!schedule.enabled || source.enabled === false || source.schedule === false) return null
  if (typeof source.schedule === "string") return source.schedule
  return name === "default" ? schedule.cron : null
}

/** Whether `cron` fires at `tick` (a wake-up of the job, floored to its precision). */
export function isDue(cron: string, tick: Date): boolean {
  try {
    const next = parseExpression(cron, { currentDate: new Date(tick.getTime() - 1) }).next().toDate()
    return next.getTime() === tick.getTime()
  } catch {
    return false
  }
}

/** When `cron` fires next, or null when there is none (or it is invalid). */
export function nextRunAt(cron: string | null, from = new Date()): string | null {
  if (!cron) return null
  try {
    return parseExpression(cron, { currentDate: from }).next().toDate().toISOString()
  } catch {
    return null
  }
}

/** A problem with a source's `schedule` option, or null. Minute precision: the job wakes once a minute. */
export function scheduleProblem(value: unknown): string | null {
  if (value === undefined || value === false) return null
  if (typeof value !== "string" || !value.trim()) return `"schedule" must be a cron expression or false`
  if (hasSeconds(value)) return `"schedule" has minute precision: use five fields ("${value}" has six)`
  try {
    parseExpression(value)
    return null
  } catch (e) {
    return `"schedule" is not a valid cron expression (${(e as Error).message})`
  }
}
