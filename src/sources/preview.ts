import { validateFeedProduct } from "../engine/feed-product"
import type { FeedProduct } from "../engine/feed-product"
import type { ResolvedProductSyncOptions } from "../types"
import { createSource } from "."

export type PreviewError = { record: number | null; external_id: string | null; message: string }
export type SourcePreview = { products: FeedProduct[]; errors: PreviewError[]; skipped: number }

/**
 * The first `limit` records of a source, read, mapped and validated exactly
 * as a run would, with nothing written: how an admin checks a mapping.
 */
export async function previewSource(name: string, options: ResolvedProductSyncOptions, limit: number): Promise<SourcePreview> {
  const source = createSource(name, options)
  const preview: SourcePreview = { products: [], errors: [], skipped: 0 }
  try {
    let records = 0
    for await (const chunk of source.read({ from: null, chunkSize: limit })) {
      for (const item of chunk.items.filter((i) => i.index < limit)) {
        const record = item.index + 1
        if (item.skipped) preview.skipped++
        else if (item.error !== undefined) preview.errors.push({ record, external_id: item.id, message: item.error })
        else {
          const checked = validateFeedProduct(item.product)
          if (checked.ok) preview.products.push(checked.product)
          else preview.errors.push({ record, external_id: checked.external_id ?? item.id, message: checked.message })
        }
      }
      records += chunk.records
      if (records >= limit) break // pages may be shorter than the preview
    }
  } catch (e) {
    preview.errors.push({ record: null, external_id: null, message: `the source could not be read: ${(e as Error).message}` })
  }
  return preview
}
