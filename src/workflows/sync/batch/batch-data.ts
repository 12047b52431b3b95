import type { UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { Batch } from "./plan-batch"
import { nestedIn } from "./nested-run"
import type { VariantPrices } from "./product-snapshot"
import type { BatchReferences } from "./references"
import type { ExistingProduct, ExistingVariant } from "./to-product-input"
import type { Planned } from "./write-products"
import type { SyncChangeDTO } from "../../../types/sync-change"

type Entries<V> = [string, V][]

/** What the batch's products share, as `BatchData.rest` holds it. */
type Rest = {
  existing: Entries<{ variants: ExistingVariant[]; options: Entries<{ id: string; values: Entries<string> }>; fields?: UpdateProductWorkflowInputDTO }>
  write: {
    salesChannelIds: string[]
    shippingProfileId: string | null
    refs: { [K in keyof BatchReferences]: Entries<string> }
    origin: { product_sync: { source: string; run_id: string } }
  }
  changes: SyncChangeDTO[]
  pricesRead: Entries<VariantPrices[]>
}

/**
 * A planned batch as the batch workflow's steps pass it on: plain data that
 * any process (and a workflow engine that stores its steps' data) can take.
 * It travels as JSON text: Medusa copies what each step and transform reads
 * object by object — for a batch of products, ~3 ms a read, a dozen reads
 * a batch — and a string at no cost. Each step parses only what it uses.
 */
export type BatchData = {
  /** The products to write, with their inputs for Medusa's workflows, by external id: each a `Planned` as JSON. */
  planned: Record<string, string>
  /** What the products to change are now, the references, the planned changes and the prices read, as JSON. */
  rest: string
}

const REFERENCE_KINDS = ["tagIds", "categoryIds", "collectionIds", "typeIds", "regionIds"] as const

export function toBatchData(batch: Batch): BatchData {
  const refs = batch.write.refs!
  const rest: Rest = {
    existing: [...batch.existing].map(([id, e]) => [id, { ...e, options: [...e.options].map(([title, o]) => [title, { id: o.id, values: [...o.values] }]) }]),
    write: {
      salesChannelIds: batch.write.salesChannelIds,
      shippingProfileId: batch.write.shippingProfileId,
      refs: Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, [...refs[kind]]])) as Rest["write"]["refs"],
      origin: batch.write.origin!,
    },
    changes: batch.changes,
    pricesRead: [...batch.pricesRead],
  }
  return { planned: Object.fromEntries([...batch.planned].map(([id, p]) => [id, JSON.stringify(p)])), rest: JSON.stringify(rest) }
}

/** Product `externalId` of the batch. */
export const plannedIn = (data: Pick<BatchData, "planned">, externalId: string): Planned => JSON.parse(data.planned[externalId])

/**
 * The batch again, with the products `externalIds` (those a step writes),
 * its Medusa workflows joining the step's event group (see NestedRun).
 */
export function batchOf(data: BatchData, eventGroupId: string | undefined, externalIds: string[]): Batch {
  const rest: Rest = JSON.parse(data.rest)
  const refs = Object.fromEntries(REFERENCE_KINDS.map((kind) => [kind, new Map(rest.write.refs[kind])])) as unknown as BatchReferences
  return {
    planned: new Map(externalIds.map((id) => [id, plannedIn(data, id)])),
    existing: new Map(
      rest.existing.map(([id, e]): [string, ExistingProduct] => [id, { ...e, options: new Map(e.options.map(([title, o]) => [title, { id: o.id, values: new Map(o.values) }])) }])
    ),
    write: { ...rest.write, tagIds: refs.tagIds, refs, nested: nestedIn(eventGroupId) },
    changes: rest.changes,
    pricesRead: new Map(rest.pricesRead),
  }
}

/** The changes the batch planned (see planChanges). */
export const plannedChanges = (data: BatchData): SyncChangeDTO[] => (JSON.parse(data.rest) as Rest).changes
