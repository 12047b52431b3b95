import { validateSource } from "../../modules/product_sync/utils/validate-source"
import { createSource, describeLocation } from ".."
import { fileLocation, matchesPattern, parseRemote } from "../transport/remote/remote-url"
import type { ResolvedProductSyncOptions } from "../../types"

const problem = (name: string, source: unknown) => {
  try {
    validateSource(name, source as never)
    return null
  } catch (e) {
    return (e as Error).message
  }
}

describe("source options, checked at boot", () => {
  it("accepts a source that owns fields and resolves conflicts its way", () => {
    expect(problem("supplier", { url: "https://s.example.com/feed", fields: { description: "create", prices: "sync", images: "ignore" }, onConflict: "store" })).toBeNull()
  })

  it("names every bad field ownership, and refuses to ignore what a product cannot be created without", () => {
    expect(problem("supplier", { url: "./feed.json", fields: { descripton: "create", title: "ignore", stock: "always" }, onConflict: "merchant" })).toBe(
      'medusa-product-sync: source "supplier": "fields.descripton" is not a field a sync writes (title, subtitle, description, handle, status, thumbnail, images, tags, categories, collection, type, discountable, hs_code, mid_code, origin_country, material, weight, length, height, width, metadata, variants, prices, stock); "fields.title" cannot be "ignore": a product is not created without it (use "create"); "fields.stock" must be "sync", "create" or "ignore"; "onConflict" must be "feed" or "store"'
    )
  })

  it("refuses a header value of more than one line without repeating it, and a bad header name", () => {
    const message = problem("erp", { url: "https://erp.example.com/feed", headers: { authorization: "Bearer s3cret\r\nX-Evil: 1", "bad name": "x" } })
    expect(message).toBe('medusa-product-sync: source "erp": "headers.authorization" must be a single-line string (its value is not shown); "headers" has an invalid header name "bad name"')
    expect(message).not.toContain("s3cret")
  })

  it("refuses an incremental overlap that is no whole number of seconds", () => {
    expect(problem("api", { url: "https://a.example.com/p", incremental: { param: "since", overlapSeconds: -5 } })).toBe(
      'medusa-product-sync: source "api": "incremental.overlapSeconds" must be a whole number of seconds, 0 or more'
    )
  })

  it("accepts an SFTP drop with a key, and names what is wrong with a drop's options without showing a secret", () => {
    expect(problem("supplier", { url: "sftp://feeds@sftp.example.com/exports/products-*.csv", login: { privateKey: "-----BEGIN OPENSSH PRIVATE KEY-----", hostKey: "SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8" }, pick: "all", afterSync: "move:processed/" })).toBeNull()
    const message = problem("supplier", { url: "sftp://feeds@sftp.example.com/exports/", login: { password: 12345, hostKey: "aa:bb" }, pick: "latest", afterSync: "delete", pagination: { type: "next" } })
    expect(message).toBe(
      'medusa-product-sync: source "supplier": "url" must name a host and a file or pattern ("sftp://user@host/exports/products-*.csv"); "pagination" does not apply to an sftp/ftp source: its pages are the files "pick" chooses; "login.password" must be a string (its value is not shown); "login.hostKey" must be a fingerprint as "ssh-keygen -lf" prints it ("SHA256:…"); "pick" must be "newest" or "all"; "afterSync" must be "move:<folder>" ("move:processed/")'
    )
    expect(problem("api", { url: "https://a.example.com/p", login: { password: "x" }, pick: "all" })).toBe(
      'medusa-product-sync: source "api": "login" applies only to an sftp://, ftp:// or ftps:// "url"; "pick" applies only to an sftp://, ftp:// or ftps:// "url"'
    )
  })
})

describe("file drop URLs", () => {
  it("split into a folder and a pattern, name files without the password, and match * and ? only", () => {
    const drop = parseRemote("sftp://feeds:pa%40ss@sftp.example.com:2222/exports/products-*.csv")
    expect(drop).toEqual({ protocol: "sftp", host: "sftp.example.com", port: 2222, user: "feeds", password: "pa@ss", dir: "/exports", pattern: "products-*.csv" })
    expect(fileLocation(drop, "products 2026.csv")).toBe("sftp://feeds@sftp.example.com:2222/exports/products%202026.csv")
    expect(parseRemote("ftp://ftp.example.com/stock.csv")).toMatchObject({ port: 21, user: "anonymous", dir: "/", pattern: "stock.csv" })
    expect(parseRemote("ftps://erp@ftp.example.com/parts/stock-?.csv")).toMatchObject({ protocol: "ftps", dir: "/parts", pattern: "stock-?.csv" })
    expect(fileLocation(parseRemote("ftp://ftp.example.com/a?.csv"), "a#1?.csv")).toBe("ftp://anonymous@ftp.example.com:21/a%231%3F.csv")
    expect(describeLocation("ftps://erp:hunter2@ftp.example.com/a.csv")).toBe("ftps://erp@ftp.example.com/a.csv")
    expect(describeLocation("sftp://erp:p@ss@sftp.example.com/x@y.csv")).toBe("sftp://erp@sftp.example.com/x@y.csv")
    expect(matchesPattern("products-2026-11-30.csv", "products-*.csv")).toBe(true)
    expect(matchesPattern("products-1.csv.part", "products-*.csv")).toBe(false)
    expect(matchesPattern("stock-a.csv", "stock-?.csv")).toBe(true)
    expect(matchesPattern("stock-(1).csv", "stock-(?).csv")).toBe(true)
    expect(matchesPattern("stockX1.csv", "stock.?.csv")).toBe(false)
  })
})

describe("createSource", () => {
  it("knows only the configured sources: not constructor, __proto__ or toString", () => {
    const options = { sources: { supplier: { url: "./feed.json" } }, requestAttempts: 1, requestTimeoutMs: 1000, retryBackoffMs: 1 } as unknown as ResolvedProductSyncOptions
    for (const name of ["constructor", "__proto__", "toString"]) {
      expect(() => createSource(name, options)).toThrow(`Unknown sync source "${name}". Configured: supplier`)
    }
    expect(createSource("supplier", options)).toBeDefined()
  })
})
