import { model } from "@medusajs/framework/utils"

/**
 * The ledger: which product an item of a source became, and the hash of the
 * content last written. The product table's `external_id` has no index, so
 * matching goes through this table's unique (source, external_id).
 */
export const SyncItem = model
  .define("sync_item", {
    id: model.id({ prefix: "psitem" }).primaryKey(),
    source: model.text(),
    external_id: model.text(),
    product_id: model.text(),
    hash: model.text(),
    last_run_id: model.text(),
    synced_at: model.dateTime(),
    /** The run (the first of a resumed chain) that last met the item in the feed. */
    seen_in: model.text().nullable(),
    seen_at: model.dateTime().nullable(),
    /** "draft" once the product was drafted for leaving the feed; cleared when it comes back. */
    missing_action: model.text().nullable(),
    /** Per field, a hash of the value the sync last wrote (see mergeFields): a field the feed did not change is not written again. */
    fields: model.json().nullable(),
    /** Fields the feed and the store both changed, as the last write that met them found them. */
    conflicts: model.json().nullable(),
    /** Set when an admin stopped syncing the product: every run skips it, and none removes it. */
    locked_at: model.dateTime().nullable(),
    locked_by: model.text().nullable(),
  })
  .indexes([
    {
      name: "IDX_sync_item_source_external_id",
      on: ["source", "external_id"],
      unique: true,
    },
    // The product page asks which source a product comes from.
    { name: "IDX_sync_item_product_id", on: ["product_id"] },
  ])
