import { Readable } from "node:stream"
import { MedusaError } from "@medusajs/framework/utils"
import type { ReadableStream as WebReadableStream } from "node:stream/web"

export type DownloadedImage = { content: Buffer; mimeType: string; filename: string }

export type DownloadLimits = { maxBytes: number; timeoutMs: number }

/** Why an image keeps its source URL (the run's note says it). */
const refused = (why: string) => new MedusaError(MedusaError.Types.INVALID_DATA, why)

const EXTENSIONS: Record<string, string> = { "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/avif": "avif", "image/svg+xml": "svg" }

/**
 * One image of a feed, fetched under the rules of a page fetch: http(s)
 * only, no credentials, a time limit, at most `maxBytes` (told by
 * Content-Length or counted while reading), and an image Content-Type.
 * Throws with the reason a run reports.
 */
export async function downloadImage(url: string, { maxBytes, timeoutMs }: DownloadLimits): Promise<DownloadedImage> {
  if (!/^https?:\/\//i.test(url)) throw refused("not an http(s) URL")
  const parsed = new URL(url)
  parsed.username = ""
  parsed.password = ""
  const signal = AbortSignal.timeout(timeoutMs)
  let response: Response
  try {
    response = await fetch(parsed, { headers: { accept: "image/*" }, signal })
  } catch (e) {
    throw refused(signal.aborted ? `no answer within ${timeoutMs} ms` : ((e as { cause?: Error }).cause?.message ?? (e as Error).message))
  }
  const cancel = () => response.body?.cancel().catch(() => undefined)
  if (!response.ok || !response.body) {
    await cancel()
    throw refused(`HTTP ${response.status}`)
  }
  const mimeType = (response.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase()
  if (!mimeType.startsWith("image/")) {
    await cancel()
    throw refused(`not an image (Content-Type ${mimeType || "none"})`)
  }
  const told = Number(response.headers.get("content-length") ?? NaN)
  if (told > maxBytes) {
    await cancel()
    throw refused(`${told} bytes, more than maxImageBytes (${maxBytes})`)
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of Readable.fromWeb(response.body as unknown as WebReadableStream)) {
      size += (chunk as Buffer).length
      if (size > maxBytes) throw refused(`more than ${maxBytes} bytes (maxImageBytes)`)
      chunks.push(chunk as Buffer)
    }
  } catch (e) {
    await cancel()
    throw refused(signal.aborted ? `no answer within ${timeoutMs} ms` : (e as Error).message)
  }
  return { content: Buffer.concat(chunks), mimeType, filename: filenameOf(parsed, mimeType) }
}

/** The URL's last path segment, made safe for a file name, with an extension that fits the type. */
function filenameOf(url: URL, mimeType: string): string {
  const base = decodeURIComponent(url.pathname.split("/").pop() ?? "").replace(/[^\w.-]+/g, "-").slice(-100) || "image"
  const ext = EXTENSIONS[mimeType]
  return ext && !base.toLowerCase().endsWith(`.${ext}`) && !/\.(jpe?g|png|gif|webp|avif|svg)$/i.test(base) ? `${base}.${ext}` : base
}
