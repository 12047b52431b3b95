import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { SyncChangeDTO } from "../../../types/sync-change"

const CHUNK = 1000

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
  const byId = new Map<string, { title: string; status: string }>()
  // Read in chunks: a removal may name 100,000 products, and a query takes at most 65,535 parameters.
  for (let i = 0; i < items.length; i += CHUNK) {
    const ids = items.slice(i, i + CHUNK).map((item) => item.product_id)
    for (const p of await container.resolve(Modules.PRODUCT).listProducts({ id: ids }, { select: ["id", "title", "status"], take: null })) byId.set(p.id, p)
  }
  return items.flatMap((item): SyncChangeDTO[] => {
    const product = byId.get(item.product_id)
    if (!product || (onMissing === "draft" && product.status === "draft")) return []
    const base = { external_id: item.external_id, product_id: item.product_id, title: product.title, variants: null, prices: [], stock: [] }
    return onMissing === "draft"
      ? [{ ...base, action: "draft", fields: { status: { from: product.status, to: "draft" } }, risks: ["draft"] }]
      : [{ ...base, action: "remove", fields: {}, risks: ["remove"] }]
  })
}
