import { createHook, createWorkflow, transform, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  commitSyncBatchStep,
  createSyncedProductsStep,
  prepareSyncBatchStep,
  updateSyncedProductsStep,
  writeSyncedSalePricesStep,
  writeSyncedStockStep,
} from "../steps"
import { runContextOf } from "../../../engine/run-context"
import type {
  BatchCommittedHookInput,
  ProductsPreparedHookInput,
  ProductsPreparedHookResult,
  SyncProductBatchWorkflowInput,
  SyncProductBatchWorkflowOutput,
} from "../types"

export const syncProductBatchWorkflowId = "sync-product-batch"

/**
 * One batch of a sync run: validate and classify the items against the
 * ledger → create → update → stock → sale prices → commit ledger, counters and checkpoint
 * in one transaction. A failing step undoes the ones before it: created
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
    const prepared = prepareSyncBatchStep({ run_id: input.run_id })

    // The inputs are in the run context, not in the workflow's data (see RunContext.batch).
    const productsPrepared = createHook(
      "productsPrepared",
      transform({ input, prepared }, ({ input, prepared }): ProductsPreparedHookInput => {
        const inputOf = (id: string) => runContextOf(input.run_id).batch!.planned.get(id)!.input
        return {
          run_id: input.run_id,
          source: input.source,
          create: prepared.create.map((id) => inputOf(id) as ProductsPreparedHookInput["create"][number]),
          update: [...prepared.update, ...prepared.partial].map((id) => inputOf(id) as ProductsPreparedHookInput["update"][number]),
        }
      })
    )
    const hooked = transform({ result: productsPrepared.getResult() }, ({ result }) => (result ?? {}) as ProductsPreparedHookResult)

    const created = createSyncedProductsStep(
      transform({ input, prepared, hooked }, ({ input, prepared, hooked }) => ({ run_id: input.run_id, create: prepared.create, inputs: hooked.create }))
    )
    const updated = updateSyncedProductsStep(
      transform({ input, prepared, hooked, created }, ({ input, prepared, hooked, created }) => ({
        run_id: input.run_id,
        update: prepared.update,
        partial: prepared.partial,
        inputs: hooked.update,
        createInputs: hooked.create,
        adopted: created.adopted,
      }))
    )
    const stock = writeSyncedStockStep(
      transform({ input, prepared, created, updated }, ({ input, prepared, created, updated }) => {
        const restock = new Set(prepared.restock)
        return {
          run_id: input.run_id,
          written: [...created.created, ...updated.updated].filter((w) => restock.has(w.external_id)),
          stock: prepared.stock,
        }
      })
    )
    const sale = writeSyncedSalePricesStep(
      transform({ input, prepared, created, updated }, ({ input, prepared, created, updated }) => {
        const reprice = new Set(prepared.reprice)
        return { run_id: input.run_id, written: [...created.created, ...updated.updated].filter((w) => reprice.has(w.external_id)) }
      })
    )
    // Stock and sale price problems are item errors of products that are written (their ledger rows have no hash).
    const committed = commitSyncBatchStep(
      transform({ input, prepared, created, updated, stock, sale }, ({ input, prepared, created, updated, stock, sale }) => ({
        run_id: input.run_id,
        outcome: prepared.outcome,
        created: created.created,
        updated: [...updated.updated, ...stock.written],
        failed: [...created.failed, ...updated.failed, ...stock.failed, ...sale.failed],
        rehashed: prepared.rehash,
        dropped: [...created.dropped, ...updated.dropped],
        incomplete: [...stock.failed, ...sale.failed].map((f) => f.external_id).concat(prepared.unhosted),
        unstocked: stock.failed.map((f) => f.external_id),
        settled: created.settled,
        position: { records: input.records, cursor: input.cursor, total: input.total },
      }))
    )
    const batchCommitted = createHook(
      "batchCommitted",
      transform({ input, created, updated, stock, sale, committed, prepared }, (data): BatchCommittedHookInput => ({
        run_id: data.input.run_id,
        source: data.input.source,
        created: data.created.created,
        updated: [...data.updated.updated, ...data.stock.written],
        failed: [...data.prepared.outcome.errors, ...data.created.failed, ...data.updated.failed, ...data.stock.failed, ...data.sale.failed],
        stats: data.committed.stats,
      }))
    )
    return new WorkflowResponse(committed as WorkflowData<SyncProductBatchWorkflowOutput>, { hooks: [productsPrepared, batchCommitted] })
  }
)
