import type { MedusaContainer } from "@medusajs/framework/types"
import type { ImageRehoster } from "./images/rehost-images"
import { SalePriceList } from "./sale/sale-price-list"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { Lookahead } from "./lookahead"
import type { FieldRules } from "./merge-fields"
import { planContextOf } from "./plan-context"
import type { RunReferences } from "./references"
import type { StockLocations } from "./stock/stock-locations"
import type { WriteContext } from "./to-product-input"
import type { Intents } from "./write-products"
import { resolveStoreDefaults } from "./write-context"

/**
 * What the batches of a run share in a process that executes them: the
 * run's settings and caches (references, stock locations, store defaults,
 * ledger entries read ahead). Nothing here is the run's state: any process
 * can build it again from the run's row and the plugin's options, and a
 * batch's own data travels in its workflow's input and steps' outputs.
 */
export type RunContext = {
  runId: string
  source: string
  /** The first run of the resumed chain (the ledger's `seen_in`). */
  chain: string
  dryRun: boolean
  /** Whether the ledger learns which products the run met (every run but a dry one). */
  markSeen: boolean
  /** Which fields the source owns, and who wins a conflict. */
  rules: FieldRules
  defaults: Omit<WriteContext, "tagIds">
  references: RunReferences
  locations: StockLocations
  /** `images: "rehost"`: copies images into the File module; null when the source links them. */
  images: ImageRehoster | null
  /** The source's price list of type sale (found or made once per run). */
  salePrices: SalePriceList
  intents: Intents
  /** Validation, hashes and ledger entries worked out ahead of a batch (see Lookahead). */
  lookahead: Lookahead
  /** Whether the run records what it changes per product (the source's `changeLog`). */
  changeLog: boolean
  /** A price falling by more than this share is flagged in the change log. */
  riskyPriceDrop: number
}

/** Contexts this process built, by run id: the runs it reads until they end (`kept`), others' until evicted. */
const contexts = new Map<string, Promise<RunContext>>()
const kept = new Set<string>()
const MAX_CONTEXTS = 32

/**
 * The context of run `runId` in this process, built on first use. `keep`:
 * this process reads the run, and keeps its context until closeRunContext.
 */
export function runContextFor(container: MedusaContainer, runId: string, { keep = false }: { keep?: boolean } = {}): Promise<RunContext> {
  if (keep) kept.add(runId)
  let context = contexts.get(runId)
  if (!context) {
    context = buildRunContext(container, runId)
    context.catch(() => contexts.delete(runId)) // a failed build is tried again by the next batch
    contexts.set(runId, context)
    // A batch this process ran for another process's run leaves its context behind: the oldest such goes.
    const evictable = [...contexts.keys()].filter((id) => !kept.has(id))
    if (evictable.length > MAX_CONTEXTS) contexts.delete(evictable[0])
  }
  return context
}

/** Drops the run's context once the run ends here; returns what its image re-hosting has to say. */
export async function closeRunContext(runId: string): Promise<string | null> {
  const context = contexts.get(runId)
  contexts.delete(runId)
  kept.delete(runId)
  return (await context?.catch(() => null))?.images?.note() ?? null
}

async function buildRunContext(container: MedusaContainer, runId: string): Promise<RunContext> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const run = await service.getRun(runId)
  const options = await service.getOptions()
  const defaults = await resolveStoreDefaults(container, options.sources[run.source])
  const chain = run.resumed_from ? (await service.getChainStart(run.resumed_from)).id : run.id
  const onNote = (note: string) => service.annotateRun(run.id, { note }).then(() => undefined)
  return {
    ...planContextOf(container, service, { source: run.source, runId: run.id, dryRun: run.dry_run, options, defaults, onNote }),
    chain,
    // Every record met is marked, whatever `onMissing` is now: it may be
    // turned on before this run's chain ends, and what it met must not count as gone.
    markSeen: !run.dry_run,
    intents: {
      record: (intents) => service.recordIntents(run.source, run.id, intents),
      find: (ids) => service.findIntents(run.source, ids),
    },
    salePrices: new SalePriceList(container, run.source),
  }
}
