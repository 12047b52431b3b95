import path from "node:path"
import { SourceError } from "../types"
import { describeLocation, isHttp } from "./location"

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i

/**
 * Which links a source may follow. A feed is untrusted input: its `next`
 * links, Link headers and page URLs must not turn a sync into a way to read
 * local files or to send the configured credentials to another host.
 */
export class LinkPolicy {
  private readonly origin: string | null
  private readonly allowed: Set<string>

  constructor(
    private readonly configured: string,
    allowedHosts: string[] = []
  ) {
    this.origin = isHttp(configured) ? new URL(configured).origin : null
    this.allowed = new Set(allowedHosts.map((h) => h.toLowerCase()))
  }

  /** Resolves `link`, found on `page`, and refuses what the source may not open. */
  resolve(link: string, page: string): string {
    const refuse = (why: string) =>
      new SourceError(`refusing to follow the link "${describeLocation(link)}" found on ${describeLocation(page)}: ${why}`, false)
    if (!this.origin) {
      // A file source reads files only: a URL in a local feed was not configured.
      if (HAS_SCHEME.test(link)) throw refuse("a file source only follows relative or absolute file paths")
      return path.resolve(path.dirname(page), link)
    }
    let url: URL
    try {
      url = new URL(link, page)
    } catch {
      throw refuse("it is not a valid URL")
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw refuse(`only http(s) links are followed, not ${url.protocol}`)
    }
    if (!this.isTrusted(url) && !this.allowed.has(url.host.toLowerCase()) && !this.allowed.has(url.hostname.toLowerCase())) {
      throw refuse(`it leaves ${this.origin}; list its host in the source's "allowedHosts" to follow it`)
    }
    return url.toString()
  }

  /** Configured headers and credentials go to the configured origin only. */
  isTrusted(location: string | URL): boolean {
    if (!this.origin) return true
    try {
      return new URL(location).origin === this.origin
    } catch {
      return false
    }
  }

  get configuredUrl(): string {
    return this.configured
  }
}
