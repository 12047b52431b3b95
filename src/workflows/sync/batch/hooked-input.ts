import type { CreateProductWorkflowInputDTO, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"

type VariantInput = { sku?: string | null; title?: string; prices?: unknown }
type AnyInput = CreateProductWorkflowInputDTO | UpdateProductWorkflowInputDTO

/**
 * An update input built anew from the feed (after an option change read the
 * variants again, or for a product adopted after a crash) with what the
 * `productsPrepared` hook made of the product: its own fields as the hook
 * returned them, and each variant's prices from the hook's variant of the
 * same SKU (else title). So a hook's word holds on every write path.
 */
export function withHooked(built: UpdateProductWorkflowInputDTO, hooked: AnyInput | undefined): UpdateProductWorkflowInputDTO {
  if (!hooked) return built
  const own: Record<string, unknown> = { ...hooked }
  for (const key of ["id", "options", "variants"]) delete own[key]
  const hookedVariants = (hooked.variants ?? []) as VariantInput[]
  const variants = (built.variants as VariantInput[] | undefined)?.map((v) => {
    const same = hookedVariants.find((h) => (v.sku ? h.sku === v.sku : h.title === v.title))
    return same?.prices !== undefined ? { ...v, prices: same.prices } : v
  })
  return { ...built, ...own, id: built.id, ...(variants ? { variants } : {}) } as UpdateProductWorkflowInputDTO
}
