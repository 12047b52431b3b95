import { model } from "@medusajs/framework/utils"

/**
 * An alert that was sent: the unique key makes each one go out once, however
 * many instances see its cause (a run's end delivered twice, every worker's
 * staleness check).
 */
export const SyncAlert = model
  .define("sync_alert", {
    id: model.id({ prefix: "psalert" }).primaryKey(),
    source: model.text(),
    kind: model.text(),
    /** What the alert is about: the run id, or for `stale` the last success it is measured from. */
    key: model.text(),
  })
  .indexes([{ name: "IDX_sync_alert_source_kind_key", on: ["source", "kind", "key"], unique: true }])
