import fs from "node:fs"
import http from "node:http"
import type { AddressInfo } from "node:net"
import os from "node:os"
import path from "node:path"
import { Readable } from "node:stream"
import ExcelJS from "exceljs"
import { FeedSource, FeedSourceConfig } from "../feed-source"
import { parsePage, PageEvent } from "../parsers"
import { groupRecords } from "../group-records"
import { recordKey } from "../record-key"
import { SourceChanged, type SourceChunk } from "../types"

const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = []
  for await (const x of it) out.push(x)
  return out
}
const parse = (text: string, spec: Partial<Parameters<typeof parsePage>[1]> = {}) =>
  collect<PageEvent>(parsePage(Readable.from([text]), { format: "json", ...spec }))
const items = (chunks: SourceChunk[]) => chunks.flatMap((c) => c.items.map((i) => i.product))

describe("parsing a JSON page", () => {
  it("streams the items of an array document", async () => {
    expect(await parse('[{"external_id":"a"}, {"external_id":"b","x":[1,{"y":null}]}, 3]')).toEqual([
      { type: "record", value: { external_id: "a" } },
      { type: "record", value: { external_id: "b", x: [1, { y: null }] } },
      { type: "record", value: 3 },
      { type: "next", next: null },
    ])
  })

  it("reads products, next and total of a page in any key order, skipping other keys", async () => {
    const events = await parse('{"next":"/p2","meta":{"products":[9]},"products":[{"a":1}],"total":7}')
    expect(events).toEqual([
      { type: "record", value: { a: 1 } },
      { type: "total", total: 7 },
      { type: "next", next: "/p2" },
    ])
  })

  it("reads records, next and total at configured dot paths", async () => {
    const doc = '{"data":{"items":[{"a":1},{"a":2}],"count":2},"links":{"next":"/p2"},"products":[9]}'
    expect(await parse(doc, { items: "data.items", nextPath: "links.next", totalPath: "data.count" })).toEqual([
      { type: "record", value: { a: 1 } },
      { type: "record", value: { a: 2 } },
      { type: "total", total: 2 },
      { type: "next", next: "/p2" },
    ])
  })

  it("rejects documents that are not feeds", async () => {
    await expect(parse('{"items":[]}')).rejects.toThrow('feed object has no "products" array')
    await expect(parse('{"products":[]}', { items: "data" })).rejects.toThrow('feed object has no "data" array')
    await expect(parse('{"products":{}}')).rejects.toThrow('feed "products" must be an array')
    await expect(parse('"hello"')).rejects.toThrow("feed document must be a JSON array or object")
    await expect(parse('[{"a":1},{"b"')).rejects.toThrow()
  })
})

