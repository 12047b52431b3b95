import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { executeBatch } from "./execute-batch"

// EXPERIMENT (measured against the event, then kept or removed): a batch
// delivered through the workflow engine. The first step is async with
// background execution: it ends at once in the reading process, and the
// engine schedules the rest of the transaction as a job (with Redis: the
// workflow engine's BullMQ queue), which whichever worker takes runs.
const handOffStep = createStep({ name: "product-sync-batch-handoff", async: true, backgroundExecution: true }, async ({ id }: { id: string }) => new StepResponse({ id }))

const executeStep = createStep("product-sync-batch-execute", async ({ id }: { id: string }, { container }) => {
  await executeBatch(container, id)
  return new StepResponse(undefined)
})

export const batchHandoffWorkflow = createWorkflow("product-sync-batch-handoff", (input: { id: string }) => {
  const handed = handOffStep(input)
  executeStep(handed)
  return new WorkflowResponse(undefined)
})
