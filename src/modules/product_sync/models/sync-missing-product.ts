import { model } from "@medusajs/framework/utils"

/**
 * A product that a run found missing from the feed: drafted, deleted, or
 * held by the safety breaker for an admin to apply. Rows, not a list in the
 * run's JSON: a removal of 100,000 products must not ride along every status
 * poll and run list.
 */
export const SyncMissingProduct = model.define("sync_missing_product", {
  id: model.id({ prefix: "psmiss" }).primaryKey(),
  run_id: model.text().index("IDX_sync_missing_product_run_id"),
  external_id: model.text(),
  product_id: model.text(),
})
