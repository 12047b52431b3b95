import {
  createProductTagsWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { FeedSourceOptions } from "../types"
import type { FeedProduct } from "./feed-product"
import type { WriteContext } from "./to-product-input"

/**
 * Where created products go when the source's options do not say: the
 * store's default sales channel and default shipping profile, so a synced
 * product is sellable without manual steps.
 */
export async function resolveStoreDefaults(
  container: MedusaContainer,
  source: FeedSourceOptions
): Promise<Omit<WriteContext, "tagIds">> {
  let salesChannelIds = source.salesChannelIds
  if (!salesChannelIds) {
    const [store] = await container
      .resolve(Modules.STORE)
      .listStores({}, { take: 1, select: ["id", "default_sales_channel_id"] })
    salesChannelIds = store?.default_sales_channel_id
      ? [store.default_sales_channel_id]
      : []
  }
  let shippingProfileId = source.shippingProfileId ?? null
  if (!shippingProfileId) {
    const profiles = await container
      .resolve(Modules.FULFILLMENT)
      .listShippingProfiles({}, { select: ["id", "name", "type"] })
    shippingProfileId =
      (profiles.find((p) => p.type === "default") ??
        profiles.find((p) => /default/i.test(p.name)))?.id ?? null
  }
  return { salesChannelIds, shippingProfileId }
}

/** Ids of the batch's tags, creating the missing ones through Medusa's workflow. */
export async function resolveTagIds(
  container: MedusaContainer,
  products: FeedProduct[]
): Promise<Map<string, string>> {
  const values = [...new Set(products.flatMap((p) => p.tags ?? []))]
  if (!values.length) {
    return new Map()
  }
  const productModule = container.resolve(Modules.PRODUCT)
  const existing = await productModule.listProductTags(
    { value: values },
    { select: ["id", "value"] }
  )
  const ids = new Map(existing.map((t) => [t.value, t.id]))
  const missing = values.filter((v) => !ids.has(v))
  if (missing.length) {
    try {
      const { result } = await createProductTagsWorkflow(container).run({
        input: { product_tags: missing.map((value) => ({ value })) },
      })
      result.forEach((t) => ids.set(t.value, t.id))
    } catch (e) {
      // Another source's run may have created some of them meanwhile: read
      // again; only what is still missing is an error.
      const again = await productModule.listProductTags({ value: missing }, { select: ["id", "value"] })
      again.forEach((t) => ids.set(t.value, t.id))
      if (missing.some((v) => !ids.has(v))) throw e
    }
  }
  return ids
}
