import type { MedusaContainer } from "@medusajs/framework/types"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"

/** Every minute: a running run without a recent heartbeat becomes `interrupted`. */
export default async function reapStaleSyncRuns(container: MedusaContainer) {
  await container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE).interruptStaleRuns()
}

export const config = {
  name: "product-sync-reap-stale-runs",
  schedule: "* * * * *",
}
