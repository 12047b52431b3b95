import type { CreateProductWorkflowInputDTO, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { BatchCommit } from "../../../modules/product_sync/service"
import type { SourceItem } from "../../../sources"
import { emptyStats, type SyncCheckpoint, type SyncRunStats } from "../../../types"

/**
 * What a batch adds to its run: counters, item errors, the external ids it
 * met, and how many records it met that it could not identify.
 */
export type BatchOutcome = Pick<BatchCommit, "stats" | "errors"> & { seen: string[]; unidentified: number }

export const emptyOutcome = (): BatchOutcome => ({ stats: emptyStats(), errors: [], seen: [], unidentified: 0 })

/** A product an earlier, crashed batch of the source created (see createSyncedProductsStep). */
export type AdoptedProduct = { external_id: string; product_id: string }

/** A product written by a step: what the ledger records of it. */
export type WrittenProduct = { external_id: string; product_id: string; hash: string }
export type FailedProduct = { external_id: string; message: string }

/** The batch's position in the source, committed with it: the records its items came from, where reading goes on after them, and the source's total. */
export type BatchPosition = { records: number; cursor: SyncCheckpoint | null; total: number | null }

/**
 * One batch of a run: plain data, so any process that has the plugin can run
 * it. `items` are the source's records as mapped (`{ index, id, product }`,
 * or an error or a skip); the run must be running, and owned by the caller.
 */
export type SyncProductBatchWorkflowInput = {
  run_id: string
  source: string
  items: SourceItem[]
  position: BatchPosition
  /**
   * The batch's row in the run's batch table, held by the caller (see
   * SyncBatch): its counters, errors and position count once every batch
   * before it is done. Without it (an app's own batch) they count at once.
   */
  batch_id?: string
  /** The claim that holds a delivered batch (see executeBatch): its commit is fenced by it. */
  batch_claim?: string
}

export type SyncProductBatchWorkflowOutput = {
  /** False when the run was ended or taken over elsewhere: its runner stops. */
  continue: boolean
  /** Someone asked the run to stop. */
  cancel: boolean
  stats: SyncRunStats
}

/** The `productsPrepared` hook's data: the inputs of Medusa's product workflows for this batch. */
export type ProductsPreparedHookInput = {
  run_id: string
  source: string
  /** Inputs of `createProductsWorkflow`, one per new product. */
  create: CreateProductWorkflowInputDTO[]
  /**
   * Inputs of `updateProductsWorkflow`. A product whose options and variants did not change
   * gets only what did: `{ id, ...its own fields, variants: [{ id, prices }] }`, either part
   * left out when it did not change.
   */
  update: UpdateProductWorkflowInputDTO[]
}

/**
 * What a `productsPrepared` handler may return: changed inputs, found by the
 * product they name (`external_id` of a create, `id` of an update), in any
 * order; a product left out of a returned list is skipped (`stats.skipped`).
 * Omit a list to keep it as it is.
 */
export type ProductsPreparedHookResult = {
  create?: CreateProductWorkflowInputDTO[]
  update?: UpdateProductWorkflowInputDTO[]
}

/** The `batchCommitted` hook's data: what the batch wrote, once its ledger rows are committed. */
export type BatchCommittedHookInput = {
  run_id: string
  source: string
  created: WrittenProduct[]
  updated: WrittenProduct[]
  failed: { external_id: string | null; message: string }[]
  stats: SyncRunStats
}
