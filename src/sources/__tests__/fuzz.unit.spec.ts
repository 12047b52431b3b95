import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { contentHash } from "../../workflows/sync/batch/content-hash"
import { validateFeedProduct } from "../../feed/feed-product"
import { FeedSource, FeedSourceConfig } from "../feed-source"
import { SourceError } from "../types"

// A 20,000-deep document takes ~1.5 s alone; give a loaded machine room (this asserts outcomes, not speed).
jest.setTimeout(60_000)

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateProduct } = require("../../../scripts/lib/feed-generator.cjs")

/**
 * Malformed feeds and records, through the source and the engine's
 * validation and hashing: each must end in products, item errors or a clear
 * SourceError — never another exception, a stack overflow or a hang.
 */
type Outcome = { products: number; errors: number; runError: string | null; total?: number | null }
type Case = { name: string; file: string; body: string | Buffer; options?: Partial<FeedSourceConfig>; expected?: Partial<Omit<Outcome, "runError">> & { runError?: RegExp | null } }

function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const valid = (i: number) => JSON.stringify(generateProduct(i))
const deep = (n: number) => `${'{"a":'.repeat(n)}1${"}".repeat(n)}`
const big = (n: number) => "x".repeat(n)

const HANDWRITTEN: Case[] = [
  { name: "total not an integer", file: "a.json", body: `{"total":1.5,"products":[${valid(1)}]}`, expected: { products: 1, errors: 0, runError: null } },
  { name: "a total larger than a run counts (3e9)", file: "a.json", body: `{"total":3000000000,"products":[${valid(1)},${valid(2)}]}`, expected: { products: 2, errors: 0, runError: null, total: null } },
  { name: "metadata an array of 200,000 elements", file: "a.json", body: `[{"external_id":"wide","title":"Wide","metadata":{"list":[${Array(200_000).fill(0).join(",")}]}},${valid(2)}]`, expected: { products: 1, errors: 1, runError: null } },
  { name: "negative and huge totals", file: "a.json", body: `{"total":-1,"products":[${valid(1)}],"x":{"total":1e300}}`, expected: { products: 1, errors: 0, runError: null } },
  { name: "metadata 20,000 levels deep", file: "a.json", body: `[{"external_id":"d","title":"Deep","metadata":${deep(20_000)}}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "a record 20,000 arrays deep", file: "a.json", body: `[${"[".repeat(20_000)}${"]".repeat(20_000)}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "external_id of 5 KB", file: "a.json", body: `[{"external_id":"${big(5000)}","title":"Long id"}]`, expected: { products: 0, errors: 1 } },
  { name: "a title of 3 MB", file: "a.json", body: `[{"external_id":"t","title":"${big(3_000_000)}"}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "a description over maxRecordBytes", file: "a.json", body: `[{"external_id":"d","title":"D","description":"${big(1_100_000)}"},${valid(2)}]`, expected: { products: 1, errors: 1, runError: null } },
  { name: "invalid UTF-8", file: "a.json", body: Buffer.concat([Buffer.from('[{"external_id":"u","title":"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}]')]), expected: { products: 1, errors: 0, runError: null } },
  { name: "a BOM", file: "a.json", body: `\ufeff[${valid(1)}]`, expected: { products: 1, errors: 0, runError: null } },
  { name: "NaN", file: "a.json", body: `[{"external_id":"n","title":"N","variants":[{"prices":[{"currency_code":"eur","amount":NaN}]}]}]`, expected: { runError: /^reading .+ failed: .+ \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "Infinity", file: "a.json", body: `[{"external_id":"i","title":"I","weight":Infinity}]`, expected: { products: 0, errors: 0, runError: /^reading .+a\.json failed: Parser cannot parse input: expected a value \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "garbage after the document", file: "a.json", body: `[${valid(1)}] trailing`, expected: { products: 0, errors: 0, runError: /^reading .+a\.json failed: Parser cannot parse input: unexpected characters \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "an empty file", file: "a.json", body: "", expected: { products: 0, errors: 0, runError: /^reading .+a\.json failed: Parser has expected a value \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "null", file: "a.json", body: "null", expected: { products: 0, errors: 0, runError: /^feed document must be a JSON array or object \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "products is an object", file: "a.json", body: `{"products":{"a":1}}`, expected: { products: 0, errors: 0, runError: /^feed "products" must be an array \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "records of every wrong type", file: "a.json", body: `[1,"two",null,true,[],{},{"external_id":{},"title":[]},{"external_id":1.5,"title":"x"}]`, expected: { products: 0, errors: 8, runError: null } },
  { name: "prices that are not numbers", file: "a.json", body: `[{"external_id":"p","title":"P","variants":[{"prices":[{"currency_code":"eur","amount":"12,50"},{"currency_code":"e","amount":"1e5"}]}]}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "variants not an array", file: "a.json", body: `[{"external_id":"v","title":"V","variants":{"sku":"x"}}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "1,000 tags", file: "a.json", body: `[{"external_id":"t","title":"T","tags":${JSON.stringify(Array.from({ length: 1000 }, (_, i) => `t${i}`))}}]`, expected: { products: 0, errors: 1, runError: null } },
  { name: "a javascript: next link", file: "a.json", body: `{"products":[${valid(1)}],"next":"javascript:alert(1)"}`, expected: { runError: /a file source only follows relative or absolute file paths/ } },
  { name: "a numeric next link", file: "a.json", body: `{"products":[${valid(1)}],"next":12}`, expected: { products: 1, errors: 0, runError: null } },
  { name: "NDJSON with CRLF, blanks, a BOM and bad lines", file: "a.ndjson", body: `\ufeff${valid(1)}\r\n\r\nnot json\r\n${valid(2)}\r\n{"external_id":"x"\r\nNaN\r\n`, expected: { products: 2, errors: 3, runError: null } },
  { name: "NDJSON line over maxRecordBytes", file: "a.ndjson", body: `{"external_id":"b","title":"${big(1_100_000)}"}\n${valid(3)}\n`, expected: { products: 1, errors: 1, runError: null } },
  { name: "binary garbage as NDJSON", file: "a.ndjson", body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 97) % 256)), expected: { products: 0, errors: 17, runError: null } },
  { name: "CSV with an unclosed quote", file: "a.csv", body: 'external_id,title\n1,"never closed\n2,two\n', options: { map: (r) => r }, expected: { runError: /^the CSV cannot be read: / } },
  { name: "ragged CSV rows", file: "a.csv", body: "external_id,title\n1\n2,two,extra,cells\n,\n", options: { map: (r) => r }, expected: { products: 1, errors: 2, runError: null } },
  { name: "CSV header only", file: "a.csv", body: "external_id,title\n", options: { map: (r) => r }, expected: { products: 0, errors: 0, runError: null } },
  { name: "CSV with duplicate header names", file: "a.csv", body: "title,title\nA,B\n", options: { map: (r) => ({ external_id: "x", ...r }) }, expected: { products: 1, errors: 0, runError: null } },
  { name: "an empty CSV", file: "a.csv", body: "", options: { map: (r) => r }, expected: { products: 0, errors: 0, runError: null } },
  { name: "a CSV cell over maxRecordBytes", file: "a.csv", body: `external_id,title\n1,${big(1_100_000)}\n2,two\n`, options: { map: (r) => r }, expected: { products: 1, errors: 1, runError: null } },
  { name: "a quoted CSV cell of many lines over maxRecordBytes", file: "a.csv", body: `external_id,title\r\n1,"${big(600_000)}\r\n""quoted""\r\n${big(600_000)}"\r\n2,two\r\n`, options: { map: (r) => r }, expected: { products: 1, errors: 1, runError: null } },
  { name: "a CSV quote never closed, over maxRecordBytes", file: "a.csv", body: `external_id,title\n1,one\n2,"${big(1_100_000)}\n3,three\n`, options: { map: (r) => r }, expected: { runError: /^the CSV cannot be read: a quote opened at line 3 is never closed/ } },
  { name: "groupBy with no key at all", file: "a.csv", body: "k,title\n,a\n,b\n", options: { csv: { groupBy: "k" }, map: (rows) => ({ external_id: "g", title: rows.length }) }, expected: { products: 0, errors: 1, runError: null } },
  { name: "medusa-csv rows of garbage", file: "a.csv", body: "Product Handle,Product Title,Variant Price EUR,Product Metadata\nh,,abc,{not json\n", options: { preset: "medusa-csv" }, expected: { products: 0, errors: 1, runError: null } },
  { name: "XML with unclosed tags", file: "a.xml", body: "<rss><channel><item><id>1</id>", options: { map: (r) => r }, expected: { products: 0, errors: 0, runError: /^the XML cannot be read: 1:30: unclosed tag: item \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "an XML entity bomb", file: "a.xml", body: '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><rss><item><title>&lol2;</title></item></rss>', options: { preset: "google-merchant" }, expected: { products: 0, errors: 0, runError: /^the XML cannot be read: 1:119: undefined entity\. \(page 1, record 0, after 1 attempt\)$/ } },
  { name: "XML 20,000 elements deep", file: "a.xml", body: `<rss><item>${"<a>".repeat(20_000)}x${"</a>".repeat(20_000)}</item></rss>`, options: { map: (r) => r }, expected: { products: 0, errors: 1, runError: null } },
  { name: "XML text over maxRecordBytes", file: "a.xml", body: `<rss><item><g:id xmlns:g="g">${big(1_100_000)}</g:id></item><item><id>2</id></item></rss>`, options: { map: (r) => ({ external_id: r.id ?? "?", title: "t" }) }, expected: { products: 1, errors: 1, runError: null } },
  { name: "XML: an item of 100,000 empty children among ten", file: "a.xml", body: `<rss>${Array.from({ length: 5 }, (_, i) => `<item><id>${i}</id><title>T${i}</title></item>`).join("")}<item><id>x</id>${"<a/>".repeat(100_000)}</item>${Array.from({ length: 5 }, (_, i) => `<item><id>${i + 5}</id><title>T${i + 5}</title></item>`).join("")}</rss>`, options: { map: (r) => ({ external_id: r.id, title: r.title ?? "none", metadata: r.a ? { a: r.a } : undefined }) }, expected: { products: 10, errors: 1, runError: null } },
  { name: "XML: tag names alone over maxRecordBytes", file: "a.xml", body: `<rss><item><id>1</id>${`<${"n".repeat(1000)}/>`.repeat(1_200)}</item><item><id>2</id><title>t</title></item></rss>`, options: { map: (r) => ({ external_id: r.id, title: r.title ?? "t" }) }, expected: { products: 1, errors: 1, runError: null } },
  { name: "an unbound XML prefix", file: "a.xml", body: "<rss><item><g:id>1</g:id></item></rss>", options: { preset: "google-merchant" }, expected: { runError: /^the XML cannot be read: / } },
  { name: "Merchant items without ids or prices", file: "a.xml", body: '<rss xmlns:g="http://base.google.com/ns/1.0"><item><g:title>x</g:title></item><item><g:id>2</g:id><g:price>free</g:price></item></rss>', options: { preset: "google-merchant" }, expected: { products: 0, errors: 2, runError: null } },
  { name: "Shopify records of another shape", file: "a.json", body: `{"products":[{"id":1,"variants":"none"},{"id":{"x":1},"title":"t","options":7}]}`, options: { preset: "shopify", currency: "EUR" }, expected: { products: 0, errors: 2, runError: null } },
]

// What each damaged document below ends in (the damage is seeded, so it is the same every run):
// products, item errors, or the run error that names what broke.
const DAMAGED: Case["expected"][] = [
  { products: 0, errors: 0, runError: /^reading .+m\.json failed: Parser has expected a string value \(page 1, record 2, after 1 attempt\)$/ }, // #0
  { products: 2, errors: 1, runError: null }, // #1
  { products: 0, errors: 1, runError: null }, // #2
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:152: weird empty close tag\. \(page 1, record 0, after 1 attempt\)$/ }, // #3
  { products: 2, errors: 1, runError: null }, // #4
  { products: 0, errors: 3, runError: null }, // #5
  { products: 0, errors: 0, runError: null }, // #6
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:6: disallowed character in attribute name\. \(page 1, record 0, after 1 attempt\)$/ }, // #7
  { products: 0, errors: 0, runError: /^reading .+m\.json failed: Parser cannot parse input: escaped characters \(page 1, record 0, after 1 attempt\)$/ }, // #8
  { products: 2, errors: 1, runError: null }, // #9
  { products: 0, errors: 0, runError: null }, // #10
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:94: disallowed character in tag name\. \(page 1, record 0, after 1 attempt\)$/ }, // #11
  { products: 0, errors: 0, runError: /^reading .+m\.json failed: Parser has expected a string value \(page 1, record 2, after 1 attempt\)$/ }, // #12
  { products: 0, errors: 1, runError: null }, // #13
  { products: 0, errors: 0, runError: null }, // #14
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:11: unexpected end\. \(page 1, record 0, after 1 attempt\)$/ }, // #15
  { products: 0, errors: 0, runError: /^reading .+m\.json failed: Parser has expected a string value \(page 1, record 2, after 1 attempt\)$/ }, // #16
  { products: 0, errors: 3, runError: null }, // #17
  { products: 1, errors: 0, runError: null }, // #18
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:7: disallowed character\. \(page 1, record 0, after 1 attempt\)$/ }, // #19
  { products: 0, errors: 0, runError: /^reading .+m\.json failed: Parser cannot parse input: escaped characters \(page 1, record 0, after 1 attempt\)$/ }, // #20
  { products: 1, errors: 2, runError: null }, // #21
  { products: 0, errors: 0, runError: null }, // #22
  { products: 0, errors: 0, runError: /^the XML cannot be read: 1:125: unclosed tag: item \(page 1, record 0, after 1 attempt\)$/ }, // #23
]

