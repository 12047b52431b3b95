import type { MedusaContainer } from "@medusajs/framework/types"
import { reapAndAnnounce } from "../engine/announce"

/** Every minute: a running run without a recent heartbeat becomes `interrupted`. */
export default async function reapStaleSyncRuns(container: MedusaContainer) {
  await reapAndAnnounce(container)
}

export const config = {
  name: "product-sync-reap-stale-runs",
  schedule: "* * * * *",
}
