import type { ImageRehoster } from "./images/rehost-images"
import type { SalePriceList } from "./sale/sale-price-list"
import { MedusaError } from "@medusajs/framework/utils"
import type { SourceItem } from "../sources"
import type { SyncCheckpoint } from "../types"
import type { SyncChangeDTO } from "../types/sync-change"
import type { Lookahead } from "./lookahead"
import type { FieldRules } from "./merge-fields"
import type { RunReferences } from "./references"
import type { StockLocations } from "./stock/stock-locations"
import type { ExistingProduct, WriteContext } from "./to-product-input"
import type { Intents, Planned } from "./write-products"
import type { VariantPrices } from "./product-snapshot"

/**
 * What the batches of a run share in the process executing it: caches
 * (references, stock locations, store defaults) and the run's own state.
 * Workflow inputs and outputs stay plain data; a step finds the rest here
 * by run id. Only the process that executes a run runs its batches.
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
  /** External ids met earlier in this run: a repeat is an error, not an overwrite. */
  seen: Set<string>
  defaults: Omit<WriteContext, "tagIds">
  references: RunReferences
  locations: StockLocations
  /** `images: "rehost"`: copies images into the File module; null when the source links them. */
  images: ImageRehoster | null
  /** The source's price list of type sale (found or made once per run). */
  salePrices: SalePriceList
  intents: Intents
  /** Validation, hashes and ledger entries worked out ahead of the batch (see Lookahead). */
  lookahead: Lookahead
  /**
   * The items of the batch about to run, handed to its workflow here rather
   * than in its input: Medusa stores a workflow's input with its execution
   * row, and a batch of full products would be written there for nothing.
   */
  pendingItems?: SourceItem[]
  /**
   * The batch in flight: what its steps read once and share, and its
   * products (feed product, hash, Medusa's input) by external id. The
   * workflow's data names them by external id: Medusa's workflow storage
   * copies the whole workflow context at each of its steps.
   */
  batch?: {
    write: WriteContext
    existing: Map<string, ExistingProduct>
    planned: Map<string, Planned>
    /** What the batch changes per product (see planChanges). */
    changes: SyncChangeDTO[]
    /** Prices the plan read, by product id, for the update's snapshot. */
    pricesRead: Map<string, VariantPrices[]>
  }
  /** Whether the run records what it changes per product (the source's `changeLog`). */
  changeLog: boolean
  /** A price falling by more than this share is flagged in the change log. */
  riskyPriceDrop: number
  /** External ids a dry run met (it marks none seen in the ledger): what it would remove is the rest. */
  met: Set<string>
}

/** The context of every run this process executes, by run id. */
export const runContexts = new Map<string, RunContext>()

export function runContextOf(runId: string): RunContext {
  const context = runContexts.get(runId)
  if (!context) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `run ${runId} is not executed by this process`)
  return context
}

/** The batch's position in the source, committed with it. */
export type BatchPosition = { records: number; cursor: SyncCheckpoint | null; total: number | null }
