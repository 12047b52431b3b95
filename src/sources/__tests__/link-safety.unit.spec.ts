import fs from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import os from "node:os"
import path from "node:path"
import { FeedSource } from "../feed-source"
import { nextOfLinkHeader } from "../pagination"
import { LinkPolicy } from "../transport"

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

/** A throwaway HTTP server on 127.0.0.1; `seen` records each request's URL and headers. */
async function serve(handler: Handler) {
  const seen: { url: string; headers: http.IncomingHttpHeaders }[] = []
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", headers: req.headers })
    handler(req, res)
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const port = (server.address() as AddressInfo).port
  return { seen, port, close: () => new Promise((r) => server.close(r)) }
}

const readAll = async (source: FeedSource) => {
  const products: unknown[] = []
  for await (const chunk of source.read({ from: null, chunkSize: 10 })) products.push(...chunk.items.map((i) => i.product))
  return products
}
const source = (url: string, more = {}) => new FeedSource({ name: "t", url, attempts: 1, timeoutMs: 2000, backoffMs: 1, ...more })

describe("LinkPolicy", () => {
  const policy = new LinkPolicy("https://supplier.example.com/feed?page=1", ["cdn.example.net"])

  it("follows relative links and links on the same origin or an allowed host", () => {
    expect(policy.resolve("/feed?page=2", "https://supplier.example.com/feed?page=1")).toBe("https://supplier.example.com/feed?page=2")
    expect(policy.resolve("https://cdn.example.net/p3.json", "https://supplier.example.com/feed")).toBe("https://cdn.example.net/p3.json")
  })

  it("refuses other schemes, other hosts, a protocol downgrade, and URLs in a file feed", () => {
    expect(() => policy.resolve("x:../../etc/passwd", "https://supplier.example.com/feed")).toThrow("only http(s) links are followed, not x:")
    expect(() => policy.resolve("file:///etc/passwd", "https://supplier.example.com/feed")).toThrow("only http(s) links are followed, not file:")
    expect(() => policy.resolve("https://evil.example.org/", "https://supplier.example.com/feed")).toThrow(
      'it leaves https://supplier.example.com; list its host in the source\'s "allowedHosts" to follow it'
    )
    expect(() => policy.resolve("http://supplier.example.com/feed?page=2", "https://supplier.example.com/feed")).toThrow("it leaves")
    const file = new LinkPolicy("/data/feed.json")
    expect(file.resolve("page2.json", "/data/feed.json")).toBe("/data/page2.json")
    expect(() => file.resolve("http://localhost:9000/admin", "/data/feed.json")).toThrow("a file source only follows relative or absolute file paths")
  })

  it("reads the next target of an RFC 8288 Link header", () => {
    expect(nextOfLinkHeader('<https://s.myshopify.com/admin/api/2024-01/products.json?page_info=abc&limit=1>; rel="next"')).toBe(
      "https://s.myshopify.com/admin/api/2024-01/products.json?page_info=abc&limit=1"
    )
    expect(nextOfLinkHeader('<https://a/p1>; rel="previous", <https://a/p3>; rel="next"')).toBe("https://a/p3")
    expect(nextOfLinkHeader("<https://a/p1>; rel=prev, <https://a/last>; rel=last")).toBeNull()
  })
})

