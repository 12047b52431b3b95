import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import { setTimeout as sleep } from "node:timers/promises"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SourceItem } from "../sources"
import { ProductSyncEvents, type ResolvedProductSyncOptions } from "../types"
import { emptyStats, type BatchPosition } from "../workflows/sync/types"
import { emit } from "./announce"
import { metIds } from "./validate-items"
import { validateFeedProduct, type ValidatedItem } from "./feed-product"
import type { RunContext } from "./run-context"
import { hasSalePrices } from "./sale/write-sale-prices"
import { hasStock } from "./stock/write-stock"

const POLL_MS = 200

type Delivery = {
  container: MedusaContainer
  service: ProductSyncModuleService
  options: ResolvedProductSyncOptions
  runId: string
  source: string
  /** Fires when the run stops (cancelled, ended elsewhere, shutting down). */
  signal: AbortSignal
}

/**
 * What the batches of a run may each need made once — the sync's stock
 * location in a store without one, the source's sale price list — made by
 * the process that cuts them before it delivers them, so that two executors
 * never make two.
 */
export async function makeShared(context: RunContext, items: SourceItem[], validate: (item: SourceItem) => ValidatedItem): Promise<void> {
  if (context.dryRun) return
  const products = items.flatMap((item) => {
    if (item.skipped || item.error !== undefined) return []
    const checked = validate(item)
    return checked.ok ? [checked.product] : []
  })
  // What cannot be made now is each product's item error when its batch writes.
  if (products.some(hasStock)) await context.locations.default().catch(() => undefined)
  if (products.some(hasSalePrices)) await context.salePrices.id(true).catch(() => undefined)
}

/**
 * Hands a batch to whichever instance takes its event (see executeBatch):
 * its items go into its row, and the event names the row. Resolves once it
 * is delivered; `watchBatch` then follows it to its end.
 */
export async function deliverBatch({ container, service, runId }: Delivery, seq: number, position: BatchPosition, items: SourceItem[]): Promise<string> {
  const id = await service.openBatch(runId, seq, position, items)
  await emit(container, ProductSyncEvents.BATCH_REQUESTED, { id })
  return id
}

/**
 * Until batch `id` is done. A batch nobody took, or whose executor went
 * quiet for `staleAfterMs` (it died), is delivered again; after
 * `maxBatchAttempts` executors its records become item errors. A failed
 * batch throws its error: the run fails. A run that stops stops waiting for
 * a batch that will not end (its commit was fenced).
 */
export async function watchBatch(delivery: Delivery, id: string, items: SourceItem[]): Promise<void> {
  const { container, service, options, runId, signal } = delivery
  let deliveredAt = Date.now()
  for (;;) {
    await sleep(POLL_MS)
    const state = await service.batchState(id)
    if (!state) throw new MedusaError(MedusaError.Types.NOT_FOUND, `batch ${id} of run ${runId} is gone`)
    if (state.status === "done") return
    // The executor's error, as the run's: the same message a batch failing in this process gives.
    if (state.status === "failed") throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, state.error ?? `batch ${id} failed`)
    if (signal.aborted && (await service.getRun(runId)).status !== "running") return
    const quiet = Math.min(state.quiet_ms, Date.now() - deliveredAt)
    if (quiet <= options.staleAfterMs) continue
    if (state.attempts >= options.maxBatchAttempts) return await giveUp(delivery, id, items, state.attempts, state.owner)
    await emit(container, ProductSyncEvents.BATCH_REQUESTED, { id })
    deliveredAt = Date.now()
  }
}

/** Takes the batch over and commits its records as item errors: the next run writes them again. */
async function giveUp({ service, runId, source, options }: Delivery, id: string, items: SourceItem[], attempts: number, owner: string | null): Promise<void> {
  const batch = await service.claimBatch(id, options.staleAfterMs)
  if (!batch) return // its executor came back to life
  const message = `not written: its batch was taken ${attempts} times and its executor stopped each time (last ${owner ?? "none"}; "maxBatchAttempts")`
  const ids = metIds(items, (item) => validateFeedProduct(item.product))
  const skipped = items.filter((item) => item.skipped).length
  await service.commitBatch(runId, source, {
    stats: { ...emptyStats(), skipped, failed: items.length - skipped },
    processed: batch.records,
    ledger: [],
    errors: [...ids.map((external_id) => ({ external_id, message })), ...Array.from({ length: items.length - skipped - ids.length }, () => ({ external_id: null, message }))],
    unidentified: items.length - skipped - ids.length,
    batch_id: id,
  })
}
