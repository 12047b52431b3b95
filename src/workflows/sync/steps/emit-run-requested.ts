import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { ProductSyncEvents } from "../../../types"

export const emitRunRequestedStepId = "emit-run-requested"

/**
 * Hands a claimed run to whichever instance takes the event (with a Redis
 * event bus: a worker), so the request returns at once.
 *
 * @example
 * emitRunRequestedStep({ id: "psrun_123" })
 */
export const emitRunRequestedStep = createStep(emitRunRequestedStepId, async ({ id }: { id: string | null }, { container }) => {
  if (id) await container.resolve(Modules.EVENT_BUS).emit({ name: ProductSyncEvents.RUN_REQUESTED, data: { id } })
  return new StepResponse(undefined)
})
