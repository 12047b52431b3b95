import { model } from "@medusajs/framework/utils"

/** One item that could not be synced in a run, by the feed's external id. */
export const SyncRunError = model
  .define("sync_run_error", {
    id: model.id({ prefix: "psrerr" }).primaryKey(),
    run_id: model.text().index("IDX_sync_run_error_run_id"),
    external_id: model.text().nullable(),
    message: model.text(),
  })
