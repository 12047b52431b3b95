import { createProductsWorkflow, deleteProductVariantsWorkflow, updateProductsWorkflow } from "@medusajs/core-flows"
import type { CreateProductWorkflowInputDTO, MedusaContainer, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { Parts } from "./content-hash"
import type { FeedProduct } from "../../../feed/feed-product"
import type { FieldConflict } from "./merge-fields"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { existingProducts, findByHandle } from "./read-products"
import { addOptions, OptionPlan, planOptions, removeValues } from "./option-changes"
import { withHooked } from "./hooked-input"
import { restoreVariants, snapshotVariants, type VariantsSnapshot } from "./option-restore"
import type { StockLocations } from "./stock/stock-locations"
import { ExistingProduct, toCreateInput, toUpdateInput, WriteContext } from "./to-product-input"

/**
 * A product of the batch on its way to Medusa. `adopted`: made by a create a
 * crash cut short, so possibly without what the create's later steps add.
 */
export type Planned = {
  product: FeedProduct
  hash: string
  productId?: string
  /** For a product in the ledger: which parts of it changed since the last sync (and the source owns). */
  parts?: Parts
  /** For a product in the ledger: hashes of the fields the sync last wrote (see mergeFields). */
  last?: Record<string, string> | null
  /** The ledger's field hashes once this product is written; undefined when its fields are not written. */
  fields?: Record<string, string>
  /** Fields the feed and the store both changed. */
  conflicts?: FieldConflict[]
  adopted?: boolean
  /** The input for Medusa's workflow, as built from the feed and possibly changed by the `productsPrepared` hook. */
  input?: CreateProductWorkflowInputDTO | UpdateProductWorkflowInputDTO
  /** For an adopted product: what the hook made of its create input (see withHooked). */
  hooked?: CreateProductWorkflowInputDTO
}

/** Create intents of the run's source (see the SyncIntent model). */
export type Intents = {
  record(intents: { external_id: string; handle: string }[]): Promise<void>
  find(externalIds: string[]): Promise<Map<string, { handle: string; since: Date }>>
}

/**
 * Creates products through Medusa's workflow, isolating the ones it rejects.
 * The intent to create each is recorded first: a crash between the product
 * write and the ledger commit leaves products the ledger does not know,
 * whose create then fails on the handle — those, and only those (the product
 * with the intended handle and this external id, made after the intent), are returned as `adopted`
 * to be updated instead. A product made by hand or by another source is
 * never taken over.
 */
export async function createProducts(
  container: MedusaContainer,
  planned: Planned[],
  ctx: WriteContext,
  intents: Intents
): Promise<Isolated<Planned, string> & { adopted: Planned[] }> {
  const inputOf = (p: Planned) => (p.input as CreateProductWorkflowInputDTO | undefined) ?? toCreateInput(p.product, ctx)
  const handleOf = (p: Planned) => inputOf(p).handle as string
  await intents.record(planned.map((p) => ({ external_id: p.product.external_id, handle: handleOf(p) })))
  const created = await writeIsolatingFailures(planned, async (batch) => {
    const { result } = await createProductsWorkflow(container).run({
      input: { products: batch.map(inputOf), additional_data: ctx.origin },
      context: ctx.nested,
    })
    const ids = new Map(result.map((p) => [p.external_id, p.id]))
    return batch.map((p) => ids.get(p.product.external_id) as string)
  })
  const meant = await intents.find(created.failed.map((f) => f.item.product.external_id))
  const byHandle = await findByHandle(container, [...meant.values()].map((m) => m.handle))
  const adopted: Planned[] = []
  const failed = created.failed.filter((f) => {
    const id = f.item.product.external_id
    const intent = meant.get(id)
    const product = intent ? byHandle.get(intent.handle) : undefined
    // Ours: the intended handle, this external id, and made after the intent
    // (a product that was there before it was made by someone else).
    const ours = !!intent && !!product && product.external_id === id && product.created_at >= intent.since
    // Updated from the feed: the create input (and what a hook made of it) does not fit an update.
    if (ours) adopted.push({ ...f.item, productId: product.id, adopted: true, input: undefined })
    return !ours
  })
  return { written: created.written, failed, adopted }
}

/**
 * Updates products in place (variant ids kept, variants the feed dropped
 * deleted), isolating the ones Medusa rejects. Products whose options
 * changed get their new options and values (and lose dropped options)
 * first, are updated, and lose dropped values after — each phase for all
 * of them at once.
 */
export async function updateProducts(
  container: MedusaContainer,
  planned: Planned[],
  existing: Map<string, ExistingProduct>,
  ctx: WriteContext,
  /** Where restored stock goes back to (see putBack). */
  locations: StockLocations
): Promise<Isolated<Planned, string>> {
  const missing = planned.filter((p) => !existing.has(p.productId as string))
  for (const [id, product] of await existingProducts(container, missing.map((p) => p.productId as string))) {
    existing.set(id, product)
  }
  const plans = new Map(planned.map((p) => [p, planOptions(p.product, existing.get(p.productId as string) as ExistingProduct)]))
  const change = (batch: Planned[]) => batch.map((p) => ({ productId: p.productId as string, plan: plans.get(p) as OptionPlan }))
  // The prepared input (with what a hook changed) where the variants it names are still there;
  // after an option change the variants are read again, so the input is built anew with what
  // the hook made of it (its own fields as merged and hooked, its variants' prices).
  const inputOf = (p: Planned, fresh: boolean) => {
    const prepared = p.input as UpdateProductWorkflowInputDTO | undefined
    if (prepared && !fresh) return prepared
    const built = toUpdateInput(p.product, p.productId as string, existing.get(p.productId as string) as ExistingProduct, ctx, { asCreated: p.adopted })
    return withHooked(built, prepared ?? p.hooked)
  }
  const update = (fresh: boolean) => async (batch: Planned[]) => {
    await updateProductsWorkflow(container).run({
      input: { products: batch.map((p) => inputOf(p, fresh)), additional_data: ctx.origin },
      context: ctx.nested,
    })
    return batch.map((p) => p.productId as string)
  }
  const same = await writeIsolatingFailures(planned.filter((p) => !plans.get(p)), update(false))
  const result: Isolated<Planned, string> = { written: [...same.written], failed: [...same.failed] }
  // An option phase writes its products together or not at all (isolated by halving, as every write).
  const together = (write: (batch: Planned[]) => Promise<void>) => async (batch: Planned[]) => {
    await write(batch)
    return batch.map(() => true)
  }
  const optionsFailed = (phase: Isolated<Planned, unknown>) => {
    result.failed.push(...phase.failed.map(({ item, message }) => ({ item, message: `changing the product's options failed: ${message}` })))
    return phase.written.map((w) => w.item)
  }

  let optioned = planned.filter((p) => plans.get(p))
  // Medusa cannot unassign an option that variants use, and a variant must
  // have a value for every option: dropping an option recreates the variants.
  const dropping = optioned.filter((p) => plans.get(p)?.removeOptions.length)
  // What they are before, to put back a product that fails once its variants are gone.
  const before = await snapshotVariants(container, dropping.map((p) => p.productId as string))
  const dropped = optionsFailed(
    await writeIsolatingFailures(
      dropping,
      together(async (batch) => {
        const ids = batch.flatMap((p) => (existing.get(p.productId as string) as ExistingProduct).variants.map((v) => v.id))
        await deleteProductVariantsWorkflow(container).run({ input: { ids }, context: ctx.nested })
      })
    )
  )
  optioned = optioned.filter((p) => !dropping.includes(p) || dropped.includes(p))
  optioned = optionsFailed(await writeIsolatingFailures(optioned, together((batch) => addOptions(container, change(batch), ctx.nested))))
  // The new option and value ids are needed to keep the variants' links right.
  for (const [id, product] of await existingProducts(container, optioned.map((p) => p.productId as string))) existing.set(id, product)
  const changed = await writeIsolatingFailures(optioned, update(true))
  result.failed.push(...changed.failed)
  await putBack(container, dropped, result, before, ctx, locations)
  const cleaned = optionsFailed(
    await writeIsolatingFailures(changed.written.map((w) => w.item), together((batch) => removeValues(container, change(batch), ctx.nested)))
  )
  result.written.push(...cleaned.map((p) => ({ item: p, result: p.productId as string })))
  return result
}

/**
 * Products whose variants were deleted for an option change that then
 * failed would be left without variants: each is put back as it was
 * (options, variants, prices, stock), and its failure says whether that worked.
 */
async function putBack(
  container: MedusaContainer,
  dropped: Planned[],
  result: Isolated<Planned, string>,
  before: VariantsSnapshot,
  ctx: WriteContext,
  locations: StockLocations
): Promise<void> {
  const failed = new Map(result.failed.map((f) => [f.item, f]))
  const broken = dropped.filter((p) => failed.has(p))
  if (!broken.length) return
  const restored = await writeIsolatingFailures(broken, async (batch) => {
    await restoreVariants(container, batch.map((p) => p.productId as string), before, ctx, locations)
    return batch.map(() => true)
  })
  for (const { item } of restored.written) failed.get(item)!.message += "; the product was put back as it was (its options, variants, prices and stock)"
  for (const { item, message } of restored.failed) failed.get(item)!.message += `; putting it back as it was failed too: ${message}`
}
