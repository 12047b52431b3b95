import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SyncRunRecord } from "../modules/product_sync/utils/to-dto"
import { createSource, SourceChanged, type SourceItem, type SyncSource } from "../sources"
import type { ProgressLog } from "./progress-log"
import { closeRunContext, type RunContext, runContextFor } from "../workflows/sync/batch/run-context"
import type { ResolvedProductSyncOptions, SyncCheckpoint } from "../types"
import { planMissing, settleMissing } from "../workflows/sync/removal/missing-products"
import { type Ahead, BatchBuilder } from "./batch-builder"
import { planRead } from "./plan-read"
import { runBatch } from "./run-batch"
import { markRepeats, metIds } from "../workflows/sync/batch/validate-items"
import { BatchWindow } from "./batch-window"
import { deliverBatch, makeShared, watchBatch } from "./deliver-batch"

/** Why a run stops before the end of its source, and how it ends. */
export type Stop = { status: "cancelled" | "interrupted" | "failed"; reason: string | null }

export type SyncSourceInput = {
  container: MedusaContainer
  service: ProductSyncModuleService
  run: SyncRunRecord
  options: ResolvedProductSyncOptions
  signal: AbortSignal
  shouldStop: () => boolean
  requestStop: (stop: Stop) => void
  progress: ProgressLog
}

/**
 * The work of a run: read the source from the checkpoint on, write it batch
 * by batch (one commit each; `concurrency` of them in flight, here or on
 * other instances), and — when the whole feed was read in full mode —
 * settle the products that left it. Throws when the run cannot go on.
 */
export async function syncSource({ container, service, run, options, signal, shouldStop, requestStop, progress }: SyncSourceInput): Promise<void> {
  const source = createSource(run.source, options)
  const plan = await planRead(service, run, options.sources[run.source])
  try {
    const context = await runContextFor(container, run.id, { keep: true })
    await readAndWrite({ container, service, run, options, signal, shouldStop, requestStop, progress }, context, source, plan)
  } finally {
    const images = await closeRunContext(run.id)
    if (images) await appendNote(service, run.id, images)
  }
}

