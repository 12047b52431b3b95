import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, defineFileConfig } from "@medusajs/framework/utils"
import { requestSyncRun } from "../engine/request-run"
import { scheduleOf } from "../engine/schedule"

/** The cron's run: the same claim as the button; a run already active is not an error. */
export default async function scheduledProductSync(container: MedusaContainer) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const { conflict } = await requestSyncRun(container, {
    source: "default",
    trigger: "scheduled",
    triggered_by: "system",
  })
  if (conflict) {
    logger.info(`product-sync: scheduled run skipped, run ${conflict.id} is active`)
  }
}

defineFileConfig({ isDisabled: () => !scheduleOf(process.env).enabled })

export const config = {
  name: "product-sync-scheduled",
  schedule: scheduleOf(process.env).cron,
}
