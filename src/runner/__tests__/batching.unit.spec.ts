import { BatchBuilder } from "../batch-builder"
import { BatchWindow } from "../batch-window"
import { contentHash } from "../../workflows/sync/batch/content-hash"
import { validateFeedProduct } from "../../feed/feed-product"
import { Lookahead } from "../../workflows/sync/batch/lookahead"
import { markRepeats, metIds, validateItems } from "../../workflows/sync/batch/validate-items"
import type { SourceChunk } from "../../sources"

const chunk = (from: number, count: number, page: string): SourceChunk => ({
  items: Array.from({ length: count }, (_, i) => ({ index: from + i, id: `E${from + i}`, product: { external_id: `E${from + i}`, title: `Item ${from + i}` } })),
  records: count,
  cursor: { page, offset: 0 },
  total: null,
})

describe("BatchBuilder", () => {
  it("closes a batch at batchSize writes, and starts the next with a chunk that would pass it", () => {
    const batch = new BatchBuilder(100)
    batch.add({ chunk: chunk(0, 100, "p2"), toWrite: 60 })
    expect(batch.full()).toBe(false)
    expect(batch.accepts({ chunk: chunk(100, 100, "p3"), toWrite: 50 })).toBe(false)
    expect(batch.accepts({ chunk: chunk(100, 100, "p3"), toWrite: 40 })).toBe(true)
    batch.add({ chunk: chunk(100, 100, "p3"), toWrite: 40 })
    expect(batch.full()).toBe(true)
    const taken = batch.take()
    expect({ items: taken.items.length, records: taken.records, cursor: taken.cursor }).toEqual({ items: 200, records: 200, cursor: { page: "p3", offset: 0 } })
    expect(batch.empty()).toBe(true)
    expect(batch.accepts({ chunk: chunk(200, 100, "p4"), toWrite: 500 })).toBe(true) // an empty batch takes any chunk
  })

  it("gathers unchanged chunks up to ten batch sizes of records", () => {
    const batch = new BatchBuilder(10)
    for (let i = 0; i < 9; i++) {
      batch.add({ chunk: chunk(i * 10, 10, `p${i + 2}`), toWrite: 0 })
      expect(batch.full()).toBe(false)
    }
    batch.add({ chunk: chunk(90, 10, "p11"), toWrite: 1 })
    expect(batch.full()).toBe(true)
    expect(batch.take().records).toBe(100)
  })
})

describe("Lookahead", () => {
  it("counts what needs a write, and hands each ledger entry looked up ahead to the batch once", async () => {
    const product = (id: string, title: string) => {
      const checked = validateFeedProduct({ external_id: id, title })
      if (!checked.ok) throw new Error(checked.message)
      return checked.product
    }
    const lookups: string[][] = []
    const ledger = new Map([
      ["E0", { product_id: "prod_0", hash: contentHash(product("E0", "Item 0")) }],
      ["E1", { product_id: "prod_1", hash: contentHash(product("E1", "Old title")) }],
    ])
    const ahead = new Lookahead(async (ids) => {
      lookups.push(ids)
      return new Map(ids.flatMap((id) => (ledger.has(id) ? [[id, ledger.get(id)!] as const] : [])))
    })
    const items = [...chunk(0, 3, "p2").items, { index: 3, id: "bad", product: { title: "no id" } }, { index: 4, id: null, skipped: true as const }]
    // E0 unchanged, E1 changed, E2 new; the invalid and the skipped need none.
    expect(await ahead.classify(items)).toBe(2)
    expect(lookups).toEqual([["E0", "E1", "E2"]])
    expect(ahead.validate(items[0])).toBe(ahead.validate(items[0])) // validated once
    expect([...(await ahead.lookupLedger(["E0", "E1", "E2", "E9"])).keys()]).toEqual(["E0", "E1"])
    expect(lookups).toEqual([["E0", "E1", "E2"], ["E9"]])
    await ahead.lookupLedger(["E0"])
    expect(lookups[2]).toEqual(["E0"]) // used once: looked up again
  })

  it("hands the prepare step's copy of an item the reader's validation, by position, id and order, once", async () => {
    const ahead = new Lookahead(async () => new Map())
    // A `map` made two products of record 7, both named by its id.
    const items = [
      { index: 7, id: "R7", product: { external_id: "X", title: "A" } },
      { index: 7, id: "R7", product: { external_id: "X" } },
      { index: 8, id: "R8", product: { external_id: "Y", title: "B" } },
    ]
    await ahead.classify(items)
    const copies = JSON.parse(JSON.stringify(items))
    const [a, b] = [ahead.validatedCopy(copies[0]), ahead.validatedCopy(copies[1])]
    expect(a).toBe(ahead.validate(items[0]))
    expect(b).toMatchObject({ ok: false, external_id: "X" })
    expect(ahead.validatedCopy(copies[0])).toBeUndefined() // once
    expect(ahead.validatedCopy({ ...copies[2], id: "other" })).toBeUndefined()
    await ahead.classify([{ index: 9, id: "R9", product: { external_id: "Z", title: "C" } }], { keep: false })
    expect(ahead.validatedCopy({ index: 9, id: "R9", product: { external_id: "Z", title: "C" } })).toBeUndefined()
  })
})

