import { updateProductVariantsWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Isolated, writeIsolatingFailures } from "./isolate-failures"
import { ExistingProduct, variantsOf, WriteContext } from "./to-product-input"
import type { Planned } from "./write-products"

/**
 * The cheap path of a product whose prices alone changed: the variants'
 * prices are written, the product is not. A product whose variants cannot
 * all be matched (by SKU, else by title) is returned in `whole`, to be
 * updated in full.
 */
export async function writePrices(
  container: MedusaContainer,
  planned: Planned[],
  existing: Map<string, ExistingProduct>,
  ctx: WriteContext
): Promise<Isolated<Planned, string> & { whole: Planned[] }> {
  const whole: Planned[] = []
  const updates = new Map<Planned, { id: string; prices: ReturnType<typeof variantsOf>[number]["prices"] }[]>()
  for (const p of planned) {
    const variants = existing.get(p.productId as string)?.variants ?? []
    const matched = variantsOf(p.product, ctx).map((v) => {
      const found = variants.find((e) => (v.sku ? e.sku === v.sku : e.title === v.title))
      return found ? { id: found.id, prices: v.prices } : null
    })
    if (matched.some((m) => !m)) whole.push(p)
    else updates.set(p, matched as { id: string; prices: ReturnType<typeof variantsOf>[number]["prices"] }[])
  }
  const written = await writeIsolatingFailures([...updates.keys()], async (batch) => {
    await updateProductVariantsWorkflow(container).run({
      input: { product_variants: batch.flatMap((p) => updates.get(p) ?? []) },
    })
    return batch.map((p) => p.productId as string)
  })
  return { ...written, whole }
}
