import { validateFeedProduct } from "../feed/feed-product"
import type { FeedProduct } from "../feed/feed-product"
import type { ResolvedProductSyncOptions } from "../types"
import { createSource } from "."

export type PreviewError = { record: number | null; external_id: string | null; message: string }
export type SourcePreview = { products: FeedProduct[]; errors: PreviewError[]; skipped: number }

/** A preview reads the upstream feed with the source's credentials: bounded in time as well as records. */
export const PREVIEW_TIMEOUT_MS = 30_000

/**
 * The first `limit` records of a source, read, mapped and validated exactly
 * as a run would, with nothing written: how an admin checks a mapping.
 * Reading stops when `signal` aborts (the client went away) or after
 * PREVIEW_TIMEOUT_MS, with one attempt per request.
 */
export async function previewSource(name: string, options: ResolvedProductSyncOptions, limit: number, signal?: AbortSignal): Promise<SourcePreview> {
  const source = createSource(name, { ...options, requestAttempts: 1 })
  const preview: SourcePreview = { products: [], errors: [], skipped: 0 }
  const bounded = AbortSignal.any([AbortSignal.timeout(PREVIEW_TIMEOUT_MS), ...(signal ? [signal] : [])])
  try {
    let records = 0
    for await (const chunk of source.read({ from: null, chunkSize: limit, signal: bounded })) {
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
