import fs from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import os from "node:os"
import path from "node:path"
import { Readable } from "node:stream"
import { JsonFeedSource } from "../json-feed-source"
import { parseFeedPage, PageEvent } from "../parse-feed-page"
import type { SourceChunk } from "../types"

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
const parse = (text: string) => collect<PageEvent>(parseFeedPage(Readable.from([text])))
const items = (chunks: SourceChunk[]) => chunks.flatMap((c) => c.items)

describe("parseFeedPage", () => {
  it("streams the items of an array document", async () => {
    expect(await parse('[{"external_id":"a"}, {"external_id":"b","x":[1,{"y":null}]}, 3]')).toEqual([
      { type: "item", value: { external_id: "a" } },
      { type: "item", value: { external_id: "b", x: [1, { y: null }] } },
      { type: "item", value: 3 },
      { type: "end", next: null },
    ])
  })

  it("reads products, next and total of a page in any key order, skipping other keys", async () => {
    const events = await parse('{"next":"/p2","meta":{"products":[9]},"products":[{"a":1}],"total":7}')
    expect(events).toEqual([
      { type: "item", value: { a: 1 } },
      { type: "total", total: 7 },
      { type: "end", next: "/p2" },
    ])
  })

  it("rejects documents that are not feeds", async () => {
    await expect(parse('{"items":[]}')).rejects.toThrow('feed object has no "products" array')
    await expect(parse('{"products":{}}')).rejects.toThrow('feed "products" must be an array')
    await expect(parse('"hello"')).rejects.toThrow("feed document must be a JSON array or object")
    await expect(parse('[{"a":1},{"b"')).rejects.toThrow()
  })
})

describe("JsonFeedSource", () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-unit-"))
    fs.writeFileSync(path.join(dir, "p1.json"), JSON.stringify({ total: 7, products: [1, 2, 3, 4, 5], next: "p2.json" }))
    fs.writeFileSync(path.join(dir, "p2.json"), JSON.stringify({ products: [6, 7], next: null }))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const source = (url: string, attempts = 1) => new JsonFeedSource({ url, attempts, timeoutMs: 2000, backoffMs: 1 })

  it("chunks pages and gives each chunk the cursor after it", async () => {
    const chunks = await collect(source(path.join(dir, "p1.json")).read(null, 2))
    const p1 = path.join(dir, "p1.json")
    const p2 = path.join(dir, "p2.json")
    expect(chunks).toEqual([
      { items: [1, 2], cursor: { page: p1, offset: 2 }, total: 7 },
      { items: [3, 4], cursor: { page: p1, offset: 4 }, total: 7 },
      { items: [5], cursor: { page: p2, offset: 0 }, total: 7 },
      { items: [6, 7], cursor: { page: p2, offset: 2 }, total: 7 },
      // A page's end is known only after its last item: the closing chunk may be empty.
      { items: [], cursor: null, total: 7 },
    ])
  })

  it("resumes after the checkpoint without handing out earlier items", async () => {
    const p1 = path.join(dir, "p1.json")
    const chunks = await collect(source(p1).read({ page: p1, offset: 4 }, 10))
    expect(items(chunks)).toEqual([5, 6, 7])
  })

  it("fails clearly for a missing file, without retrying", async () => {
    await expect(collect(source(path.join(dir, "nope.json"), 3).read(null, 2))).rejects.toThrow(
      `feed file not found or not readable: ${path.join(dir, "nope.json")} (page 1, item 0, after 1 attempt)`
    )
  })

  it("retries a page cut off mid-body and skips the items it already handed out", async () => {
    let calls = 0
    const body = JSON.stringify({ products: [1, 2, 3, 4, 5, 6], next: null })
    const server = http.createServer((_req, res) => {
      calls++
      res.writeHead(200, { "content-type": "application/json" })
      if (calls === 1) {
        res.write(body.slice(0, body.indexOf("5"))) // products 1–4, then the connection drops
        setTimeout(() => res.socket?.destroy(), 20)
      } else {
        res.end(body)
      }
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    try {
      const url = `http://localhost:${(server.address() as AddressInfo).port}/feed?token=secret`
      const chunks = await collect(source(url, 3).read(null, 2))
      expect(items(chunks)).toEqual([1, 2, 3, 4, 5, 6])
      expect(calls).toBe(2)
    } finally {
      server.close()
    }
  })

  it("sends URL credentials as Basic auth and names the URL without secrets when retries run out", async () => {
    const seen: (string | undefined)[] = []
    const server = http.createServer((req, res) => {
      seen.push(req.headers.authorization)
      res.writeHead(503).end()
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const port = (server.address() as AddressInfo).port
    try {
      await expect(collect(source(`http://user:pw@localhost:${port}/feed?page=1&token=secret`, 2).read(null, 2))).rejects.toThrow(
        `GET http://localhost:${port}/feed?page=1&token=*** answered HTTP 503 (page 1, item 0, after 2 attempts)`
      )
      expect(seen).toEqual([`Basic ${Buffer.from("user:pw").toString("base64")}`, `Basic ${Buffer.from("user:pw").toString("base64")}`])
    } finally {
      server.close()
    }
  })
})
