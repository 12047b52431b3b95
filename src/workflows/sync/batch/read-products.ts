import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import { fieldsOf, SNAPSHOT_FIELDS, type SnapshotRow } from "./product-snapshot"
import type { ExistingProduct } from "./to-product-input"

/** Products by handle (indexed), with their external ids and creation times. */
export async function findByHandle(
  container: MedusaContainer,
  handles: string[]
): Promise<Map<string, { id: string; external_id: string | null; created_at: Date }>> {
  if (!handles.length) return new Map()
  const found = await container.resolve(Modules.PRODUCT).listProducts({ handle: handles }, { select: ["id", "handle", "external_id", "created_at"] })
  return new Map(found.map((p) => [p.handle, { id: p.id, external_id: p.external_id ?? null, created_at: new Date(p.created_at) }]))
}

/**
 * What an update must preserve of each product (variant ids, options), and
 * what it overwrites (to put back on a compensation), by product id: one read.
 */
export async function existingProducts(
  container: MedusaContainer,
  productIds: string[]
): Promise<Map<string, ExistingProduct>> {
  if (!productIds.length) return new Map()
  const products = await container.resolve(Modules.PRODUCT).listProducts(
    { id: productIds },
    {
      select: [
        "id", "variants.id", "variants.sku", "variants.title", "variants.options.value", "variants.options.option_id",
        "options.id", "options.title", "options.values.id", "options.values.value",
        ...SNAPSHOT_FIELDS.filter((f) => f !== "id"), "tags.id", "categories.id", "images.url",
      ],
      relations: ["variants", "variants.options", "options", "options.values", "tags", "categories", "images"],
    }
  )
  return new Map(
    products.map((p) => {
      const titles = new Map((p.options ?? []).map((o) => [o.id, o.title]))
      return [
        p.id,
        {
          variants: (p.variants ?? []).map((v) => ({
            id: v.id,
            sku: v.sku ?? null,
            title: v.title,
            options: Object.fromEntries((v.options ?? []).map((o) => [titles.get(o.option_id as string) as string, o.value])),
          })),
          options: new Map((p.options ?? []).map((o) => [o.title, { id: o.id, values: new Map((o.values ?? []).map((v) => [v.value, v.id])) }])),
          fields: fieldsOf(p as unknown as SnapshotRow),
        },
      ]
    })
  )
}
