import { deleteProductsWorkflow, updateProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { MissingItem, MissingRecord } from "../../../modules/product_sync/service"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { SyncRunRecord } from "../../../modules/product_sync/utils/to-dto"
import type { FeedSourceOptions, SyncCheckpoint } from "../../../types"
import { sourceConfigHash } from "../../../modules/product_sync/utils/config-hash"
import { writeIsolatingFailures } from "../batch/isolate-failures"
import { removalChanges } from "./removal-changes"

const CHUNK = 100
export const DEFAULT_MAX_MISSING_RATIO = 0.2

/**
 * After a complete read of the feed: the source's products it did not meet
 * are drafted or deleted (`onMissing`), through Medusa's workflows — unless
 * they are more than `maxMissingRatio` of what the source synced (an empty
 * or cut-off feed, a wrong URL): then nothing is removed and the removal is
 * held on the run for an admin to apply.
 */
export async function settleMissing(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  run: SyncRunRecord,
  chain: string,
  config: FeedSourceOptions
): Promise<void> {
  const onMissing = config.onMissing ?? "keep"
  if (onMissing === "keep") return
  const unproven = await whyUnproven(service, run, chain, config)
  if (unproven) {
    const summary = { count: 0, on_missing: onMissing, ratio: 0, applied_at: null, products: [], action: "skipped" as const, reason: unproven }
    await service.recordMissing(run.id, run.source, null, summary)
    return
  }
  const { missing, synced } = await service.listMissing(run.source, chain)
  if (!missing.length) return
  const summary = { count: missing.length, on_missing: onMissing, ratio: missing.length / synced, applied_at: null, products: missing }
  if (summary.ratio > (config.maxMissingRatio ?? DEFAULT_MAX_MISSING_RATIO)) {
    await service.recordMissing(run.id, run.source, null, { ...summary, action: "held" })
    return
  }
  await remove(container, service, run, missing, summary)
}

/**
 * A dry run's plan of removals, after its complete read: the source's
 * products it did not meet, as the change log's rows (a dry run marks
 * nothing seen, so it compares the ledger with what it met). Returns what
 * its note should say: why nothing would be removed, or that the breaker
 * would hold the removal; null when it would go ahead.
 */
export async function planMissing(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  run: SyncRunRecord,
  met: Set<string>,
  config: FeedSourceOptions
): Promise<string | null> {
  const onMissing = config.onMissing ?? "keep"
  if (onMissing === "keep") return null
  if (run.resumed_from) return "a resumed dry run does not know what the runs before it met: its plan lists no removals"
  // The proof a real run needs (see whyUnproven), for a chain of this run alone.
  const unproven = await whyUnproven(service, run, run.id, config)
  if (unproven) return `nothing would be removed: ${unproven}`
  const missing = (await service.listRemovable(run.source)).filter((i) => !met.has(i.external_id))
  if (!missing.length) return null
  // The breaker decides as a real run's would (see settleMissing): held, the plan removes nothing.
  const synced = await service.countSynced(run.source)
  const ratio = missing.length / synced
  const max = config.maxMissingRatio ?? DEFAULT_MAX_MISSING_RATIO
  if (ratio > max) {
    return `the safety breaker would hold the removal of ${missing.length} of ${synced} products (${Math.round(ratio * 100)} % > ${Math.round(max * 100)} %) for an admin to apply; the plan lists none`
  }
  await service.recordChanges(run.id, run.source, await removalChanges(container, missing, onMissing))
  return null
}

/** Applies a removal the safety breaker held, to what is still missing of its list. */
export async function applyHeldMissing(container: MedusaContainer, service: ProductSyncModuleService, runId: string): Promise<SyncRunRecord> {
  const run = await service.getRun(runId)
  const held = run.missing
  if (!held || held.action !== "held") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${runId} has no held removal to apply`)
  }
  // Taken in one statement, so two Applies at once remove once, and never beside a run.
  if (!(await service.takeHeldRemoval(runId))) {
    const active = await service.getActiveRun(run.source)
    if (active) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${active.id} of source "${run.source}" is running; apply the removal when it has ended`)
    }
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Run ${runId} has no held removal to apply`)
  }
  const listed = await service.listMissingProducts(runId)
  const missing = await service.stillMissing(run.source, listed, new Date(run.finished_at ?? run.started_at))
  await remove(container, service, run, missing, { ...held, count: missing.length, applied_at: new Date().toISOString(), products: missing })
  return await service.getRun(runId)
}

/**
 * Why a completed chain does not prove which products left the feed, or
 * null when it does: it met a record it could not identify (which may be
 * any product), the source's configuration changed since the chain began,
 * or a newer complete read of the source superseded it.
 */
async function whyUnproven(service: ProductSyncModuleService, run: SyncRunRecord, chain: string, config: FeedSourceOptions): Promise<string | null> {
  const current = await service.getRun(run.id)
  if (current.unidentified) {
    return `${current.unidentified} record(s) of the feed could not be read or named (see the run's errors); any product may be among them`
  }
  const first = chain === run.id ? current : await service.getRun(chain)
  if (first.config_hash !== sourceConfigHash(config)) {
    return `the source's configuration changed since run ${first.id} began reading the feed`
  }
  // A resume checks the record before its checkpoint; at a page boundary
  // there is none, and records that moved onto pages read before the
  // interruption (an offset feed losing rows) would never be met.
  for (let r = current; r.resumed_from; ) {
    const before = await service.getRun(r.resumed_from)
    const from = before.checkpoint as SyncCheckpoint | null
    if (from && !from.last_record) return `run ${r.id} resumed at the start of a page, where records that moved to pages read before cannot be noticed`
    r = before
  }
  const newer = await service.getSupersedingRun(run.source, chain)
  if (newer) return `run ${newer.id} completed a newer read of the feed`
  return null
}

async function remove(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  run: SyncRunRecord,
  missing: MissingItem[],
  summary: Omit<MissingRecord, "action">
): Promise<void> {
  const chunks = Array.from({ length: Math.ceil(missing.length / CHUNK) }, (_, i) => missing.slice(i * CHUNK, (i + 1) * CHUNK))
  // Read before they go: a deleted product has no title to show.
  const planned = await removalChanges(container, missing, summary.on_missing === "draft" ? "draft" : "delete")
  const removed: MissingItem[] = []
  const errors: { external_id: string; message: string }[] = []
  for (const chunk of chunks) {
    const { written, failed } = await writeIsolatingFailures(chunk, async (items) => {
      if (summary.on_missing === "draft") {
        await updateProductsWorkflow(container).run({ input: { products: items.map((i) => ({ id: i.product_id, status: "draft" as const })) } })
      } else {
        await deleteProductsWorkflow(container).run({ input: { ids: items.map((i) => i.product_id) } })
      }
      return items.map(() => true)
    })
    removed.push(...written.map((w) => w.item))
    errors.push(...failed.map((f) => ({ external_id: f.item.external_id, message: `left the feed, but could not be ${summary.on_missing === "draft" ? "drafted" : "deleted"}: ${f.message}` })))
  }
  const action = summary.on_missing === "draft" ? "drafted" : "deleted"
  await service.recordMissing(run.id, run.source, { action: summary.on_missing, externalIds: removed.map((r) => r.external_id) }, { ...summary, action, count: removed.length, products: removed })
  const done = new Set(removed.map((r) => r.external_id))
  await service.recordChanges(run.id, run.source, planned.filter((c) => done.has(c.external_id)))
  if (errors.length) {
    await service.recordErrors(run.id, errors)
  }
}