describe("following links", () => {
  it("sends configured headers and URL credentials to the configured origin only", async () => {
    const other = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"products":[2],"next":null}'))
    const main = await serve((_req, res) =>
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ products: [1], next: `http://127.0.0.1:${other.port}/p2` }))
    )
    try {
      const products = await readAll(
        source(`http://user:pw@localhost:${main.port}/feed`, { headers: { "x-api-key": "k" }, allowedHosts: ["127.0.0.1"] })
      )
      expect(products).toEqual([1, 2])
      expect(main.seen[0].headers).toMatchObject({ "x-api-key": "k", authorization: `Basic ${Buffer.from("user:pw").toString("base64")}` })
      expect(other.seen[0].headers["x-api-key"]).toBeUndefined()
      expect(other.seen[0].headers.authorization).toBeUndefined()
    } finally {
      await main.close()
      await other.close()
    }
  })

  it("follows a redirect only where a link could go", async () => {
    const main = await serve((req, res) =>
      req.url === "/feed"
        ? res.writeHead(302, { location: "/moved" }).end()
        : req.url === "/moved"
          ? res.writeHead(302, { location: "file:///etc/passwd" }).end()
          : res.writeHead(404).end()
    )
    try {
      await expect(readAll(source(`http://localhost:${main.port}/feed`))).rejects.toThrow(
        `refusing to follow the link "file:///etc/passwd" found on http://localhost:${main.port}/moved: only http(s) links are followed, not file:`
      )
    } finally {
      await main.close()
    }
  })

  it("stops at maxPages and at a page it has already read", async () => {
    let n = 0
    const main = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ products: [++n], next: `/p${n + 1}` })))
    try {
      await expect(readAll(source(`http://localhost:${main.port}/p1`, { maxPages: 3 }))).rejects.toThrow(
        `the feed has more than 3 pages ("maxPages"); the run stopped at http://localhost:${main.port}/p4`
      )
      expect(main.seen.map((r) => r.url)).toEqual(["/p1", "/p2", "/p3"])
    } finally {
      await main.close()
    }
  })

  it("never opens a file from an http feed and never a URL from a file feed", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-link-"))
    const main = await serve((_req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"products":[],"next":"../../etc/passwd"}'))
    try {
      fs.writeFileSync(path.join(dir, "feed.json"), JSON.stringify({ products: [1], next: `http://localhost:${main.port}/x` }))
      await expect(readAll(source(path.join(dir, "feed.json")))).rejects.toThrow("a file source only follows relative or absolute file paths")
      expect(main.seen).toEqual([])
      // A relative path on an http feed is a URL on the same origin, never a file
      // (this server answers every URL with the same link, so the feed then loops).
      await expect(readAll(source(`http://localhost:${main.port}/a/b/feed`))).rejects.toThrow(
        `the feed's pages loop: http://localhost:${main.port}/etc/passwd was already read in this run (page 3)`
      )
      expect(main.seen.map((r) => r.url)).toEqual(["/a/b/feed", "/etc/passwd"])
    } finally {
      await main.close()
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe("a connection that drops mid-body", () => {
  it.each([
    ["csv", "a,b\n1,2\n3,4\n5,6\n", ["1", "3", "5"]],
    ["xml", "<rss><item><id>1</id></item><item><id>3</id></item><item><id>5</id></item></rss>", ["1", "3", "5"]],
    ["ndjson", '{"id":"1"}\n{"id":"3"}\n{"id":"5"}\n', ["1", "3", "5"]],
  ])("is retried for %s, and the records already read are not read twice", async (format, body, ids) => {
    let calls = 0
    const main = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" })
      if (++calls === 1) {
        res.write(body.slice(0, body.length - 4))
        setTimeout(() => res.socket?.destroy(), 20)
      } else res.end(body)
    })
    try {
      const products = (await readAll(new FeedSource({ name: "t", url: `http://localhost:${main.port}/f`, format: format as "csv", attempts: 2, timeoutMs: 2000, backoffMs: 1 }))) as any[]
      expect(products.map((p) => p.id ?? p.a)).toEqual(ids)
      expect(calls).toBe(2)
    } finally {
      await main.close()
    }
  })
})

describe("what a response tells", () => {
  it("detects the format from the Content-Type when the URL has no extension", async () => {
    const main = await serve((_req, res) => res.writeHead(200, { "content-type": "text/tab-separated-values; charset=utf-8" }).end("id\ttitle\nA\tFirst\n"))
    try {
      expect(await readAll(source(`http://localhost:${main.port}/export`))).toEqual([{ id: "A", title: "First" }])
    } finally {
      await main.close()
    }
  })

  it("asks with If-Modified-Since and reports a 304 as an unchanged source", async () => {
    const main = await serve((req, res) =>
      req.headers["if-modified-since"] === "Wed, 21 Oct 2026 07:28:00 GMT" ? res.writeHead(304).end() : res.writeHead(500).end()
    )
    try {
      const s = source(`http://localhost:${main.port}/feed`)
      const chunks = []
      for await (const chunk of s.read({ from: null, chunkSize: 10, conditional: { etag: null, last_modified: "Wed, 21 Oct 2026 07:28:00 GMT" } })) chunks.push(chunk)
      expect(chunks).toEqual([])
      expect(s.info).toEqual({ validators: null, unchanged: true, pages: 1 })
    } finally {
      await main.close()
    }
  })
})

describe("cursor pagination", () => {
  it("reads pages whose cursors look like secrets, checkpoints them as they are, and resumes from one; the configured key stays masked", async () => {
    // A Google-style API: ?pageToken=… in the body's next link; the key is the source's own.
    const server = await serve((req, res) => {
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("pageToken") ?? "start"
      const next = { start: "tokA", tokA: "tokB", tokB: null }[token] ?? null
      res.writeHead(200, { "content-type": "application/json" })
      res.end(JSON.stringify({ products: [{ external_id: token, title: token }], next: next && `/items?key=s3cret&pageToken=${next}` }))
    })
    try {
      const url = `http://127.0.0.1:${server.port}/items?key=s3cret`
      const cursors: unknown[] = []
      const titles: unknown[] = []
      for await (const chunk of source(url).read({ from: null, chunkSize: 10 })) {
        cursors.push(chunk.cursor)
        titles.push(...chunk.items.map((i) => (i.product as { title: string }).title))
      }
      expect(titles).toEqual(["start", "tokA", "tokB"])
      const base = `http://127.0.0.1:${server.port}/items?key=***`
      expect(cursors).toEqual([{ page: `${base}&pageToken=tokA`, offset: 0 }, { page: `${base}&pageToken=tokB`, offset: 0 }, null])
      const resumed: unknown[] = []
      for await (const chunk of source(url).read({ from: cursors[1] as { page: string; offset: number }, chunkSize: 10 })) {
        resumed.push(...chunk.items.map((i) => (i.product as { title: string }).title))
      }
      expect(resumed).toEqual(["tokB"])
      expect(server.seen.at(-1)?.url).toBe("/items?key=s3cret&pageToken=tokB")
    } finally {
      await server.close()
    }
  })
})
