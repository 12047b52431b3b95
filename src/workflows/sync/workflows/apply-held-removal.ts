import { createWorkflow, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { applyHeldRemovalStep } from "../steps"

export const applyHeldRemovalWorkflowId = "apply-held-removal"

/**
 * Applies the removal a run's safety breaker held (`maxMissingRatio`): the
 * products that are still missing from the feed are drafted or deleted, as
 * the source's `onMissing` says.
 *
 * @example
 * const { result: run } = await applyHeldRemovalWorkflow(container).run({ input: { id: "psrun_123" } })
 */
export const applyHeldRemovalWorkflow = createWorkflow(applyHeldRemovalWorkflowId, (input: WorkflowData<{ id: string }>) => {
  return new WorkflowResponse(applyHeldRemovalStep(input))
})
