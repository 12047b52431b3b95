import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { FeedSourceOptions } from "../../../types"
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
