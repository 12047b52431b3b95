import type { UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import { mergeFields } from "../merge-fields"
import { fieldHashes } from "../../../../feed/product-fields"

// What the sync wrote last time: the store started from exactly this.
const written = {
  id: "prod_1",
  title: "Mug",
  description: "Supplier text",
  status: "published",
  tag_ids: ["t1", "t2"],
  metadata: { brand: "Acme", color: "red" },
} as UpdateProductWorkflowInputDTO
const last = fieldHashes(written as Record<string, unknown>)
const merge = (input: Record<string, unknown>, store: Record<string, unknown>, over: Partial<Parameters<typeof mergeFields>[0]> = {}) =>
  mergeFields({ input: { id: "prod_1", ...input } as UpdateProductWorkflowInputDTO, last, store, ownership: {}, onConflict: "feed", ...over })

describe("mergeFields", () => {
  it("writes only what the feed changed since the last sync; a store edit of another field stays", () => {
    const store = { ...written, description: "Editor's text" }
    const { input, conflicts, hashes } = merge({ title: "Big Mug", description: "Supplier text" }, store)
    expect(input).toEqual({ id: "prod_1", title: "Big Mug" })
    expect(conflicts).toEqual([])
    // The ledger keeps the feed's value of each field it carries.
    expect(hashes).toEqual({ ...last, title: fieldHashes({ title: "Big Mug" }).title })
  })

  it("counts a field both changed: the feed wins by default, the store with onConflict store", () => {
    const store = { ...written, description: "Editor's text" }
    const feedWins = merge({ description: "New supplier text" }, store)
    expect(feedWins.input).toEqual({ id: "prod_1", description: "New supplier text" })
    expect(feedWins.conflicts).toEqual([{ field: "description", store: "Editor's text", feed: "New supplier text", kept: "feed" }])
    const storeWins = merge({ description: "New supplier text" }, store, { onConflict: "store" })
    expect(storeWins.input).toEqual({ id: "prod_1" })
    expect(storeWins.conflicts).toEqual([{ field: "description", store: "Editor's text", feed: "New supplier text", kept: "store" }])
  })

  it("does not write what the store already holds, and compares tag ids as a set", () => {
    const { input, conflicts } = merge({ tag_ids: ["t2", "t1", "t3"] }, { ...written, tag_ids: ["t3", "t2", "t1"] })
    expect(input).toEqual({ id: "prod_1" })
    expect(conflicts).toEqual([])
  })

  it("merges metadata key by key: keeps the store's keys, removes a key the feed dropped unless the store changed it", () => {
    const store = { ...written, metadata: { brand: "Acme", color: "blue", note: "store only" } }
    const { input, conflicts } = merge({ metadata: { brand: "Acme Ltd" } }, store)
    // color was dropped by the feed but changed in the store: a conflict the feed wins (removed).
    expect(input).toEqual({ id: "prod_1", metadata: { brand: "Acme Ltd", note: "store only" } })
    expect(conflicts).toEqual([{ field: "metadata.color", store: "blue", feed: null, kept: "feed" }])
    const unchangedColor = merge({ metadata: { brand: "Acme" } }, { ...written, metadata: { brand: "Acme", color: "red", note: "x" } })
    expect(unchangedColor.input).toEqual({ id: "prod_1", metadata: { brand: "Acme", note: "x" } })
  })

  it("writes nothing of a field the source owns only at creation, and still records the feed's value", () => {
    const { input, hashes } = merge({ description: "New supplier text", title: "Mug 2" }, written, { ownership: { description: "create" } })
    expect(input).toEqual({ id: "prod_1", title: "Mug 2" })
    expect(hashes.description).toBe(fieldHashes({ description: "New supplier text" }).description)
  })

  it("without hashes from an earlier sync, writes what differs from the store and counts no conflict", () => {
    const result = mergeFields({ input: { id: "prod_1", title: "Mug", description: "New" } as UpdateProductWorkflowInputDTO, last: null, store: written, ownership: {}, onConflict: "feed" })
    expect(result.input).toEqual({ id: "prod_1", description: "New" })
    expect(result.conflicts).toEqual([])
  })

  it("shortens long values in a conflict", () => {
    const long = "x".repeat(2000)
    const { conflicts } = merge({ description: long }, { ...written, description: "Edited" })
    expect(conflicts[0].feed).toBe(`${"x".repeat(500)}… (2000 characters)`)
  })
})
