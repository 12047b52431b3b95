// What the bench compares the plugin with: products written by calling
// Medusa's createProductsWorkflow directly, as an app would without the plugin.
import { createProductsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FeedProduct } from "../src/feed/feed-product"
import { validateFeedProduct } from "../src/feed/feed-product"
import { TagResolver } from "../src/workflows/sync/batch/references"
import { toCreateInput, type WriteContext } from "../src/workflows/sync/batch/to-product-input"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProduct } = require("../scripts/lib/feed-generator.cjs")

/** Generated product `i` with its external id, handle and SKUs prefixed, so it never meets the plugin's. */
export function prefixedProduct(i: number, prefix: string): FeedProduct {
  const p = generateProduct(i)
  p.external_id = `${prefix}-${p.external_id}`
  p.handle = `${prefix}-${p.handle}`
  p.variants.forEach((v: { sku: string }) => (v.sku = `${prefix}-${v.sku}`))
  const checked = validateFeedProduct(p)
  if (!checked.ok) throw new Error(checked.message)
  return checked.product
}

/** Products [from, to) prefixed with `prefix`, in batches of `size`: what one baseline call writes each. */
export function* prefixedBatches(from: number, to: number, prefix: string, size: number): Generator<FeedProduct[]> {
  for (let i = from; i < to; i += size) yield Array.from({ length: Math.min(size, to - i) }, (_, k) => prefixedProduct(i + k, prefix))
}

/** One call of createProductsWorkflow for `products`, with their tags and the store's defaults, as the plugin would write them. */
export async function createWithMedusa(container: MedusaContainer, products: FeedProduct[], defaults: Omit<WriteContext, "tagIds">): Promise<void> {
  const tagIds = (await new TagResolver(container).resolve(products.flatMap((p) => p.tags ?? []))).ids
  await createProductsWorkflow(container).run({ input: { products: products.map((p) => toCreateInput(p, { ...defaults, tagIds })) } })
}
