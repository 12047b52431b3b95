import { createHash } from "node:crypto"
import type { SqlEntityManager } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { rows } from "./rows"

// sync_image: images re-hosted in the File module, by the sha1 of their source URL.

const urlHash = (url: string) => createHash("sha1").update(url).digest("hex")

const REHOSTED_IMAGES = `
select source_url, url from sync_image
where deleted_at is null and url_hash in (select jsonb_array_elements_text(?::jsonb))`

const RECORD_REHOSTED_IMAGE = `
insert into sync_image (id, url_hash, source_url, file_id, url) values (?, ?, ?, ?, ?)
on conflict (url_hash) where deleted_at is null do nothing`

export async function rehostedImages(manager: SqlEntityManager, sourceUrls: string[]): Promise<Map<string, string>> {
  if (!sourceUrls.length) return new Map()
  const found = rows<{ source_url: string; url: string }>(await manager.execute(REHOSTED_IMAGES, [JSON.stringify(sourceUrls.map(urlHash))]))
  return new Map(found.map((r) => [r.source_url, r.url]))
}

/** One another run recorded first wins (both files stay valid). */
export async function recordRehostedImages(manager: SqlEntityManager, images: { source_url: string; file_id: string; url: string }[]): Promise<void> {
  for (const image of images) {
    await manager.execute(RECORD_REHOSTED_IMAGE, [generateEntityId(undefined, "psimg"), urlHash(image.source_url), image.source_url, image.file_id, image.url])
  }
}
