import { lookup } from "node:dns/promises"
import { BlockList, isIP } from "node:net"
import { Readable } from "node:stream"
import type { ReadableStream as WebReadableStream } from "node:stream/web"
import { MedusaError } from "@medusajs/framework/utils"

export type DownloadedImage = { content: Buffer; mimeType: string; filename: string }

export type DownloadLimits = {
  maxBytes: number
  timeoutMs: number
  /** Hosts the source was configured with (its URL's, `allowedHosts`): fetched whatever their address. */
  trustedHosts: string[]
}

/** Why an image keeps its source URL; `retryable`: another run may fetch it (a timeout, a 5xx). */
export class ImageRefused extends MedusaError {
  constructor(
    why: string,
    readonly retryable = false
  ) {
    super(MedusaError.Types.INVALID_DATA, why)
  }
}

const MAX_REDIRECTS = 5

/** Raster types only, told by their first bytes: an SVG or a page served as `image/*` could carry script. */
const SIGNATURES: { type: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { type: "image/png", ext: "png", test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: "image/jpeg", ext: "jpg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: "image/gif", ext: "gif", test: (b) => b.subarray(0, 4).toString("latin1") === "GIF8" },
  { type: "image/webp", ext: "webp", test: (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP" },
  { type: "image/avif", ext: "avif", test: (b) => b.subarray(4, 8).toString("latin1") === "ftyp" && /^avi[fs]$/.test(b.subarray(8, 12).toString("latin1")) },
]

// Addresses a feed must not make the server fetch from (its own network), unless the admin configured the host.
const PRIVATE = new BlockList()
for (const [net, prefix] of [["0.0.0.0", 8], ["10.0.0.0", 8], ["100.64.0.0", 10], ["127.0.0.0", 8], ["169.254.0.0", 16], ["172.16.0.0", 12], ["192.168.0.0", 16], ["198.18.0.0", 15], ["224.0.0.0", 3]] as const) {
  PRIVATE.addSubnet(net, prefix, "ipv4")
}
for (const [net, prefix] of [["::", 127], ["fc00::", 7], ["fe80::", 10], ["ff00::", 8]] as const) PRIVATE.addSubnet(net, prefix, "ipv6")
const isPrivate = (address: string) => {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1]
  return mapped ? PRIVATE.check(mapped, "ipv4") : PRIVATE.check(address, isIP(address) === 6 ? "ipv6" : "ipv4")
}

/**
 * One image of a feed, fetched under the rules of a page fetch: http(s)
 * only, no credentials, redirects checked hop by hop, hosts other than the
 * source's own only on public addresses, a time limit, at most `maxBytes`
 * (told by Content-Length or counted while reading), and a raster image by
 * its bytes, whatever the Content-Type says. Throws ImageRefused.
 */
export async function downloadImage(url: string, limits: DownloadLimits): Promise<DownloadedImage> {
  const signal = AbortSignal.timeout(limits.timeoutMs)
  let current = url
  for (let hop = 0; ; hop++) {
    const target = await checkedUrl(current, limits)
    let response: Response
    try {
      response = await fetch(target, { headers: { accept: "image/avif,image/webp,image/png,image/jpeg,image/gif" }, redirect: "manual", signal })
    } catch (e) {
      throw new ImageRefused(signal.aborted ? `no answer within ${limits.timeoutMs} ms` : ((e as { cause?: Error }).cause?.message ?? (e as Error).message), true)
    }
    if (response.status >= 300 && response.status < 400 && response.headers.get("location")) {
      await response.body?.cancel().catch(() => undefined)
      if (hop >= MAX_REDIRECTS) throw new ImageRefused(`more than ${MAX_REDIRECTS} redirects`)
      current = new URL(response.headers.get("location")!, target).toString()
      continue
    }
    return await readImage(response, target, limits, signal)
  }
}

async function checkedUrl(url: string, { trustedHosts }: DownloadLimits): Promise<URL> {
  if (!/^https?:\/\//i.test(url) || !URL.canParse(url)) throw new ImageRefused("not an http(s) URL")
  const parsed = new URL(url)
  parsed.username = ""
  parsed.password = ""
  const host = parsed.hostname.replace(/^\[|\]$/g, "").toLowerCase()
  if (trustedHosts.includes(host)) return parsed
  const addresses = isIP(host) ? [{ address: host }] : await lookup(host, { all: true }).catch(() => [])
  if (!addresses.length) throw new ImageRefused(`the host ${host} cannot be resolved`, true)
  if (addresses.some((a) => isPrivate(a.address))) throw new ImageRefused(`the host ${host} is on a private network (list it in the source's "allowedHosts" to fetch it)`)
  return parsed
}

async function readImage(response: Response, url: URL, { maxBytes, timeoutMs }: DownloadLimits, signal: AbortSignal): Promise<DownloadedImage> {
  const cancel = () => response.body?.cancel().catch(() => undefined)
  if (!response.ok || !response.body) {
    await cancel()
    throw new ImageRefused(`HTTP ${response.status}`, response.status >= 500 || response.status === 429)
  }
  const told = Number(response.headers.get("content-length") ?? NaN)
  if (told > maxBytes) {
    await cancel()
    throw new ImageRefused(`${told} bytes, more than maxImageBytes (${maxBytes})`)
  }
  const chunks: Buffer[] = []
  let size = 0
  try {
    for await (const chunk of Readable.fromWeb(response.body as unknown as WebReadableStream)) {
      size += (chunk as Buffer).length
      if (size > maxBytes) throw new ImageRefused(`more than ${maxBytes} bytes (maxImageBytes)`)
      chunks.push(chunk as Buffer)
    }
  } catch (e) {
    await cancel()
    if (e instanceof ImageRefused) throw e
    throw new ImageRefused(signal.aborted ? `no answer within ${timeoutMs} ms` : (e as Error).message, true)
  }
  const content = Buffer.concat(chunks)
  const kind = SIGNATURES.find((s) => s.test(content))
  if (!kind) throw new ImageRefused(`not a PNG, JPEG, GIF, WebP or AVIF image (Content-Type ${response.headers.get("content-type")?.split(";")[0] || "none"})`)
  return { content, mimeType: kind.type, filename: filenameOf(url, kind.ext) }
}

/** The URL's last path segment made safe for a file name, with the extension of the type its bytes show. */
function filenameOf(url: URL, ext: string): string {
  const base = decodeURIComponent(url.pathname.split("/").pop() ?? "")
    .replace(/\.[a-z0-9]{1,5}$/i, "")
    .replace(/[^\w-]+/g, "-")
    .slice(-100)
  return `${base || "image"}.${ext}`
}