describe("FeedSource", () => {
  let dir: string
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-unit-"))
    fs.writeFileSync(path.join(dir, "p1.json"), JSON.stringify({ total: 7, products: [1, 2, 3, 4, 5], next: "p2.json" }))
    fs.writeFileSync(path.join(dir, "p2.json"), JSON.stringify({ products: [6, 7], next: null }))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  const source = (url: string, attempts = 1, more: Partial<FeedSourceConfig> = {}) =>
    new FeedSource({ name: "test", url, attempts, timeoutMs: 2000, backoffMs: 1, ...more })
  const read = (s: FeedSource, from: SourceChunk["cursor"] = null, chunkSize = 2) => collect(s.read({ from, chunkSize }))
  const plain = (chunks: SourceChunk[]) => chunks.map((c) => ({ ...c, items: c.items.map((i) => i.product) }))

  it("chunks pages and gives each chunk the cursor after it", async () => {
    const chunks = await read(source(path.join(dir, "p1.json")))
    const p1 = path.join(dir, "p1.json")
    const p2 = path.join(dir, "p2.json")
    expect(plain(chunks)).toEqual([
      // Mid-page, the cursor names the record before it (a digest: these records have no id).
      { items: [1, 2], records: 2, cursor: { page: p1, offset: 2, last_record: recordKey(2) }, total: 7 },
      { items: [3, 4], records: 2, cursor: { page: p1, offset: 4, last_record: recordKey(4) }, total: 7 },
      // A page's last chunk points at the next page: a finished page is never read again.
      { items: [5], records: 1, cursor: { page: p2, offset: 0 }, total: 7 },
      { items: [6, 7], records: 2, cursor: null, total: 7 },
    ])
  })

  it("resumes after the checkpoint without handing out earlier items", async () => {
    const p1 = path.join(dir, "p1.json")
    const chunks = await read(source(p1), { page: p1, offset: 4 }, 10)
    expect(items(chunks)).toEqual([5, 6, 7])
  })

  it("on resume, checks the record before the checkpoint is still the one committed last", async () => {
    const file = path.join(dir, "ids.json")
    const write = (ids: string[]) => fs.writeFileSync(file, JSON.stringify({ products: ids.map((id) => ({ id, price: "1" })) }))
    write(["a", "b", "c", "d"])
    const [first] = await read(source(file))
    expect(first.cursor).toEqual({ page: file, offset: 2, last_record: "b" }) // the id, not the content
    fs.writeFileSync(file, JSON.stringify({ products: ["a", "b", "c", "d"].map((id) => ({ id, price: "2" })) }))
    expect(items(await read(source(file), first.cursor, 10)).map((p) => (p as { id: string }).id)).toEqual(["c", "d"])

    write(["new", "a", "b", "c", "d"])
    const shifted = read(source(file), first.cursor, 10)
    await expect(shifted).rejects.toBeInstanceOf(SourceChanged)
    await expect(read(source(file), first.cursor, 10)).rejects.toThrow(`record 2 of ${file} is now a, not b`)
    write(["a"])
    await expect(read(source(file), first.cursor, 10)).rejects.toThrow(`${file} now has 1 records; the checkpoint was after record 2`)
  })

  it("fails clearly for a missing file, without retrying", async () => {
    await expect(read(source(path.join(dir, "nope.json"), 3))).rejects.toThrow(
      `feed file not found or not readable: ${path.join(dir, "nope.json")} (page 1, record 0, after 1 attempt)`
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
      const chunks = await read(source(url, 3))
      expect(items(chunks)).toEqual([1, 2, 3, 4, 5, 6])
      expect(calls).toBe(2)
    } finally {
      server.close()
    }
  })

  it("cursor pagination: sends the body's token as the query parameter, ends on an empty one, and resumes at the cursor's page", async () => {
    // Google-style: { items, nextPageToken }; the token is opaque and looks like a secret to no one.
    const pages: Record<string, { items: { id: string }[]; nextPageToken?: string | number }> = {
      "": { items: [{ id: "a" }, { id: "b" }], nextPageToken: "CgkIARj-t" },
      "CgkIARj-t": { items: [{ id: "c" }, { id: "d" }], nextPageToken: 9001 },
      "9001": { items: [{ id: "e" }], nextPageToken: "" },
    }
    const asked: string[] = []
    const server = http.createServer((req, res) => {
      const token = new URL(req.url ?? "/", "http://x").searchParams.get("pageToken") ?? ""
      asked.push(token)
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(pages[token]))
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    try {
      const url = `http://localhost:${(server.address() as AddressInfo).port}/v1/products?key=s3cret`
      const cursor = source(url, 1, { items: "items", pagination: { type: "cursor", path: "nextPageToken", param: "pageToken" } })
      const chunks = await read(cursor, null, 10)
      expect(items(chunks).map((p) => (p as { id: string }).id)).toEqual(["a", "b", "c", "d", "e"])
      expect(asked).toEqual(["", "CgkIARj-t", "9001"])
      // The checkpoint after the first page is the second page's URL, token included (only the configured key is masked).
      expect(chunks[0].cursor?.page).toBe(`http://localhost:${(server.address() as AddressInfo).port}/v1/products?key=***&pageToken=CgkIARj-t`)
      asked.length = 0
      expect(items(await read(cursor, chunks[0].cursor, 10)).map((p) => (p as { id: string }).id)).toEqual(["c", "d", "e"])
      expect(asked).toEqual(["CgkIARj-t", "9001"])
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
      await expect(read(source(`http://user:pw@localhost:${port}/feed?page=1&token=secret`, 2))).rejects.toThrow(
        `GET http://localhost:${port}/feed?page=1&token=*** answered HTTP 503 (page 1, record 0, after 2 attempts)`
      )
      expect(seen).toEqual([`Basic ${Buffer.from("user:pw").toString("base64")}`, `Basic ${Buffer.from("user:pw").toString("base64")}`])
    } finally {
      server.close()
    }
  })
})

/** A page with 640 MB of "x" between `before` and `after`, streamed in 64 KB pieces: never one string. */
const withHugeValue = (before: string, after: string) => {
  const block = "x".repeat(64 * 1024)
  return Readable.from(
    (function* () {
      yield before
      for (let i = 0; i < 10_000; i++) yield block
      yield after
    })()
  )
}

describe("NDJSON lines over maxRecordBytes", () => {
  it("skips the rest of a 640 MB line as it streams by (holding it whole would break the string limit) and reads on", async () => {
    const input = withHugeValue('{"external_id":"a","title":"', '"}\n{"external_id":"b","title":"B"}\n')
    const events: PageEvent[] = []
    for await (const event of parsePage(input, { format: "ndjson", maxRecordBytes: 1_000_000 })) events.push(event)
    expect(events).toEqual([
      { type: "bad-record", message: 'line 1 is larger than 1000000 bytes ("maxRecordBytes")' },
      { type: "record", value: { external_id: "b", title: "B" } },
    ])
  }, 30_000)
})

describe("JSON strings over maxRecordBytes", () => {
  it("drops a 640 MB string as it streams by (never held whole) and reads the records after it", async () => {
    const input = withHugeValue('{"products":[{"external_id":"a","title":"', '","tags":["t"]},{"external_id":"b","title":"B"}],"next":null}')
    const events: PageEvent[] = []
    for await (const event of parsePage(input, { format: "json", maxRecordBytes: 1_000_000 })) events.push(event)
    expect(events).toEqual([
      { type: "bad-record", message: 'the record is larger than 1000000 bytes ("maxRecordBytes")' },
      { type: "record", value: { external_id: "b", title: "B" } },
      { type: "next", next: null },
    ])
  }, 60_000)
})

describe("a server that drips", () => {
  it("fails the page after pageTimeoutMs of reading, however steadily bytes come, and retries it", async () => {
    let requests = 0
    const server = http.createServer((_req, res) => {
      requests++
      res.writeHead(200, { "content-type": "application/json" })
      res.write("[")
      const drip = setInterval(() => res.write(" "), 20) // a byte every 20 ms: never stalled
      res.on("close", () => clearInterval(drip))
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const port = (server.address() as AddressInfo).port
    try {
      const slow = new FeedSource({ name: "test", url: `http://localhost:${port}/slow.json`, attempts: 2, timeoutMs: 1000, backoffMs: 1, pageTimeoutMs: 300 })
      await expect(collect(slow.read({ from: null, chunkSize: 10 }))).rejects.toThrow(
        `GET http://localhost:${port}/slow.json took longer than 300 ms to read ("pageTimeoutMs") (page 1, record 0, after 2 attempts)`
      )
      expect(requests).toBe(2)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})

describe("a long document read through blips", () => {
  it("counts failed attempts in a row: a connection lost after progress starts the count again", async () => {
    const records = Array.from({ length: 30 }, (_, i) => JSON.stringify({ external_id: `r${i}`, title: `R ${i}` }))
    const cuts = [15, 25] // the first two requests lose the connection after this many records
    const server = http.createServer((req, res) => {
      const cut = cuts.shift()
      res.writeHead(200, { "content-type": "application/json" })
      if (cut === undefined) return void res.end(`[${records.join(",")}]`)
      res.write(`[${records.slice(0, cut).join(",")},`, () => res.destroy())
    })
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
    const port = (server.address() as AddressInfo).port
    try {
      const ids: string[] = []
      const doc = new FeedSource({ name: "test", url: `http://localhost:${port}/doc.json`, attempts: 2, timeoutMs: 2000, backoffMs: 1 })
      for await (const chunk of doc.read({ from: null, chunkSize: 10 })) {
        ids.push(...chunk.items.map((i) => (i.product as { external_id: string }).external_id))
      }
      expect(ids).toEqual(records.map((_, i) => `r${i}`))
    } finally {
      server.close()
    }
  })
})

describe("parsing a CSV page", () => {
  it("reads cells padded with spaces around quoted values, as fixed-width exports write them", async () => {
    // CRLF, a BOM, spaces before and after quotes, a quoted comma and an escaped quote.
    const text = '\ufeffsku      ,title                ,description                        ,price\r\n' +
      'LT-1      ,Laptop      ,"Now equipped with a 14"" screen, 16 GB"      ,  999.00\r\n' +
      'MS-2      ,  "Mouse"   ,   "Wireless"   ,19\r\n'
    expect(await parse(text, { format: "csv" })).toEqual([
      { type: "record", value: { sku: "LT-1", title: "Laptop", description: 'Now equipped with a 14" screen, 16 GB', price: "999.00" } },
      { type: "record", value: { sku: "MS-2", title: "Mouse", description: "Wireless", price: "19" } },
    ])
  })

  it("reads a padded quoted cell of one value, and still fails on a quote that never closes", async () => {
    expect(await parse('a,b\n"  x  " , y\n', { format: "csv" })).toEqual([{ type: "record", value: { a: "x", b: "y" } }])
    await expect(parse('a,b\n"x,y\n', { format: "csv" })).rejects.toThrow(/^the CSV cannot be read: /)
  })
})

describe("parsing an XLSX workbook", () => {
  // A workbook as suppliers send it: a notes tab first, numbers as numbers, a date, rich text,
  // a formula, a hyperlink, a padded header, an empty row; written by exceljs, read back streaming.
  const workbook = async (file: string) => {
    const wb = new ExcelJS.Workbook()
    wb.addWorksheet("Notes").addRow(["Prices in EUR, net"])
    const sheet = wb.addWorksheet("Products")
    sheet.addRow([" Product Handle ", "Product Title", "Variant Sku", "Variant Price EUR", "Available from", "Product Description"])
    sheet.addRow(["desk-lamp", { richText: [{ text: "Desk " }, { font: { bold: true }, text: "Lamp" }] }, "LAMP-1", 24.9, new Date("2026-12-01T00:00:00.000Z"), { text: "manual", hyperlink: "https://x.example/m.pdf" }])
    sheet.addRow([])
    sheet.addRow(["desk-lamp", "Desk Lamp", "LAMP-2", { formula: "B1*2", result: 49.8 }, null, null])
    sheet.addRow(["bulb", "Bulb", 4006381333931, "7", null, null])
    await wb.xlsx.writeFile(file)
  }
  const values = (events: PageEvent[]) => events.filter((e) => e.type === "record").map((e) => (e as { value: unknown }).value)

  it("reads the named sheet (or the one at a position) as rows keyed by its first row, as the CSV parser gives them", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-xlsx-"))
    const file = path.join(dir, "supplier.xlsx")
    await workbook(file)
    const byName = values(await collect(parsePage(fs.createReadStream(file), { format: "xlsx", sheet: "Products" })))
    expect(byName).toEqual([
      { "Product Handle": "desk-lamp", "Product Title": "Desk Lamp", "Variant Sku": "LAMP-1", "Variant Price EUR": "24.9", "Available from": "2026-12-01T00:00:00.000Z", "Product Description": "manual" },
      { "Product Handle": "desk-lamp", "Product Title": "Desk Lamp", "Variant Sku": "LAMP-2", "Variant Price EUR": "49.8", "Available from": "", "Product Description": "" },
      { "Product Handle": "bulb", "Product Title": "Bulb", "Variant Sku": "4006381333931", "Variant Price EUR": "7", "Available from": "", "Product Description": "" },
    ])
    expect(values(await collect(parsePage(fs.createReadStream(file), { format: "xlsx", sheet: 2 })))).toEqual(byName)
    expect(await collect(parsePage(fs.createReadStream(file), { format: "xlsx" }))).toEqual([]) // the first tab: a header alone
    await expect(collect(parsePage(fs.createReadStream(file), { format: "xlsx", sheet: "Prices" }))).rejects.toThrow('the workbook has no sheet "Prices"')
    await expect(collect(parsePage(Readable.from([Buffer.from("not a zip at all")]), { format: "xlsx" }))).rejects.toThrow(/^the XLSX cannot be read: /)

    // A preset that reads CSV columns reads the sheet alike, and `.xlsx` is enough to tell the format.
    const source = new FeedSource({ name: "supplier", url: file, sheet: "Products", preset: "medusa-csv", attempts: 1, timeoutMs: 1000, backoffMs: 1 })
    const products = (await collect(source.read({ from: null, chunkSize: 10 }))).flatMap((c) => c.items.map((i) => i.product)) as any[]
    expect(products.map((p) => [p.handle, p.variants.map((v: any) => [v.sku, v.prices])])).toEqual([
      ["desk-lamp", [["LAMP-1", [{ currency_code: "eur", amount: "24.9" }]], ["LAMP-2", [{ currency_code: "eur", amount: "49.8" }]]]],
      ["bulb", [["4006381333931", [{ currency_code: "eur", amount: "7" }]]]],
    ])
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe("CSV with groupBy and a map function", () => {
  it("hands the map the rows of one product, continuing empty cells, and counts records, not rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-csv-"))
    const file = path.join(dir, "export.csv")
    fs.writeFileSync(file, "\ufeff Style ; Name ;Size;Price\nA1;Polo;S;12,50\n;;M;12,50\nB2; Cap ;;8\nA1;Polo again;L;13\n")
    const seen: unknown[] = []
    const source = new FeedSource({
      name: "erp",
      url: file,
      csv: { delimiter: ";", groupBy: "Style" },
      attempts: 1,
      timeoutMs: 1000,
      backoffMs: 1,
      map: (rows: Record<string, string>[], ctx) => {
        seen.push({ rows: rows.length, ...ctx })
        return { external_id: rows[0].Style, title: rows[0].Name, variants: rows.map((r) => ({ title: r.Size || "One size", prices: [{ currency_code: "eur", amount: r.Price.replace(",", ".") }] })) }
      },
    })
    const chunks = await collect(source.read({ from: null, chunkSize: 10 }))
    fs.rmSync(dir, { recursive: true, force: true })
    expect(chunks.map((c) => c.records)).toEqual([3])
    const [polo, cap, again] = chunks[0].items
    expect(polo).toMatchObject({ index: 0, id: "A1", product: { title: "Polo", variants: [{ title: "S" }, { title: "M" }] } })
    expect(cap).toMatchObject({ index: 1, id: "B2", product: { title: "Cap", variants: [{ title: "One size", prices: [{ amount: "8" }] }] } })
    expect(again).toEqual({ index: 2, id: null, error: 'record 3: rows of "A1" appear again after other rows; the rows of one product must be adjacent (these 1 were not synced)' })
    expect(seen).toEqual([{ rows: 2, source: "erp", index: 0 }, { rows: 1, source: "erp", index: 1 }])
  })
})

describe("CSV with groupBy anywhere in the file (adjacent: false)", () => {
  const csvSource = (file: string) =>
    new FeedSource({
      name: "erp",
      url: file,
      csv: { groupBy: "Style", adjacent: false },
      attempts: 1,
      timeoutMs: 1000,
      backoffMs: 1,
      map: (rows: Record<string, string>[]) => ({ external_id: rows[0].Style || rows[0].Size, title: rows.map((r) => r.Size).join("+") }),
    })

  it("gathers a product's rows wherever they are, emits each when its last row is read, and resumes after a chunk", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-anywhere-"))
    const file = path.join(dir, "export.csv")
    fs.writeFileSync(file, "Style,Size\nA,S\nB,S\nA,M\n,solo\nC,S\nB,M\nA,L\n")
    const chunks = await collect(csvSource(file).read({ from: null, chunkSize: 2 }))
    const titles = chunks.flatMap((c) => c.items.map((i) => (i.product as { title: string }).title))
    expect(titles).toEqual(["solo", "S", "S+M", "S+M+L"]) // solo, C, B, A: in the order they complete
    expect(chunks[0].cursor).toMatchObject({ page: file, offset: 2 })
    const rest = await collect(csvSource(file).read({ from: chunks[0].cursor, chunkSize: 2 }))
    expect(rest.flatMap((c) => c.items.map((i) => (i.product as { title: string }).title))).toEqual(["S+M", "S+M+L"])
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it("fails the read, not the process, when more than 50,000 rows wait for the rest of their product", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-anywhere-"))
    const file = path.join(dir, "unsorted.csv")
    // 50,001 rows of A, each followed by a row of its own, and A's last row at the very end.
    fs.writeFileSync(file, "Style,Size\n" + Array.from({ length: 50_001 }, (_, i) => `A,${i}\nX${i},x\n`).join("") + "A,last\n")
    await expect(collect(csvSource(file).read({ from: null, chunkSize: 1000 }))).rejects.toThrow(
      "more than 50000 rows wait for the rest of their product further down the file; sort it by product (parent and variations close together)"
    )
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe("groupRecords", () => {
  it("makes a record whose group cannot be told one bad record, and groups the others", async () => {
    const records = [{ g: "a", n: 1 }, { g: "a", n: 2 }, { n: 3, g: null }, { g: "b", n: 4 }]
    const events = (async function* (): AsyncGenerator<PageEvent> {
      for (const value of records) yield { type: "record", value }
    })()
    const keyOf = (r: unknown) => {
      const { g } = r as { g: string | null }
      if (g === null) throw new Error("no group column")
      return g
    }
    const out: PageEvent[] = []
    for await (const e of groupRecords(events, keyOf)) out.push(e)
    expect(out).toEqual([
      { type: "record", value: [records[0], records[1]] },
      { type: "bad-record", message: "the record's group could not be read: no group column" },
      { type: "record", value: [records[3]] },
    ])
  })
})
