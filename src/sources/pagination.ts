import type { PaginationOptions } from "../types"
import type { LinkPolicy } from "./transport"

/** What one fetched page tells about the next. */
export type PageResult = {
  url: string
  /** Records the page held (before grouping). */
  records: number
  total: number | null
  /** The body's next link (`type: "next"`) or cursor token (`type: "cursor"`). */
  next: string | null
  /** The response's Link header, for `type: "link-header"`. */
  link: string | null
}

/** How a source goes from one page to the next. */
export interface Paginator {
  /** The first page's URL, from the configured one. */
  first(url: string): string
  /** The next page's URL, or null when the feed ends with `page`. */
  next(page: PageResult): string | null
}

export function createPaginator(options: PaginationOptions | undefined, policy: LinkPolicy): Paginator {
  switch (options?.type) {
    case "link-header":
      return {
        first: (url) => url,
        next: (page) => {
          const next = page.link ? nextOfLinkHeader(page.link) : null
          return next ? policy.resolve(next, page.url) : null
        },
      }
    case "offset": {
      const { limit, limitParam = "limit", offsetParam = "offset" } = options
      return {
        first: (url) => withParams(url, { [limitParam]: limit, [offsetParam]: param(url, offsetParam) ?? 0 }),
        next: (page) => {
          const offset = (param(page.url, offsetParam) ?? 0) + page.records
          // A short page is the last one, whatever `total` says (APIs that cap `limit`
          // answer short pages too, but then they tell `total`).
          const more = page.total !== null ? offset < page.total && page.records > 0 : page.records >= limit
          return more ? withParams(page.url, { [offsetParam]: offset }) : null
        },
      }
    }
    case "page": {
      const { size, sizeParam, pageParam = "page", first = 1 } = options
      return {
        first: (url) => withParams(url, { [pageParam]: param(url, pageParam) ?? first, ...(size && sizeParam ? { [sizeParam]: size } : {}) }),
        next: (page) => {
          const more = page.records > 0 && (!size || page.records >= size)
          return more ? withParams(page.url, { [pageParam]: (param(page.url, pageParam) ?? first) + 1 }) : null
        },
      }
    }
    case "cursor": {
      const { param: name } = options
      return {
        first: (url) => url,
        // The token goes into the page's own URL: the checkpoint is that URL, so a resume asks for the same page.
        next: (page) => (page.next ? withParams(page.url, { [name]: page.next }) : null),
      }
    }
    default:
      return {
        first: (url) => url,
        next: (page) => (page.next ? policy.resolve(page.next, page.url) : null),
      }
  }
}

const param = (url: string, name: string): number | null => {
  const value = new URL(url).searchParams.get(name)
  return value !== null && /^\d+$/.test(value) ? Number(value) : null
}

function withParams(url: string, params: Record<string, number | string>): string {
  const u = new URL(url)
  for (const [name, value] of Object.entries(params)) u.searchParams.set(name, String(value))
  return u.toString()
}

/** The `rel="next"` target of an RFC 8288 Link header, e.g. Shopify's `<…page_info=…>; rel="next"`. */
export function nextOfLinkHeader(header: string): string | null {
  for (const match of header.matchAll(/<([^>]*)>((?:\s*;\s*[^;,]+)*)/g)) {
    const rel = /;\s*rel\s*=\s*"?([^";]+)"?/i.exec(match[2])?.[1]
    if (rel && rel.toLowerCase().split(/\s+/).includes("next")) return match[1]
  }
  return null
}
