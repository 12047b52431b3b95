import { createHook, createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { plannedIn } from "../batch/batch-data"
import {
  commitSyncBatchStep,
  createSyncedProductsStep,
  prepareSyncBatchStep,
  updateSyncedProductsStep,
  writeSyncedSalePricesStep,
  writeSyncedStockStep,
} from "../steps"
import type {
  BatchCommittedHookInput,
  ProductsPreparedHookInput,
  ProductsPreparedHookResult,
  SyncProductBatchWorkflowInput,
  SyncProductBatchWorkflowOutput,
} from "../batch/types"

export const syncProductBatchWorkflowId = "sync-product-batch"

/**
 * One batch of a sync run, its items in its input (any process with the
 * plugin can run it): validate and classify the items against the
 * ledger → create → update → stock → sale prices → commit in one
 * transaction: ledger rows at once, counters, item errors and checkpoint
 * into the run (with `batch_id`: once every batch before it is done, see
 * SyncBatch). A failing step undoes the ones before it: created
 * products are deleted, updated ones restored, stock put back.
 *
 * Hooks:
 * - `productsPrepared` gets the inputs of Medusa's product workflows for the
 *   batch and may return changed ones (link a brand, adjust prices, add metadata).
 * - `batchCommitted` gets what the batch wrote, after its commit.
 *
 * Medusa's product workflows get `additional_data: { product_sync: { source, run_id } }`,
 * so their own hooks (e.g. `productsCreated`) see where a write came from.
 *
 * @example
 * // src/workflows/hooks/product-sync.ts in your app
 * import { StepResponse } from "@medusajs/framework/workflows-sdk"
 * import { syncProductBatchWorkflow } from "medusa-product-sync/workflows"
 *
 * // Every product of the "acme" source gets its brand in metadata.
 * syncProductBatchWorkflow.hooks.productsPrepared(async ({ source, create, update }) => {
 *   if (source !== "acme") return new StepResponse({})
 *   const branded = <T extends { metadata?: Record<string, unknown> | null }>(p: T) => ({ ...p, metadata: { ...p.metadata, brand: "Acme" } })
 *   return new StepResponse({ create: create.map(branded), update: update.map(branded) })
 * })
 */
export const syncProductBatchWorkflow = createWorkflow(
  syncProductBatchWorkflowId,
  (input: WorkflowData<SyncProductBatchWorkflowInput>) => {
    // Medusa copies what a step or transform reads: the items are read once, by the prepare step.
    const prepared = prepareSyncBatchStep(input)
    const run = transform({ prepared }, ({ prepared }) => prepared.run)
    const sorted = transform({ prepared }, ({ prepared }) => prepared.sorted)
    const batch = transform({ prepared }, ({ prepared }) => prepared.batch)

    const productsPrepared = createHook(
      "productsPrepared",
      transform({ run, sorted, batch }, ({ run, sorted, batch }): ProductsPreparedHookInput => {
        const inputOf = (id: string) => plannedIn(batch, id).input
        return {
          run_id: run.run_id,
          source: run.source,
          create: sorted.create.map((id) => inputOf(id) as ProductsPreparedHookInput["create"][number]),
          update: [...sorted.update, ...sorted.partial].map((id) => inputOf(id) as ProductsPreparedHookInput["update"][number]),
        }
      })
    )
    const hooked = transform({ result: productsPrepared.getResult() }, ({ result }) => (result ?? {}) as ProductsPreparedHookResult)

    const created = createSyncedProductsStep(
      transform({ run, sorted, hooked, batch }, ({ run, sorted, hooked, batch }) => ({ run_id: run.run_id, create: sorted.create, inputs: hooked.create, batch }))
    )
    const updated = updateSyncedProductsStep(
      transform({ run, sorted, hooked, created, batch }, ({ run, sorted, hooked, created, batch }) => ({
        run_id: run.run_id,
        update: sorted.update,
        partial: sorted.partial,
        inputs: hooked.update,
        createInputs: hooked.create,
        adopted: created.adopted,
        batch,
      }))
    )
    const stock = writeSyncedStockStep(
      transform({ run, sorted, created, updated, batch }, ({ run, sorted, created, updated, batch }) => {
        const restock = new Set(sorted.restock)
        return {
          run_id: run.run_id,
          written: [...created.created, ...updated.updated].filter((w) => restock.has(w.external_id)),
          stock: sorted.stock,
          batch,
        }
      })
    )
    const sale = writeSyncedSalePricesStep(
      transform({ run, sorted, created, updated, batch }, ({ run, sorted, created, updated, batch }) => {
        const reprice = new Set(sorted.reprice)
        return { run_id: run.run_id, written: [...created.created, ...updated.updated].filter((w) => reprice.has(w.external_id)), batch }
      })
    )
    // Stock and sale price problems are item errors of products that are written (their ledger rows have no hash).
    const committed = commitSyncBatchStep(
      transform({ run, sorted, created, updated, stock, sale, batch }, ({ run, sorted, created, updated, stock, sale, batch }) => ({
        run_id: run.run_id,
        outcome: sorted.outcome,
        created: created.created,
        updated: [...updated.updated, ...stock.written],
        failed: [...created.failed, ...updated.failed, ...stock.failed, ...sale.failed],
        rehashed: sorted.rehash,
        dropped: [...created.dropped, ...updated.dropped],
        incomplete: [...stock.failed, ...sale.failed].map((f) => f.external_id).concat(sorted.unhosted),
        unstocked: stock.failed.map((f) => f.external_id),
        settled: created.settled,
        position: run.position,
        batch_id: run.batch_id,
        batch_claim: run.batch_claim,
        batch,
      }))
    )
    const batchCommitted = createHook(
      "batchCommitted",
      transform({ run, created, updated, stock, sale, committed, sorted }, (data): BatchCommittedHookInput => ({
        run_id: data.run.run_id,
        source: data.run.source,
        created: data.created.created,
        updated: [...data.updated.updated, ...data.stock.written],
        failed: [...data.sorted.outcome.errors, ...data.created.failed, ...data.updated.failed, ...data.stock.failed, ...data.sale.failed],
        stats: data.committed.stats,
      }))
    )
    return new WorkflowResponse(committed as WorkflowData<SyncProductBatchWorkflowOutput>, { hooks: [productsPrepared, batchCommitted] })
  }
)
