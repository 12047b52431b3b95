import type { UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { Parts } from "./content-hash"
import { fieldHashes, fieldOfKey, type FieldOwnershipMap, ownerOf, valueHash } from "../../../feed/product-fields"
import type { ExistingProduct } from "./to-product-input"
import type { Planned } from "./write-products"
import { shortened } from "./changes/field-changes"

/** A field both the feed and the store changed since the last sync. */
export type FieldConflict = {
  /** The Medusa input key (`description`, `tag_ids`, `metadata.brand`). */
  field: string
  store: unknown
  feed: unknown
  /** Whose value the product has now. */
  kept: "feed" | "store"
}

export type MergeInput = {
  /** The update input built from the feed, carrying only the fields the feed carries. */
  input: UpdateProductWorkflowInputDTO
  /** Hashes of what the sync last wrote, by input key (the ledger's `fields`); null for a product synced before they were kept. */
  last: Record<string, string> | null
  /** The product as it is in Medusa, as an update input (see `fieldsOf`). */
  store: Record<string, unknown>
  ownership: FieldOwnershipMap
  onConflict: "feed" | "store"
}

export type Merged = {
  /** The input less every field that must not be written. */
  input: UpdateProductWorkflowInputDTO
  /** The ledger's new hashes: the feed's value for every field it carries, the old hash for the others. */
  hashes: Record<string, string>
  conflicts: FieldConflict[]
}

// Conflicts are kept on the ledger row for the product's page: a description of 100 kB is not.
const shorten = (value: unknown) => shortened(value, 500)

/**
 * A three-way merge per field of the sync's last write, the feed and the
 * store. A field is written only when the feed changed it since the sync
 * last wrote it, the store does not already hold it, and the source owns it
 * after creation; a store edit of a field the feed did not change stays.
 * When both changed, the feed wins unless `onConflict` is "store".
 * Metadata merges key by key: a key the feed dropped is removed, unless the
 * store changed it. Options, variants, prices and stock are not fields
 * here: they are written as parts (see content-hash).
 */
export function mergeFields({ input, last, store, ownership, onConflict }: MergeInput): Merged {
  const merged: Record<string, unknown> = { ...input }
  const hashes: Record<string, string> = Object.fromEntries(
    Object.entries(last ?? {}).filter(([key]) => !(key.startsWith("metadata.") && "metadata" in input))
  )
  Object.assign(hashes, fieldHashes(input as Record<string, unknown>))
  const conflicts: FieldConflict[] = []
  // A metadata key's value is compared as metadata; an absent one has no hash.
  const hashOf = (key: string, value: unknown) => (value === undefined ? undefined : valueHash(key.startsWith("metadata.") ? "metadata" : key, value))
  /** Whether the feed's value of `key` is to be written; records a conflict. */
  const decide = (key: string, feed: unknown, storeValue: unknown): boolean => {
    const field = fieldOfKey(key)
    if (!field || ownerOf(ownership, field) !== "sync") return false
    const feedHash = hashOf(key, feed)
    const was = last?.[key]
    if (was === feedHash) return false // the feed did not change it since the last sync
    const storeHash = hashOf(key, storeValue)
    if (storeHash === feedHash) return false // the store holds it already
    if (was === undefined || storeHash === was) return true // only the feed changed it
    const kept = onConflict === "store" ? "store" : "feed"
    conflicts.push({ field: key, store: shorten(storeValue), feed: shorten(feed), kept })
    return kept === "feed"
  }

  for (const key of Object.keys(merged)) {
    if (key === "metadata" || !fieldOfKey(key)) continue
    if (!decide(key, merged[key] ?? null, store[key] ?? null)) delete merged[key]
  }
  if ("metadata" in input) {
    const feed = (input.metadata ?? {}) as Record<string, unknown>
    const current = (store.metadata ?? {}) as Record<string, unknown>
    const keys = new Set([...Object.keys(feed), ...Object.keys(last ?? {}).filter((k) => k.startsWith("metadata.")).map((k) => k.slice(9))])
    const next = { ...current }
    let changed = false
    for (const k of keys) {
      if (!decide(`metadata.${k}`, feed[k], current[k])) continue
      if (feed[k] === undefined) delete next[k]
      else next[k] = feed[k]
      changed = true
    }
    if (changed) merged.metadata = next
    else delete merged.metadata
  }
  return { input: merged as UpdateProductWorkflowInputDTO, hashes, conflicts }
}

/** Whether an update input writes any of the product's own fields. */
export const writesFields = (input: UpdateProductWorkflowInputDTO) =>
  Object.keys(input).some((k) => k !== "id" && k !== "variants" && k !== "external_id")

/** What a source decides about fields (its `fields` and `onConflict` options). */
export type FieldRules = { ownership: FieldOwnershipMap; onConflict: "feed" | "store" }

/** The changed parts a source may write on an update: a part it owns only at creation is left alone. */
export function ownedParts(parts: Parts, { ownership }: FieldRules): Parts {
  const synced = (field: "variants" | "prices" | "stock") => ownerOf(ownership, field) === "sync"
  return { fields: parts.fields, variants: parts.variants && synced("variants"), prices: parts.prices && synced("prices"), stock: parts.stock && synced("stock") }
}

/** A planned update with its input merged against the ledger and the product as it is (see mergeFields). */
export function mergePlanned(p: Planned, input: UpdateProductWorkflowInputDTO, existing: ExistingProduct | undefined, rules: FieldRules): Planned {
  const merged = mergeFields({ input, last: p.last ?? null, store: (existing?.fields ?? {}) as Record<string, unknown>, ...rules })
  return { ...p, input: merged.input, fields: merged.hashes, conflicts: merged.conflicts }
}
