import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { SyncChangeDTO } from "../../types/sync-change"

/**
 * The change log's rows of products leaving the feed: drafted (its status
 * before and after) or deleted, each flagged. A product a draft finds in
 * draft already changes nothing and records nothing.
 */
export async function removalChanges(
  container: MedusaContainer,
  items: { external_id: string; product_id: string }[],
  onMissing: "draft" | "delete"
): Promise<SyncChangeDTO[]> {
  if (!items.length) return []
  const products = await container
    .resolve(Modules.PRODUCT)
    .listProducts({ id: items.map((i) => i.product_id) }, { select: ["id", "title", "status"], take: null })
  const byId = new Map(products.map((p) => [p.id, p]))
  return items.flatMap((item): SyncChangeDTO[] => {
    const product = byId.get(item.product_id)
    if (!product || (onMissing === "draft" && product.status === "draft")) return []
    const base = { external_id: item.external_id, product_id: item.product_id, title: product.title, variants: null, prices: [], stock: [] }
    return onMissing === "draft"
      ? [{ ...base, action: "draft", fields: { status: { from: product.status, to: "draft" } }, risks: ["draft"] }]
      : [{ ...base, action: "remove", fields: {}, risks: ["remove"] }]
  })
}
