import { SourceError } from "../types"
import { isRemote, withoutPassword } from "./remote/remote-url"

export const isHttp = (location: string) => /^https?:\/\//i.test(location)

const SECRET_PARAM = /token|key|secret|sig|auth|pass|credential/i
const MASK = "***"

/**
 * A location as it may appear in messages, checkpoints and API responses: no
 * credentials, and the values of secret-looking query parameters masked
 * (`?page=3&api_key=***`), so a page stays recognisable without leaking.
 */
export function describeLocation(location: string): string {
  if (isRemote(location)) return withoutPassword(location)
  if (!isHttp(location)) return location
  try {
    const url = new URL(location)
    url.username = ""
    url.password = ""
    for (const name of [...url.searchParams.keys()]) {
      if (SECRET_PARAM.test(name)) url.searchParams.set(name, MASK)
    }
    return url.toString().replace(/%2A%2A%2A/g, MASK)
  } catch {
    return "<invalid url>"
  }
}

/**
 * A page as a checkpoint stores it: no credentials, and masked only the
 * query parameters the configured URL carries (its key, its token), which
 * `restoreSecrets` puts back. A cursor the feed's own links carry
 * (`pageToken=…`, `NextToken=…`, `sort_key=…`) is the page itself: kept.
 */
export function checkpointLocation(location: string, configured: string): string {
  if (isRemote(location)) return withoutPassword(location)
  if (!isHttp(location) || !isHttp(configured)) return location
  const url = new URL(location)
  const config = new URL(configured)
  url.username = ""
  url.password = ""
  if (url.origin === config.origin) {
    for (const name of [...url.searchParams.keys()]) {
      if (config.searchParams.has(name) && SECRET_PARAM.test(name)) url.searchParams.set(name, MASK)
    }
  }
  return url.toString().replace(/%2A%2A%2A/g, MASK)
}

/**
 * The URL to fetch for a checkpoint page, which is stored without secrets:
 * masked query values come back from the configured URL (its current
 * value, so a rotated key works on resume). Credentials are not needed here:
 * the transport adds them for the configured origin.
 */
export function restoreSecrets(page: string, configured: string): string {
  if (!isHttp(page)) return page
  const url = new URL(page)
  const config = new URL(configured)
  for (const [name, value] of [...url.searchParams.entries()]) {
    if (value !== MASK) continue
    const secret = url.origin === config.origin ? config.searchParams.get(name) : null
    if (secret === null) {
      throw new SourceError(
        `the checkpoint page ${page} needs the secret query parameter "${name}", which the source's configured URL no longer has`,
        false
      )
    }
    url.searchParams.set(name, secret)
  }
  return url.toString()
}
