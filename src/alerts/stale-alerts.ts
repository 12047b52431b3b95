import type { MedusaContainer } from "@medusajs/framework/types"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SourceStatusRow } from "../modules/product_sync/status-board"
import { sendAlert, wantsAlert } from "./alerts"

/**
 * Since when a source has gone without a successful run for longer than
 * `freshnessHours` — its last success, or "never" for a source whose runs all
 * failed (the oldest counted from its last run's start) — else null. A source
 * nobody ever ran is not stale: it may be one synced by hand.
 */
export function staleSince(row: SourceStatusRow, freshnessHours: number, now = new Date()): string | null {
  const reference = row.last_success_at ?? row.last?.started_at ?? null
  if (!reference) return null
  const age = now.getTime() - new Date(reference).getTime()
  if (age <= freshnessHours * 3_600_000) return null
  return row.last_success_at ? new Date(row.last_success_at).toISOString() : "never"
}

/** The `stale` alert, once per stretch without success (keyed by the last success), for each enabled source. */
export async function alertStaleSources(container: MedusaContainer, now = new Date()): Promise<void> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const { alerts, sources, freshnessHours } = await service.getOptions()
  if (!wantsAlert(alerts, "stale")) return
  for (const row of (await service.getStatusBoard()).sources) {
    const since = sources[row.source].enabled === false || row.active ? null : staleSince(row, freshnessHours, now)
    if (!since) continue
    const when = since === "never" ? "ever" : `since ${since}`
    await sendAlert(container, {
      kind: "stale",
      source: row.source,
      title: "Product sync is stale",
      description: `"${row.source}" has had no successful sync ${when}: more than ${freshnessHours} hours.`,
      run: null,
    }, since)
  }
}
