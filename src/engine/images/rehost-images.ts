import { uploadFilesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../../modules/product_sync/service"
import type { FeedProduct } from "../feed-product"
import type { NestedRun } from "../nested-run"
import { type DownloadedImage, downloadImage, type DownloadLimits } from "./download-image"

const CONCURRENCY = 4
/** A run's note names this many failed images at most, and counts the rest. */
const NOTED = 5

/**
 * `images: "rehost"`: a product's image URLs become copies kept by Medusa's
 * File module, so they outlive the store they came from. Each source URL is
 * downloaded once (the module remembers it across runs and sources); an image
 * that cannot be fetched keeps its source URL and is counted in `failures`
 * for the run's note — a warning, not an item error.
 */
export class ImageRehoster {
  /** Why each image that keeps its source URL could not be fetched, by URL. */
  readonly failures = new Map<string, string>()

  constructor(
    private readonly container: MedusaContainer,
    private readonly service: ProductSyncModuleService,
    private readonly limits: DownloadLimits
  ) {}

  /** The products with their http(s) images and thumbnails re-hosted. */
  async rehost(products: FeedProduct[], nested: NestedRun): Promise<FeedProduct[]> {
    const urls = [...new Set(products.flatMap((p) => [p.thumbnail, ...(p.images ?? [])]).filter((u): u is string => !!u && /^https?:\/\//i.test(u)))]
    if (!urls.length) return products
    const hosted = await this.service.rehostedImages(urls)
    const missing = urls.filter((u) => !hosted.has(u))
    const downloaded: { url: string; image: DownloadedImage }[] = []
    await eachLimited(missing, CONCURRENCY, async (url) => {
      try {
        downloaded.push({ url, image: await downloadImage(url, this.limits) })
      } catch (e) {
        this.failures.set(url, (e as Error).message)
      }
    })
    if (downloaded.length) {
      const { result: files } = await uploadFilesWorkflow(this.container).run({
        input: { files: downloaded.map(({ image }) => ({ filename: image.filename, mimeType: image.mimeType, content: image.content.toString("base64"), access: "public" as const })) },
        context: nested,
      })
      const records = downloaded.map(({ url }, i) => ({ source_url: url, file_id: files[i].id, url: files[i].url }))
      await this.service.recordRehostedImages(records)
      for (const r of records) hosted.set(r.source_url, r.url)
    }
    const moved = (u: string) => hosted.get(u) ?? u
    return products.map((p) => ({
      ...p,
      ...(p.images ? { images: p.images.map(moved) } : {}),
      ...(p.thumbnail ? { thumbnail: moved(p.thumbnail) } : {}),
    }))
  }

  /** What the run's note says about the images that keep their source URL; null when none. */
  note(): string | null {
    const count = this.failures.size
    if (!count) return null
    const named = [...this.failures].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, NOTED).map(([url, why]) => `${url}: ${why}`)
    const more = count > NOTED ? `; and ${count - NOTED} more` : ""
    return `${count} image${count > 1 ? "s" : ""} could not be re-hosted and keep${count > 1 ? "" : "s"} the source's URL: ${named.join("; ")}${more}`
  }
}

/** Runs `work` for every item, at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++])
  }))
}
