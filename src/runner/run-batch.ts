import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { emptyStats, ProductSyncEvents } from "../types"
import { syncProductBatchWorkflow } from "../workflows/sync/workflows/sync-product-batch"
import type { SyncProductBatchWorkflowInput, SyncProductBatchWorkflowOutput } from "../workflows/sync/batch/types"
import { emit } from "./emit"
import { nestedIn } from "../workflows/sync/batch/nested-run"

// The hook's step id is its name.
const AFTER_COMMIT = "batchCommitted"

/**
 * Runs one batch workflow. The events of the Medusa workflows it runs wait
 * in one group (see NestedRun): released once the batch has committed,
 * dropped when it was undone. A failure of the `batchCommitted` hook comes
 * after the batch's commit, which stays (the write steps' compensations
 * leave committed products alone): it is logged, noted on the run and
 * announced, and the run goes on. Any other failure is the batch's: thrown.
 */
export async function runBatch(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  input: SyncProductBatchWorkflowInput
): Promise<SyncProductBatchWorkflowOutput> {
  const eventBus = container.resolve(Modules.EVENT_BUS)
  const eventGroupId = `product-sync-${randomUUID()}`
  const { result, errors } = await syncProductBatchWorkflow(container).run({ input, throwOnError: false, context: nestedIn(eventGroupId) })
  const invoke = errors.filter((e) => e.handlerType !== "compensate")
  const committed = invoke.every((e) => e.action === AFTER_COMMIT)
  await (committed ? eventBus.releaseGroupedEvents(eventGroupId) : eventBus.clearGroupedEvents(eventGroupId))
  if (!errors.length) return result
  const first = invoke[0] ?? errors[0]
  if (!committed) throw first.error
  const message = (first.error as Error)?.message ?? String(first.error)
  container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`product-sync: run ${input.run_id}: the batchCommitted hook failed after the batch was committed: ${message}`)
  await service.annotateRun(input.run_id, { note: `The batchCommitted hook failed after a batch was committed (the batch stays written): ${message}` })
  await emit(container, ProductSyncEvents.HOOK_FAILED, { id: input.run_id, source: input.source, hook: AFTER_COMMIT, message })
  // The batch is committed; whether the run is still its own shows at the next commit.
  return { continue: true, cancel: false, stats: emptyStats() }
}
