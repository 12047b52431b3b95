import { LinkPolicy } from "./link-policy"
import { isHttp } from "./location"
import { OpenedPage, openLocation, RedirectError, Validators } from "./open-location"
import { SourceError } from "../types"
import { FileDrop, type FileDropConfig } from "./remote/file-drop"
import { isRemote } from "./remote/remote-url"

export { checkpointLocation, describeLocation, isHttp, restoreSecrets } from "./location"
export { LinkPolicy } from "./link-policy"
export type { OpenedPage, Validators } from "./open-location"

export { FileDrop } from "./remote/file-drop"

export type TransportConfig = FileDropConfig & {
  headers?: Record<string, string>
  allowedHosts?: string[]
}

const MAX_REDIRECTS = 5

/**
 * Fetches the pages of one source. The configured headers and the URL's
 * credentials (as Basic auth) go to the configured origin only; redirects
 * are links and pass the same policy as a feed's `next`. An sftp:// or
 * ftp(s):// source's pages are the files of its drop.
 */
export class Transport {
  readonly policy: LinkPolicy
  /** The SFTP/FTP folder of a remote source; null for http(s) and local files. */
  readonly drop: FileDrop | null
  private readonly trustedHeaders: Record<string, string>

  constructor(private readonly config: TransportConfig) {
    this.policy = new LinkPolicy(config.url, config.allowedHosts)
    this.drop = isRemote(config.url) ? new FileDrop(config) : null
    this.trustedHeaders = { ...basicAuthOf(config.url), ...config.headers }
  }

  async open(
    location: string,
    options: { signal?: AbortSignal; conditional?: Validators | null } = {}
  ): Promise<OpenedPage> {
    if (this.drop) return { body: await this.drop.open(location), headers: null, notModified: false }
    let current = location
    for (let hop = 0; ; hop++) {
      try {
        return await openLocation(current, {
          ...options,
          headers: this.policy.isTrusted(current) ? this.trustedHeaders : {},
          timeoutMs: this.config.timeoutMs,
          pageTimeoutMs: this.config.pageTimeoutMs,
        })
      } catch (e) {
        if (!(e instanceof RedirectError) || !e.to) throw e
        if (hop >= MAX_REDIRECTS) throw new SourceError(`${e.message}: more than ${MAX_REDIRECTS} redirects`, false)
        current = this.policy.resolve(e.to, current)
      }
    }
  }
}

function basicAuthOf(location: string): Record<string, string> {
  if (!isHttp(location)) return {}
  const url = new URL(location)
  if (!url.username && !url.password) return {}
  const pair = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
  return { authorization: `Basic ${Buffer.from(pair).toString("base64")}` }
}