// Random damage to valid documents: cut short, bytes flipped, quotes and brackets inserted.
function mutated(seed: number): Case[] {
  const rand = rng(seed)
  const docs: [string, string, Partial<FeedSourceConfig>][] = [
    ["m.json", `{"total":3,"products":[${valid(1)},${valid(2)},${valid(3)}]}`, {}],
    ["m.ndjson", `${valid(1)}\n${valid(2)}\n${valid(3)}\n`, {}],
    ["m.csv", "Product Handle,Product Title,Variant Sku,Variant Price EUR\nh1,One,S1,10\nh1,One,S2,11\nh2,Two,S3,\"12\"\n", { preset: "medusa-csv" }],
    ["m.xml", '<rss xmlns:g="http://base.google.com/ns/1.0"><item><g:id>1</g:id><g:title>A</g:title><g:price>1.00 EUR</g:price></item><item><g:id>2</g:id><g:title>B</g:title><g:price>2 EUR</g:price></item></rss>', { preset: "google-merchant" }],
  ]
  const out: Case[] = []
  for (let i = 0; i < 24; i++) {
    const [file, doc, options] = docs[i % docs.length]
    const chars = [...doc]
    const kind = Math.floor(rand() * 3)
    if (kind === 0) chars.length = Math.floor(rand() * chars.length)
    else for (let k = 0; k < 1 + Math.floor(rand() * 8); k++) chars[Math.floor(rand() * chars.length)] = kind === 1 ? String.fromCharCode(Math.floor(rand() * 128)) : '"{[<>]}\\,\n'[Math.floor(rand() * 11)]
    out.push({ name: `${file} damaged (${["cut", "flipped", "punctuated"][kind]}) #${i}`, file, body: chars.join(""), options, expected: DAMAGED[i] })
  }
  return out
}

