import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { nestedIn } from "../batch/nested-run"
import { runContextFor } from "../batch/run-context"
import { type Level, undoStock, writeStock } from "../batch/stock/write-stock"
import { type BatchData, batchOf, plannedIn } from "../batch/batch-data"
import type { FailedProduct, WrittenProduct } from "../batch/types"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"

type Undo = { run_id: string; product_ids: string[]; previous: Level[]; created: Level[] }

export type WriteSyncedStockStepInput = {
  run_id: string
  /** Products created or updated by the steps before whose stock is to be written. */
  written: WrittenProduct[]
  /** External ids of products whose stock alone changed (in `batch`). */
  stock: string[]
  batch: BatchData
}

export type WriteSyncedStockStepOutput = {
  /** The stock-only products, written. */
  written: WrittenProduct[]
  /** Products whose stock could not be written (they stay in the ledger without a hash). */
  failed: FailedProduct[]
}

export const writeSyncedStockStepId = "write-synced-stock"

/**
 * Sets the stocked quantities the feed gives for the batch's written
 * products, through Medusa's inventory workflows (items made for variants
 * that lack one). Compensation: levels it changed get their old quantity
 * back, levels it made are deleted — unless the batch's commit took them.
 *
 * @example
 * writeSyncedStockStep({ run_id, written: [...created, ...updated], stock: sorted.stock, batch })
 */
export const writeSyncedStockStep = createStep(
  writeSyncedStockStepId,
  async ({ run_id, written, stock, batch: data }: WriteSyncedStockStepInput, { container, eventGroupId }) => {
    const stockOnly = stock.map((id) => plannedIn(data, id)).map((p) => ({ external_id: p.product.external_id, product_id: p.productId as string, hash: p.hash }))
    const targets = [...written, ...stockOnly].map((w) => ({ product: plannedIn(data, w.external_id).product, productId: w.product_id }))
    if (!targets.length) {
      return new StepResponse<WriteSyncedStockStepOutput, Undo>({ written: stockOnly, failed: [] }, { run_id, product_ids: [], previous: [], created: [] })
    }
    const run = await runContextFor(container, run_id)
    const { problems, previous, created } = await writeStock(container, targets, run.locations, batchOf(data, eventGroupId, []).write)
    return new StepResponse<WriteSyncedStockStepOutput, Undo>(
      { written: stockOnly, failed: [...problems].map(([external_id, message]) => ({ external_id, message })) },
      { run_id, product_ids: targets.map((t) => t.productId), previous, created }
    )
  },
  async (changed, { container, eventGroupId }) => {
    if (!changed || !(changed.previous.length + changed.created.length)) return
    // A batch commits whole: if it took any of these products, it took the stock written for them.
    const committed = await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).committedProducts(changed.run_id, changed.product_ids)
    if (!committed.size) await undoStock(container, changed, nestedIn(eventGroupId))
  }
)
