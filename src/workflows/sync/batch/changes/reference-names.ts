import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { BatchReferences } from "../references"
import type { ReferenceNames } from "./field-changes"

/**
 * Names of reference ids, for showing a change: the batch's own references
 * are known by the names the feed gives; the store's others are read, one
 * query per kind with unknown ids.
 */
export async function referenceNames(container: MedusaContainer, ids: string[], refs?: BatchReferences): Promise<ReferenceNames> {
  const names: ReferenceNames = new Map()
  for (const map of [refs?.tagIds, refs?.categoryIds, refs?.collectionIds, refs?.typeIds]) for (const [name, id] of map ?? []) names.set(id, name)
  const unknown = ids.filter((id) => !names.has(id))
  if (!unknown.length) return names
  const product = container.resolve(Modules.PRODUCT)
  const byPrefix = (prefix: string) => unknown.filter((id) => id.startsWith(prefix))
  const read: [string, () => Promise<{ id: string; name: string }[]>][] = [
    ["ptag_", async () => (await product.listProductTags({ id: byPrefix("ptag_") }, { select: ["id", "value"] })).map((t) => ({ id: t.id, name: t.value }))],
    ["pcat_", async () => (await product.listProductCategories({ id: byPrefix("pcat_") }, { select: ["id", "name"] })).map((c) => ({ id: c.id, name: c.name }))],
    ["pcol_", async () => (await product.listProductCollections({ id: byPrefix("pcol_") }, { select: ["id", "title"] })).map((c) => ({ id: c.id, name: c.title }))],
    ["ptyp_", async () => (await product.listProductTypes({ id: byPrefix("ptyp_") } as unknown as { id: string }, { select: ["id", "value"] })).map((t) => ({ id: t.id, name: t.value }))],
  ]
  for (const [prefix, list] of read) if (byPrefix(prefix).length) for (const { id, name } of await list()) names.set(id, name)
  return names
}
