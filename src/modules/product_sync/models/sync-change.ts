import { model } from "@medusajs/framework/utils"

/**
 * What one run changed (a dry run: would change) of one product: the run's
 * change log, one row per changed product, pruned with its run. `changed`
 * names the fields (and `prices`, `stock`, `variants`) for filters and the
 * summary; `risks` the flags (see SyncChangeRisk).
 */
export const SyncChange = model
  .define("sync_change", {
    id: model.id({ prefix: "pschg" }).primaryKey(),
    run_id: model.text(),
    source: model.text(),
    external_id: model.text(),
    product_id: model.text().nullable(),
    title: model.text(),
    action: model.enum(["create", "update", "draft", "remove"]),
    fields: model.json().nullable(),
    variants: model.json().nullable(),
    prices: model.json().nullable(),
    stock: model.json().nullable(),
    changed: model.json(),
    risks: model.json(),
  })
  .indexes([
    { name: "IDX_sync_change_run_external", on: ["run_id", "external_id"] },
    { name: "IDX_sync_change_product", on: ["product_id"] },
  ])
