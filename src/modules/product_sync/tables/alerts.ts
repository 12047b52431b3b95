import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { rows } from "./rows"

// sync_alert: alerts sent, so that each goes out once.

// The instance whose insert lands sends it.
const CLAIM_ALERT = `
insert into sync_alert (id, source, kind, key) values (?, ?, ?, ?)
on conflict (source, kind, key) where deleted_at is null do nothing
returning id`

// Alerts older than the prune's horizon: their causes are gone.
const PRUNE_ALERTS = `
delete from sync_alert where created_at < now() - make_interval(days => ?)`

export async function claimAlert(manager: SqlEntityManager, source: string, kind: string, key: string): Promise<boolean> {
  return rows(await manager.execute(CLAIM_ALERT, [generateEntityId(undefined, "psalert"), source, kind, key])).length > 0
}

export async function pruneAlerts(manager: SqlEntityManager, keepDays: number): Promise<void> {
  await manager.execute(PRUNE_ALERTS, [keepDays])
}
