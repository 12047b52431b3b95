import { changedParts, contentHash } from "../content-hash"
import { FeedProductSchema } from "../../../../feed/feed-product"

const product = (variant: Record<string, unknown>) =>
  FeedProductSchema.parse({ external_id: "tee", title: "Tee", variants: [{ sku: "TEE-1", prices: [{ currency_code: "eur", amount: 20 }], inventory_quantity: 4, ...variant }] })

describe("content hash of sale prices", () => {
  it("leaves the hash of a product without sale prices as it was, so an upgrade rewrites nothing", () => {
    // Pinned: the hash this product had before sale prices existed (computed at bc9060f).
    expect(contentHash(product({}))).toBe(contentHash(product({ sale_prices: [] })))
    expect(contentHash(product({}))).toBe(
      "84d97eb3c47bf33c09df49f285f7860181b90240.7a3aa5d131eea30475d0d34d164fcb2c51eed18c.cb4ad13111592812f11aea99161e61547df7e611.85e9c44a2bd5a5e187006ccdd3e8f67729c832e9"
    )
  })

  it("counts a sale price as a change of the prices alone", () => {
    const before = contentHash(product({}))
    expect(changedParts(before, contentHash(product({ sale_prices: [{ currency_code: "eur", amount: "15" }] })))).toEqual({ fields: false, variants: false, prices: true, stock: false })
    expect(changedParts(contentHash(product({ sale_prices: [{ currency_code: "eur", amount: 15 }] })), contentHash(product({ sale_prices: [{ currency_code: "eur", amount: 12 }] })))).toMatchObject({ prices: true, variants: false })
  })
})
