import { uploadFilesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { describeLocation } from "../../../../sources/transport/location"
import type { FeedProduct } from "../../../../feed/feed-product"
import type { NestedRun } from "../nested-run"
import { downloadImage, type DownloadLimits, ImageRefused } from "./download-image"

const CONCURRENCY = 4
/** A run's note names this many failed images at most, and counts the rest. */
const NOTED = 5

export type Rehosted = {
  products: FeedProduct[]
  /** External ids of products with an image another run may still fetch (a timeout, a 5xx): to be synced again. */
  retry: string[]
}

/**
 * `images: "rehost"`: a product's image URLs become copies kept by Medusa's
 * File module, so they outlive the store they came from. Each source URL is
 * downloaded once (the module remembers it across runs and sources); an image
 * that cannot be fetched keeps its source URL and is named in the run's note
 * — a warning, not an item error. Images are fetched, checked and uploaded
 * one by one, four at a time: a batch never holds more than four in memory.
 */
export class ImageRehoster {
  /** Why each image that keeps its source URL could not be fetched, by URL. */
  private readonly failures = new Map<string, ImageRefused>()

  constructor(
    private readonly container: MedusaContainer,
    private readonly service: ProductSyncModuleService,
    private readonly limits: DownloadLimits
  ) {}

  /**
   * The products with their http(s) images and thumbnails re-hosted. With no
   * `nested` run (a dry run's plan, a preview) nothing is downloaded: URLs
   * copied before are swapped, the others stay as the feed gives them.
   */
  async rehost(products: FeedProduct[], nested: NestedRun | null): Promise<Rehosted> {
    const urlsOf = (p: FeedProduct) => [p.thumbnail, ...(p.images ?? [])].filter((u): u is string => !!u && /^https?:\/\//i.test(u))
    const urls = [...new Set(products.flatMap(urlsOf))]
    if (!urls.length) return { products, retry: [] }
    const hosted = await this.service.rehostedImages(urls)
    // An image that failed earlier in this run is not fetched again by every batch that names it.
    const missing = nested ? urls.filter((u) => !hosted.has(u) && !this.failures.has(u)) : []
    await eachLimited(missing, CONCURRENCY, async (url) => {
      try {
        const image = await downloadImage(url, this.limits)
        const { result } = await uploadFilesWorkflow(this.container).run({
          input: { files: [{ filename: image.filename, mimeType: image.mimeType, content: image.content.toString("base64"), access: "public" }] },
          context: nested ?? undefined,
        })
        await this.service.recordRehostedImages([{ source_url: url, file_id: result[0].id, url: result[0].url }])
        hosted.set(url, result[0].url)
      } catch (e) {
        this.failures.set(url, e instanceof ImageRefused ? e : new ImageRefused(`the File module refused it: ${(e as Error).message}`, true))
      }
    })
    const moved = (u: string) => hosted.get(u) ?? u
    return {
      products: products.map((p) => ({
        ...p,
        ...(p.images ? { images: p.images.map(moved) } : {}),
        ...(p.thumbnail ? { thumbnail: moved(p.thumbnail) } : {}),
      })),
      retry: products.filter((p) => urlsOf(p).some((u) => this.failures.get(u)?.retryable)).map((p) => p.external_id),
    }
  }

  /** What the run's note says about the images that keep their source URL; null when none. */
  note(): string | null {
    const count = this.failures.size
    if (!count) return null
    const named = [...this.failures]
      .map(([url, why]) => [describeLocation(url), why.message])
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, NOTED)
      .map(([url, why]) => `${url}: ${why}`)
    const more = count > NOTED ? `; and ${count - NOTED} more` : ""
    return `${count} image${count > 1 ? "s" : ""} could not be re-hosted and keep${count > 1 ? "" : "s"} the source's URL: ${named.join("; ")}${more}`
  }
}

/** Runs `work` for every item, at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++])
    })
  )
}