async function readAndWrite(
  { container, service, run, options, signal, shouldStop, requestStop, progress }: SyncSourceInput,
  context: RunContext,
  source: SyncSource,
  plan: Awaited<ReturnType<typeof planRead>>
): Promise<void> {
  const config = options.sources[run.source]
  const validate = context.lookahead.validate.bind(context.lookahead)
  const concurrency = config.concurrency ?? options.concurrency
  /** External ids met earlier in the run: a repeat is an error, whichever batch has it. */
  const seen = new Set<string>()
  /** External ids a dry run met (it marks none seen in the ledger): what it would remove is the rest. */
  const met = new Set<string>()
  // A targeted run writes only the products it names, and stops reading once it met them all.
  const wanted = run.only_ids?.length ? new Set(run.only_ids) : null
  const unmet = new Set(run.only_ids ?? [])
  // A resumed targeted run met some of its ids before the checkpoint: they are neither awaited nor "not in the source".
  if (wanted && run.resumed_from) for (const id of await service.metInChain(run.source, plan.chain, [...unmet])) unmet.delete(id)
  let first = true
  /** The run's batches, numbered across a restart from the first page. */
  let seq = 0
  /** Writes what the source holds from `from` on, one batch workflow per batch; false when the run was told to stop. */
  const readFrom = async (from: SyncCheckpoint | null, startIndex: number): Promise<boolean> => {
    let processed = startIndex
    const chunks = source.read({ ...plan, from, chunkSize: options.batchSize, signal, startIndex })[Symbol.asyncIterator]()
    // The next chunk is read, validated and looked up while the batch before it writes.
    const readChunk = async (): Promise<Ahead | null> => {
      if (wanted && !unmet.size) return null
      const next = await chunks.next()
      if (next.done) return null
      if (wanted) next.value.items = targeted(next.value.items, wanted, unmet)
      next.value.items = markRepeats(next.value.items, seen, validate)
      if (first && !run.dry_run && source.info.validators) {
        await service.annotateRun(run.id, { source_validators: source.info.validators })
      }
      first = false
      // Ledger entries are kept for a prepare step in this process; delivered batches may be written anywhere.
      return { chunk: next.value, toWrite: await context.lookahead.classify(next.value.items, { keep: concurrency === 1 }) }
    }
    const batch = new BatchBuilder(options.batchSize)
    let held: Ahead | null = null // read, but it would have taken the batch past batchSize writes
    let ended = false
    const fill = async () => {
      while (!ended) {
        const next = held ?? (await readChunk())
        held = null
        if (!next) ended = true
        else if (!batch.accepts(next)) held = next
        else batch.add(next)
        if (held || batch.full()) return
      }
    }
    const window = new BatchWindow(concurrency)
    const delivery = { container, service, options, context, validate, signal }
    /**
     * Writes a batch cut from the source: in this process, or — with more than one in flight —
     * on whichever instance takes it (see deliverBatch). Its row is opened first, in order, so
     * the run takes batches in in order.
     */
    const write = async ({ items, records, cursor, total }: ReturnType<BatchBuilder["take"]>) => {
      const position = { records, cursor, total }
      const done = () => {
        if (run.dry_run) for (const id of metIds(items, validate)) met.add(id)
        processed += records
        progress.batch(processed, total)
      }
      if (concurrency > 1) {
        await makeShared(delivery, items)
        const batchId = await deliverBatch(delivery, seq++, position, items)
        // A delivered batch's commit answers its executor; the run's heartbeat carries a stop to this loop.
        window.add(() => watchBatch(delivery, batchId, items).then(done))
        return
      }
      const batchId = await service.openBatch(run.id, seq++, position, null)
      window.add(async () => {
        const result = await runBatch(container, service, { run_id: run.id, source: run.source, items, position, batch_id: batchId })
        done()
        if (!result.continue) requestStop({ status: "interrupted", reason: null })
        else if (result.cancel) requestStop({ status: "cancelled", reason: null })
      })
    }
    try {
      await fill()
      while (!batch.empty()) {
        await write(batch.take())
        // The next batch is read while this one (and up to `concurrency` in all) writes.
        const filling = fill()
        filling.catch(() => undefined) // awaited below, unless the run stops first
        await window.room()
        if (shouldStop() || window.failed) break
        await filling
      }
      await window.drain()
      return !shouldStop()
    } finally {
      // A run the source failed ends once its batches in flight have committed (or not).
      await window.drain().catch(() => undefined)
      // A run that stops early must not leave the source's connection open.
      await chunks.return?.(undefined).catch(() => undefined)
    }
  }
  const from = run.checkpoint as SyncCheckpoint | null
  let finished: boolean
  try {
    finished = await readFrom(from, run.processed)
  } catch (e) {
    if (!(e instanceof SourceChanged) || !from) throw e
    // Nothing of this run was written yet: the check runs before the first record.
    const note = `the source changed since the checkpoint (${e.message}): read again from the beginning; ${run.processed} items had been committed before`
    if (!(await service.restartRun(run.id, note))) {
      requestStop({ status: "interrupted", reason: null }) // ended or taken over elsewhere
      return
    }
    finished = await readFrom(null, 0)
  }
  if (!finished) return
  if (unmet.size) await appendNote(service, run.id, `not in the source: ${[...unmet].slice(0, 20).join(", ")}${unmet.size > 20 ? ` and ${unmet.size - 20} more` : ""}`)
  // Only a feed of one page may answer 304 for all of it: a paged feed is read in full each time.
  if (!run.dry_run && source.info.validators && source.info.pages > 1 && !source.info.wholeSource) await service.annotateRun(run.id, { source_validators: null })
  if (source.info.unchanged) {
    const note = source.info.unchangedBecause ?? "source unchanged since the last completed run (HTTP 304); nothing was read"
    await service.annotateRun(run.id, { source_validators: plan.conditional ?? null, note })
    return
  }
  if (!run.dry_run && plan.mode === "full") await settleMissing(container, service, run, plan.chain, config)
  if (run.dry_run && plan.mode === "full") {
    const note = await planMissing(container, service, run, met, config)
    if (note) await appendNote(service, run.id, note)
  }
  // A targeted run read the files for a few products: they stay for the source's next full run.
  if (!run.dry_run && plan.mode !== "targeted" && source.afterSync) {
    const note = await source.afterSync({ failed: (await service.getRun(run.id)).failed })
    if (note) await appendNote(service, run.id, note)
  }
}

/** Adds to the run's note what else the admin should know (the warehouse made, files moved, images kept). */
async function appendNote(service: ProductSyncModuleService, runId: string, note: string): Promise<void> {
  const before = (await service.getRun(runId)).note
  await service.annotateRun(runId, { note: before ? `${before}; ${note}` : note })
}

/** The items of a targeted run: the named products, and the errors of records that carry a named id. */
function targeted(items: SourceItem[], wanted: Set<string>, unmet: Set<string>): SourceItem[] {
  return items.filter((item) => {
    const raw = item.product === undefined ? item.id : (item.product as { external_id?: unknown } | null)?.external_id
    const id = raw === undefined || raw === null ? null : String(raw).trim()
    if (id === null || !wanted.has(id)) return false
    unmet.delete(id)
    return true
  })
}
