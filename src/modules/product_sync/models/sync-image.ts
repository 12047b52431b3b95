import { model } from "@medusajs/framework/utils"

/**
 * An image a source linked to, downloaded once and kept by Medusa's File
 * module (`images: "rehost"`): the same source URL is never fetched again,
 * by any run of any source.
 */
export const SyncImage = model
  .define("sync_image", {
    id: model.id({ prefix: "psimg" }).primaryKey(),
    /** sha1 of `source_url`: a URL may be longer than an index row. */
    url_hash: model.text(),
    source_url: model.text(),
    /** The File module's file and its URL, as products get it. */
    file_id: model.text(),
    url: model.text(),
  })
  .indexes([{ name: "IDX_sync_image_url_hash", on: ["url_hash"], unique: true }])