describe("markRepeats and metIds", () => {
  it("turns a product whose external id an earlier batch had into an error, and names every id the items met", () => {
    const seen = new Set<string>()
    const first = markRepeats(chunk(0, 2, "p2").items, seen, (item) => validateFeedProduct(item.product))
    expect(first.map((i) => i.error)).toEqual([undefined, undefined])
    const next = [
      { index: 2, id: "row-3", product: { external_id: " E1 ", title: "Again" } }, // E1 again, padded
      { index: 3, id: "row-4", product: { external_id: "E2", title: "New" } },
      { index: 4, id: "row-5", product: { title: "no id" } },
      { index: 5, id: "row-6", error: "bad CSV row" },
      { index: 6, id: null, skipped: true as const },
    ]
    const marked = markRepeats(next, seen, (item) => validateFeedProduct(item.product))
    expect(marked[0]).toEqual({ index: 2, id: "E1", error: "external_id appears more than once in the feed; the first occurrence was synced" })
    expect(marked.slice(1)).toEqual(next.slice(1))
    expect([...seen]).toEqual(["E0", "E1", "E2"])
    expect(metIds(marked, (item) => validateFeedProduct(item.product))).toEqual(["E1", "E2", "row-5", "row-6"])
  })

  it("keeps a batch's own repeat an error when the batch workflow runs without the read side", () => {
    const stats = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 }
    const errors: [string | null, string][] = []
    const items = [...chunk(0, 2, "p2").items, { index: 2, id: "E0", product: { external_id: "E0", title: "Twice" } }]
    const valid = validateItems(items, stats, (id, message) => errors.push([id, message]))
    expect(valid.map((p) => p.title)).toEqual(["Item 0", "Item 1"])
    expect(errors).toEqual([["E0", "external_id appears more than once in the feed; the first occurrence was synced"]])
  })
})

describe("BatchWindow", () => {
  const gate = () => {
    let open!: () => void
    let fail!: (e: Error) => void
    const done = new Promise<void>((resolve, reject) => ((open = resolve), (fail = reject)))
    return { done, open, fail }
  }

  it("keeps at most `size` batches in flight, and makes room as each ends", async () => {
    const window = new BatchWindow(2)
    const gates = [gate(), gate(), gate()]
    let roomy = false
    window.add(() => gates[0].done)
    await window.room() // one of two in flight: room at once
    window.add(() => gates[1].done)
    const waiting = window.room().then(() => (roomy = true))
    await new Promise((r) => setImmediate(r))
    expect(roomy).toBe(false)
    gates[1].open() // the second ends first: room for a third
    await waiting
    window.add(() => gates[2].done)
    gates[0].open()
    gates[2].open()
    await window.drain()
  })

  it("lets the batches in flight end when one fails, then throws its error", async () => {
    const window = new BatchWindow(2)
    const [slow, bad] = [gate(), gate()]
    let slowEnded = false
    window.add(() => slow.done.then(() => void (slowEnded = true)))
    window.add(() => bad.done)
    bad.fail(new Error("the database went away"))
    await window.room() // room: a failure stops waiting
    expect(window.failed).toBe(true)
    const draining = window.drain()
    slow.open()
    await expect(draining).rejects.toThrow("the database went away")
    expect(slowEnded).toBe(true)
  })
})
