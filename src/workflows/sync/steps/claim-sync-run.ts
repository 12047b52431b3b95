import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { ClaimRunInput, ClaimRunResult } from "../../../modules/product_sync/service"

export const claimSyncRunStepId = "claim-sync-run"

/**
 * Claims the source's one active slot (a partial unique index decides
 * between simultaneous claims, across instances): the new run, or the run
 * that holds the source. Stale runs are reaped first.
 * Compensation: a claimed run that cannot be started ends `failed`, so it
 * does not block the source.
 *
 * @example
 * const claimed = claimSyncRunStep({ source: "default", trigger: "manual", triggered_by: "user_123" })
 */
export const claimSyncRunStep = createStep(
  claimSyncRunStepId,
  async (input: ClaimRunInput, { container }) => {
    const result = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).claimRun(input)
    return new StepResponse<ClaimRunResult, string | null>(result, result.run?.id ?? null)
  },
  async (runId, { container }) => {
    if (!runId) return
    await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).finishRun(runId, "failed", "could not start: the run-requested event could not be emitted")
  }
)
