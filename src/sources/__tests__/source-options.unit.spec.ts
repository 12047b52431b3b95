import { validateSource } from "../../modules/product_sync/utils/validate-source"
import { createSource } from ".."
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
