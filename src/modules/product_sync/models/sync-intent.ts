import { model } from "@medusajs/framework/utils"

/**
 * A create about to happen: written (and committed) before the product
 * workflow runs, removed with the batch's ledger commit. A crash between the
 * two leaves it behind, and it is what lets the next run adopt exactly the
 * product this source created — found by its handle — and nothing else.
 */
export const SyncIntent = model
  .define("sync_intent", {
    id: model.id({ prefix: "psint" }).primaryKey(),
    source: model.text(),
    external_id: model.text(),
    handle: model.text(),
    run_id: model.text(),
  })
  .indexes([{ name: "IDX_sync_intent_source_external_id", on: ["source", "external_id"], unique: true }])
