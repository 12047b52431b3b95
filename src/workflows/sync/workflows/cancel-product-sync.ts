import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { requestSyncCancelStep } from "../steps"

export const cancelProductSyncWorkflowId = "cancel-product-sync"

/**
 * Asks a running run to stop; its runner ends it `cancelled` after the batch
 * in flight (on whichever instance executes it).
 *
 * @example
 * const { result: run } = await cancelProductSyncWorkflow(container).run({ input: { id: "psrun_123" } })
 */
export const cancelProductSyncWorkflow = createWorkflow(cancelProductSyncWorkflowId, (input: WorkflowData<{ id: string }>) => {
  return new WorkflowResponse(requestSyncCancelStep(input))
})
