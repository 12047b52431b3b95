import { storable } from "../deliver-batch"
import { validateFeedProduct } from "../../feed/feed-product"
import type { SourceItem } from "../../sources"

const validate = (item: SourceItem) => validateFeedProduct(item.product)
const item = (product: Record<string, unknown>, id: string | null = String(product.external_id)): SourceItem => ({ index: 4, id, product })

describe("storable", () => {
  it("lets a valid record travel as it is, text with a backslash included", () => {
    const ok = item({ external_id: "P-1", title: "Lamp", description: "C:\\u0000 and \\ud800 are text here" })
    expect(storable(ok, validate)).toBe(ok)
  })

  it("sends a record the reader found invalid as the error a batch gives it", () => {
    expect(storable(item({ external_id: "P-2" }), validate)).toEqual({ index: 4, id: "P-2", error: expect.stringMatching(/^invalid item: .*title.* \(record 5\)$/) })
  })

  it("turns what Postgres' JSON cannot hold into an item error, its id cleaned", () => {
    const why = "the record holds a NUL character, a broken Unicode character or a value JSON cannot hold, which Postgres does not store (record 5)"
    expect(storable(item({ external_id: "P-3", title: "Nul\u0000" }), validate)).toEqual({ index: 4, id: "P-3", error: why })
    expect(storable(item({ external_id: "P-4\ud800", title: "Lone surrogate" }), validate)).toEqual({ index: 4, id: "P-4", error: why })
    expect(storable(item({ external_id: "P-5", title: "Big", metadata: { n: BigInt(1) } }), validate)).toEqual({ index: 4, id: "P-5", error: why })
    expect(storable({ index: 4, id: "row\u0000", error: "mapping failed" }, validate)).toEqual({ index: 4, id: "row", error: why })
    expect(storable({ index: 4, id: "row\u0000", skipped: true }, validate)).toEqual({ index: 4, id: "row", skipped: true })
  })
})
