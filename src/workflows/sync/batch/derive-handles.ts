import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, toHandle } from "@medusajs/framework/utils"
import type { FeedProduct } from "../../../feed/feed-product"

/**
 * Handles for products the feed gives none: the title slugged, as Medusa
 * would derive it, or — when another product (in the store or in this batch)
 * has it — the title and the external id slugged, then a counter. Real
 * catalogs have different products with the same title. A handle is set at
 * creation only; later syncs never change it.
 */
export async function deriveHandles(container: MedusaContainer, products: FeedProduct[]): Promise<Map<string, string>> {
  const needing = products.filter((p) => !p.handle)
  if (!needing.length) return new Map()
  const candidates = needing.flatMap((p) => [toHandle(p.title), toHandle(`${p.title} ${p.external_id}`)])
  const given = products.flatMap((p) => (p.handle ? [p.handle] : []))
  const existing = await container
    .resolve(Modules.PRODUCT)
    .listProducts({ handle: [...candidates, ...given] }, { select: ["handle", "external_id"] })
  // handle → external id of the product that has it (null: not one of this source's)
  const owners = new Map<string, string | null>([...given.map((h) => [h, null] as const), ...existing.map((p) => [p.handle, p.external_id ?? null] as const)])
  const handles = new Map<string, string>()
  for (const p of needing) {
    // A product with our external id that has the handle is one a crashed run
    // wrote: keep its handle, so that the create fails and adopts it.
    const free = (h: string) => !owners.has(h) || owners.get(h) === p.external_id
    let handle = toHandle(p.title)
    if (!free(handle)) handle = toHandle(`${p.title} ${p.external_id}`)
    const base = handle
    for (let n = 2; !free(handle); n++) handle = `${base}-${n}`
    owners.set(handle, null)
    handles.set(p.external_id, handle)
  }
  return handles
}
