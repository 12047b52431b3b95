import { createHmac } from "node:crypto"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { type SyncRunRecord, toSyncRunDTO } from "../modules/product_sync/utils/to-dto"
import { DEFAULT_ALERT_KINDS } from "../modules/product_sync/utils/validate-alerts"
import type { SyncAlertKind, SyncAlertOptions, SyncRunDTO } from "../types"
import { noteForEndedRun } from "./ended-run-note"

export const ALERT_SIGNATURE_HEADER = "X-Product-Sync-Signature"
export const DEFAULT_EMAIL_TEMPLATE = "product-sync-alert"
const WEBHOOK_ATTEMPTS = 5
const WEBHOOK_TIMEOUT_MS = 10_000

export type Alert = {
  kind: SyncAlertKind
  source: string
  title: string
  description: string
  run: SyncRunDTO | null
}

/** The one kind an ended run is alerted as: a held removal first, then how it ended. */
export function alertKindOf(run: SyncRunRecord): SyncAlertKind {
  if (run.missing?.action === "held") return "held"
  if (run.status === "completed") return run.failed > 0 ? "completed_with_errors" : "completed"
  return run.status as SyncAlertKind
}

export const wantsAlert = (alerts: SyncAlertOptions | undefined, kind: SyncAlertKind) =>
  !!alerts && (!!alerts.webhook || !!alerts.email?.length) && (alerts.on ?? DEFAULT_ALERT_KINDS).includes(kind)

/** The alert for a run that ended. */
export function alertForRun(run: SyncRunRecord): Alert {
  const note = noteForEndedRun(run) ?? { title: `Product sync ${run.status}`, description: `Run ${run.id} of "${run.source}" ${run.status}: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged.` }
  return { kind: alertKindOf(run), source: run.source, title: note.title, description: note.description, run: toSyncRunDTO(run) }
}

/** `sha256=<hex>`: the HMAC-SHA256 of the raw body with the webhook's secret. */
export const signBody = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`

/**
 * Sends `alert` once across every instance (`key` names its cause: a run id,
 * a last success): the webhook in the background with retries, and an email
 * per address through the Notification module. Never throws: an alert that
 * cannot go out is logged.
 */
export async function sendAlert(container: MedusaContainer, alert: Alert, key: string, { backoffMs = 1_000 } = {}): Promise<void> {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  try {
    const { alerts } = await service.getOptions()
    if (!wantsAlert(alerts, alert.kind) || !(await service.claimAlert(alert.source, alert.kind, key))) return
    const body = { type: "product-sync.alert", ...alert, sent_at: new Date().toISOString() }
    if (alerts!.webhook) void postWebhook(alerts!.webhook, JSON.stringify(body), logger, backoffMs)
    if (alerts!.email?.length) await sendEmails(container, alerts!, body, logger)
  } catch (e) {
    logger.warn(`product-sync: could not send the "${alert.kind}" alert of "${alert.source}": ${(e as Error).message}`)
  }
}

async function postWebhook(webhook: NonNullable<SyncAlertOptions["webhook"]>, body: string, logger: Logger, backoffMs: number): Promise<void> {
  const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "medusa-product-sync" }
  if (webhook.secret) headers[ALERT_SIGNATURE_HEADER] = signBody(webhook.secret, body)
  let last = ""
  for (let attempt = 1; attempt <= WEBHOOK_ATTEMPTS; attempt++) {
    try {
      const res = await fetch(webhook.url, { method: "POST", headers, body, redirect: "error", signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
      await res.body?.cancel()
      if (res.ok) return
      last = `HTTP ${res.status}`
      if (res.status < 500 && res.status !== 408 && res.status !== 429) break // the receiver refuses it: no retry helps
    } catch (e) {
      last = (e as Error).message
    }
    if (attempt < WEBHOOK_ATTEMPTS) await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1)))
  }
  logger.warn(`product-sync: the alert webhook ${new URL(webhook.url).origin} did not take the alert: ${last}`)
}

async function sendEmails(container: MedusaContainer, alerts: SyncAlertOptions, body: Record<string, unknown>, logger: Logger) {
  if (!container.hasRegistration(Modules.NOTIFICATION)) {
    logger.warn("product-sync: alert emails need Medusa's Notification module")
    return
  }
  const notifications = container.resolve(Modules.NOTIFICATION)
  const data = { ...body, run_id: (body.run as SyncRunDTO | null)?.id ?? null }
  try {
    await notifications.createNotifications(
      alerts.email!.map((to) => ({ to, channel: "email", template: alerts.emailTemplate ?? DEFAULT_EMAIL_TEMPLATE, data }))
    )
  } catch (e) {
    logger.warn(`product-sync: could not send the alert email (is an email provider configured?): ${(e as Error).message}`)
  }
}
