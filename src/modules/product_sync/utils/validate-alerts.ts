import { MedusaError } from "@medusajs/framework/utils"
import type { SyncAlertKind, SyncAlertOptions } from "../../../types"

export const ALERT_KINDS: SyncAlertKind[] = ["failed", "interrupted", "held", "stale", "completed_with_errors", "completed", "cancelled"]
export const DEFAULT_ALERT_KINDS: SyncAlertKind[] = ["failed", "interrupted", "held", "stale", "completed_with_errors"]

/** `alerts` at boot: a webhook URL that is one, addresses, known kinds. */
export function validateAlerts(alerts: SyncAlertOptions | undefined): void {
  if (alerts === undefined) return
  const problems: string[] = []
  const { webhook, email, on, emailTemplate } = alerts
  if (webhook !== undefined) {
    if (typeof webhook?.url !== "string" || !/^https?:\/\//.test(webhook.url) || !URL.canParse(webhook.url)) problems.push(`"webhook.url" must be an http(s) URL`)
    if (webhook?.secret !== undefined && (typeof webhook.secret !== "string" || !webhook.secret)) problems.push(`"webhook.secret" must be a non-empty string`)
  }
  if (email !== undefined && !(Array.isArray(email) && email.every((a) => typeof a === "string" && /^[^@\s]+@[^@\s]+$/.test(a)))) {
    problems.push(`"email" must be a list of email addresses`)
  }
  if (emailTemplate !== undefined && (typeof emailTemplate !== "string" || !emailTemplate.trim())) problems.push(`"emailTemplate" must be a template name`)
  const wrong = Array.isArray(on) ? on.find((k) => !ALERT_KINDS.includes(k)) : on === undefined ? undefined : String(on)
  if (wrong !== undefined) problems.push(`"on" must list some of ${ALERT_KINDS.join(", ")} (got "${wrong}")`)
  if (problems.length) {
    throw new MedusaError(MedusaError.Types.INVALID_ARGUMENT, `medusa-product-sync: "alerts": ${problems.join("; ")}`)
  }
}
