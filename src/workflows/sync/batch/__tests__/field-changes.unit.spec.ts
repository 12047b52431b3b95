import { fieldChanges, referenceIds, shown } from "../changes/field-changes"

describe("fieldChanges", () => {
  const names = new Map([
    ["ptag_1", "cotton"],
    ["ptag_2", "new"],
    ["pcol_1", "Summer"],
  ])

  it("lists only what differs, by the feed's names, references by name and metadata key by key", () => {
    const input = {
      title: "Tee",
      description: "Soft",
      tag_ids: ["ptag_2", "ptag_1"],
      collection_id: "pcol_1",
      images: [{ url: "https://cdn/a.jpg" }],
      metadata: { brand: "Acme", shelf: "A3" },
    }
    const store = {
      title: "Tee",
      description: "Rough",
      tag_ids: ["ptag_1"],
      collection_id: null,
      images: [{ url: "https://cdn/a.jpg" }],
      metadata: { brand: "Acme", shelf: "B1", old: 1 },
    }
    expect(fieldChanges(input, store, names)).toEqual({
      description: { from: "Rough", to: "Soft" },
      tags: { from: ["cotton"], to: ["cotton", "new"] },
      collection: { from: null, to: "Summer" },
      "metadata.shelf": { from: "B1", to: "A3" },
      "metadata.old": { from: 1, to: null },
    })
  })

  it("treats tag order and an absent value as no change", () => {
    expect(fieldChanges({ tag_ids: ["ptag_1", "ptag_2"], subtitle: null }, { tag_ids: ["ptag_2", "ptag_1"] }, names)).toEqual({})
  })

  it("cuts long text, keeping its length and a hash that tells two apart", () => {
    const long = "x".repeat(1000)
    expect(shown(long)).toMatch(/^x{300}… \(1000 characters, sha1 [0-9a-f]{8}\)$/)
    expect(shown(long)).not.toEqual(shown(`${"x".repeat(999)}y`))
    expect(shown("short")).toBe("short")
  })

  it("collects the reference ids to name", () => {
    expect(referenceIds([{ tag_ids: ["ptag_1"], type_id: "ptyp_1", title: "x" }, { category_ids: ["pcat_1", "ptag_1"], collection_id: null }])).toEqual(["ptag_1", "ptyp_1", "pcat_1"])
  })
})
