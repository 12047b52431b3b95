import { createProductsWorkflow, updateProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FeedProduct } from "./feed-product"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { existingProducts, findByExternalId } from "./read-products"
import { ExistingProduct, optionChange, toCreateInput, toUpdateInput, WriteContext } from "./to-product-input"

/** A product of the batch on its way to Medusa. */
export type Planned = { product: FeedProduct; hash: string; productId?: string }

/**
 * Creates products through Medusa's workflow, isolating the ones it rejects.
 * A crash between the product write and the ledger commit leaves products
 * the ledger does not know; their create fails on the handle, and they are
 * returned as `adopted` (with their ids) to be updated instead.
 */
export async function createProducts(
  container: MedusaContainer,
  planned: Planned[],
  ctx: WriteContext,
  handles: Map<string, string>
): Promise<Isolated<Planned, string> & { adopted: Planned[] }> {
  const created = await writeIsolatingFailures(planned, async (batch) => {
    const { result } = await createProductsWorkflow(container).run({
      input: { products: batch.map((p) => toCreateInput(p.product, ctx, handles.get(p.product.external_id))) },
    })
    const ids = new Map(result.map((p) => [p.external_id, p.id]))
    return batch.map((p) => ids.get(p.product.external_id) as string)
  })
  const orphans = await findByExternalId(container, created.failed.map((f) => f.item.product.external_id))
  const adopted: Planned[] = []
  const failed = created.failed.filter((f) => {
    const productId = orphans.get(f.item.product.external_id)
    if (productId) adopted.push({ ...f.item, productId })
    return !productId
  })
  return { written: created.written, failed, adopted }
}

/** Updates products in place (variant ids kept), isolating the ones Medusa rejects. */
export async function updateProducts(
  container: MedusaContainer,
  planned: Planned[],
  existing: Map<string, ExistingProduct>,
  ctx: WriteContext
): Promise<Isolated<Planned, string>> {
  const missing = planned.filter((p) => !existing.has(p.productId as string))
  for (const [id, product] of await existingProducts(container, missing.map((p) => p.productId as string))) {
    existing.set(id, product)
  }
  const refused: Isolated<Planned, string>["failed"] = []
  const update = planned.filter((p) => {
    const change = optionChange(p.product, existing.get(p.productId as string) as ExistingProduct)
    if (change) refused.push({ item: p, message: change })
    return !change
  })
  const updated = await writeIsolatingFailures(update, async (batch) => {
    await updateProductsWorkflow(container).run({
      input: {
        products: batch.map((p) => toUpdateInput(p.product, p.productId as string, existing.get(p.productId as string) as ExistingProduct, ctx)),
      },
    })
    return batch.map((p) => p.productId as string)
  })
  return { written: updated.written, failed: [...refused, ...updated.failed] }
}
