import { createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ClaimRunResult } from "../../../modules/product_sync/service"
import { claimSyncRunStep, emitRunRequestedStep, validateSyncRequestStep, type ValidateSyncRequestStepInput } from "../steps"

export type RequestProductSyncWorkflowInput = ValidateSyncRequestStepInput

export const requestProductSyncWorkflowId = "request-product-sync"

/**
 * The one way a run starts, for the button, the API, the cron and the
 * reaper alike: validate the source (and the run to resume) → claim the
 * source's slot → emit `product-sync.run.requested`. Returns the new run, or
 * `conflict`: the run that is already active (nothing is started then).
 *
 * @example
 * const { result } = await requestProductSyncWorkflow(container).run({
 *   input: { source: "default", trigger: "manual", triggered_by: "user_123" },
 * })
 * if (result.conflict) logger.info(`run ${result.conflict.id} is already active`)
 */
export const requestProductSyncWorkflow = createWorkflow(
  requestProductSyncWorkflowId,
  (input: WorkflowData<RequestProductSyncWorkflowInput>) => {
    const claim = validateSyncRequestStep(input)
    const claimed = claimSyncRunStep(claim)
    emitRunRequestedStep(transform({ claimed }, ({ claimed }) => ({ id: claimed.run?.id ?? null })))
    return new WorkflowResponse(claimed as WorkflowData<ClaimRunResult>)
  }
)