const CASES = [...HANDWRITTEN, ...mutated(20261124)]

describe("malformed feeds", () => {
  let dir: string
  beforeAll(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-fuzz-"))))
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it("has at least 50 cases, each with the outcome it must end in", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50)
    expect(CASES.filter((c) => !c.expected).map((c) => c.name)).toEqual([])
  })

  it.each(CASES.map((c, i) => [c.name, i] as const))("%s: products, item errors or a clear run error", async (_name, i) => {
    const c = CASES[i]
    const file = path.join(dir, `${i}-${c.file}`)
    fs.writeFileSync(file, c.body)
    const source = new FeedSource({ name: "fuzz", url: file, attempts: 1, timeoutMs: 2000, backoffMs: 1, ...c.options })
    const outcome: Outcome = { products: 0, errors: 0, runError: null }
    try {
      for await (const chunk of source.read({ from: null, chunkSize: 10 })) {
        outcome.total = chunk.total
        for (const item of chunk.items) {
          if (item.skipped) continue
          if (item.error !== undefined) {
            outcome.errors++
            continue
          }
          const checked = validateFeedProduct(item.product)
          if (checked.ok) {
            expect(contentHash(checked.product)).toMatch(/^[0-9a-f]{40}(\.[0-9a-f]{40}){3}$/)
            outcome.products++
          } else {
            expect(checked.message).toMatch(/^invalid item: /)
            outcome.errors++
          }
        }
      }
    } catch (e) {
      expect(e).toBeInstanceOf(SourceError)
      expect((e as Error).message).not.toMatch(/call stack/i)
      outcome.runError = (e as Error).message
    }
    if (c.expected) {
      const { runError, ...counts } = c.expected
      if (!("total" in counts)) delete outcome.total
      expect(outcome).toMatchObject(counts)
      if (runError === null) expect(outcome.runError).toBeNull()
      else if (runError) expect(outcome.runError).toMatch(runError)
    }
  }, 10_000)
})
