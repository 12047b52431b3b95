import type { MedusaContainer } from "@medusajs/framework/types"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"

/** Daily: keep the newest `keepRuns` finished runs per source, and every resumable one. */
export default async function pruneSyncRuns(container: MedusaContainer) {
  await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).pruneRuns()
}

export const config = {
  name: "product-sync-prune-runs",
  schedule: "30 3 * * *",
}
