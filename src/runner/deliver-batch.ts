import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SourceItem } from "../sources"
import { emptyStats, ProductSyncEvents, type ResolvedProductSyncOptions } from "../types"
import type { BatchPosition } from "../workflows/sync/batch/types"
import { emit } from "./emit"
import { batchEndedOr } from "./batch-signals"
import type { ValidatedItem } from "../feed/feed-product"
import type { RunContext } from "../workflows/sync/batch/run-context"
import { hasSalePrices } from "../workflows/sync/batch/sale/write-sale-prices"
import { hasStock } from "../workflows/sync/batch/stock/write-stock"
import { metIds } from "../workflows/sync/batch/validate-items"

/** How often the reader looks at a batch another process executes (one executed here wakes it at once). */
const POLL_MS = 100

export type Delivery = {
  container: MedusaContainer
  service: ProductSyncModuleService
  options: ResolvedProductSyncOptions
  context: RunContext
  /** The reader's validation of the items (see Lookahead). */
  validate: (item: SourceItem) => ValidatedItem
  /** Fires when the run stops (cancelled, ended elsewhere, timed out, shutting down). */
  signal: AbortSignal
}

/**
 * What the batches of a run may each need made once — the sync's stock
 * location in a store without one, the source's sale price list — made by
 * the process that cuts them before it delivers them, so that executors
 * find them instead of each making one. (What cannot be made now is each
 * product's item error when its batch writes, as in one process.)
 */
export async function makeShared({ context }: Delivery, items: SourceItem[]): Promise<void> {
  if (context.dryRun) return
  const products = context.lookahead.validProducts(items)
  if (products.some(hasStock)) await context.locations.default().catch(() => undefined)
  if (products.some(hasSalePrices)) await context.salePrices.id(true).catch(() => undefined)
}

/**
 * Hands a batch to whichever instance takes its event (see executeBatch):
 * its items go into its row, and the event names the row. An item the
 * reader found invalid travels as its error (the same one a batch gives), and
 * one that cannot be stored as JSON (a NUL, a lone surrogate, a cycle) as an
 * error saying so: one bad record stays an item error.
 */
export async function deliverBatch(delivery: Delivery, seq: number, position: BatchPosition, items: SourceItem[]): Promise<string> {
  const { container, service, context } = delivery
  const id = await service.openBatch(context.runId, seq, position, items.map((item) => storable(item, delivery.validate)))
  await emit(container, ProductSyncEvents.BATCH_REQUESTED, { id })
  return id
}

/** An item as it can travel in a batch row (see deliverBatch). */
export function storable(item: SourceItem, validate: Delivery["validate"]): SourceItem {
  let sent = item
  if (!item.skipped && item.error === undefined) {
    const checked = validate(item)
    if (!checked.ok) sent = { index: item.index, id: checked.external_id ?? item.id, error: `${checked.message} (record ${item.index + 1})` }
  }
  if (fitsJsonb(sent)) return sent
  // eslint-disable-next-line no-control-regex
  const id = sent.id === null ? null : sent.id.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
  if (sent.skipped) return { index: item.index, id, skipped: true }
  return { index: item.index, id, error: `the record holds a NUL character, a broken Unicode character or a value JSON cannot hold, which Postgres does not store (record ${item.index + 1})` }
}

// JSON.stringify escapes a NUL and a lone surrogate, which Postgres' JSON refuses; an escaped backslash before them is text.
const UNSTORABLE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i

function fitsJsonb(item: SourceItem): boolean {
  try {
    return !UNSTORABLE.test(JSON.stringify(item))
  } catch {
    return false // a cycle, a BigInt
  }
}

/**
 * Until batch `id` is done. A batch nobody took, or whose executor went
 * quiet for `staleAfterMs` (it died), is delivered again; after
 * `maxBatchAttempts` deliveries or executors its records become item errors.
 * A failed batch throws its error: the run fails. Once the run stops, it
 * waits at most `staleAfterMs` more for the batch (its commit may be fenced).
 */
export async function watchBatch(delivery: Delivery, id: string, items: SourceItem[]): Promise<void> {
  const { container, service, options, context, signal } = delivery
  let deliveredAt = Date.now()
  let deliveries = 1
  let stoppedAt: number | null = null
  for (;;) {
    await batchEndedOr(id, POLL_MS)
    const state = await service.batchState(id)
    if (!state) throw new MedusaError(MedusaError.Types.NOT_FOUND, `batch ${id} of run ${context.runId} is gone`)
    if (state.status === "done") return
    // The executor's error, as the run's: the same message a batch failing in this process gives.
    if (state.status === "failed") throw new MedusaError(MedusaError.Types.UNEXPECTED_STATE, state.error ?? `batch ${id} failed`)
    if (signal.aborted) {
      stoppedAt ??= Date.now()
      if (Date.now() - stoppedAt > options.staleAfterMs || (await service.getRun(context.runId)).status !== "running") return
      continue
    }
    const quiet = Math.min(state.quiet_ms, Date.now() - deliveredAt)
    if (quiet <= options.staleAfterMs) continue
    if (Math.max(state.attempts, deliveries) >= options.maxBatchAttempts) {
      if (await giveUp(delivery, id, items, state.attempts, state.owner)) return
      continue // taken, done or failed meanwhile: look again
    }
    await emit(container, ProductSyncEvents.BATCH_REQUESTED, { id })
    deliveredAt = Date.now()
    deliveries++
  }
}

/** Takes the batch over and commits its records as item errors (the next run writes them again); false when it could not take it. */
async function giveUp({ service, options, context, validate }: Delivery, id: string, items: SourceItem[], attempts: number, owner: string | null): Promise<boolean> {
  const batch = await service.claimBatch(id, options.staleAfterMs)
  if (!batch) return false
  const message = `not written: its batch was delivered and taken ${attempts} times without an end (last executor ${owner ?? "none"}; "maxBatchAttempts")`
  const ids = metIds(items, validate)
  const skipped = items.filter((item) => item.skipped).length
  const unnamed = items.length - skipped - ids.length
  const answer = await service.commitBatch(context.runId, context.source, {
    stats: { ...emptyStats(), skipped, failed: items.length - skipped },
    processed: batch.records,
    ledger: [],
    errors: [...ids.map((external_id) => ({ external_id, message })), ...Array.from({ length: unnamed }, () => ({ external_id: null, message }))],
    unidentified: unnamed,
    // They are in the feed: the run's removal must not take them for gone.
    seen: context.markSeen ? ids : undefined,
    chain: context.chain,
    batch_id: id,
    batch_claim: batch.owner,
  })
  return answer.continue
}
