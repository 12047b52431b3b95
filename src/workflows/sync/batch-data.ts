import type { UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { Batch } from "../../engine/plan-batch"
import { nestedIn } from "../../engine/nested-run"
import type { VariantPrices } from "../../engine/product-snapshot"
import type { BatchReferences } from "../../engine/references"
import type { ExistingProduct, ExistingVariant } from "../../engine/to-product-input"
import type { Planned } from "../../engine/write-products"
import type { SyncChangeDTO } from "../../types/sync-change"

type Entries<V> = [string, V][]

/**
 * A planned batch as the batch workflow's steps pass it on: plain data, so
 * that it survives Medusa's copy of each step's input (and a workflow
 * engine that stores its steps' data). Maps travel as entry lists.
 */
export type BatchData = {
  /** The products to write, with their inputs for Medusa's workflows, by external id. */
  planned: Record<string, Planned>
  /** What the products to change are now, by product id. */
  existing: Entries<{ variants: ExistingVariant[]; options: Entries<{ id: string; values: Entries<string> }>; fields?: UpdateProductWorkflowInputDTO }>
  write: {
    salesChannelIds: string[]
    shippingProfileId: string | null
    refs: { [K in keyof BatchReferences]: Entries<string> }
    origin: { product_sync: { source: string; run_id: string } }
  }
  /** What the batch changes per product (see planChanges). */
  changes: SyncChangeDTO[]
  /** Prices the plan read, by product id, for the update's snapshot. */
  pricesRead: Entries<VariantPrices[]>
}

const REFERENCE_KINDS = ["tagIds", "categoryIds", "collectionIds", "typeIds", "regionIds"] as const

export function toBatchData(batch: Batch): BatchData {
  const refs = batch.write.refs!
  return {
    planned: Object.fromEntries(batch.planned),
    existing: [...batch.existing].map(([id, e]) => [id, { ...e, options: [...e.options].map(([title, o]) => [title, { id: o.id, values: [...o.values] }]) }]),
    write: {
      salesChannelIds: batch.write.salesChannelIds,
      shippingProfileId: batch.write.shippingProfileId,
      refs: Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, [...refs[kind]]])) as BatchData["write"]["refs"],
      origin: batch.write.origin!,
    },
    changes: batch.changes,
    pricesRead: [...batch.pricesRead],
  }
}

/** The batch again, its Medusa workflows joining the step's event group (see NestedRun). */
export function batchOf(data: BatchData, eventGroupId: string | undefined): Batch {
  const refs = Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, new Map(data.write.refs[kind])])) as unknown as BatchReferences
  return {
    planned: new Map(Object.entries(data.planned)),
    existing: new Map(
      data.existing.map(([id, e]): [string, ExistingProduct] => [id, { ...e, options: new Map(e.options.map(([title, o]) => [title, { id: o.id, values: new Map(o.values) }])) }])
    ),
    write: { ...data.write, tagIds: refs.tagIds, refs, nested: nestedIn(eventGroupId) },
    changes: data.changes,
    pricesRead: new Map(data.pricesRead),
  }
}
