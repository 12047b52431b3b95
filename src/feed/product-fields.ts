import { createHash } from "node:crypto"
import { stable } from "./stable-json"

/**
 * The one list of what a sync may own of a product, by the feed's names:
 * the product's own fields, its metadata (merged key by key), and the parts
 * written apart from them (options and variants, prices, stock). A source's
 * `fields` option names these; the ledger keeps a hash per field of what
 * the sync last wrote.
 */
export const OWN_FIELDS = [
  "title", "subtitle", "description", "handle", "status", "thumbnail", "images", "tags", "categories",
  "collection", "type", "discountable", "hs_code", "mid_code", "origin_country", "material",
  "weight", "length", "height", "width",
] as const
export const PART_FIELDS = ["variants", "prices", "stock"] as const
export const SYNCABLE_FIELDS = [...OWN_FIELDS, "metadata", ...PART_FIELDS] as const
export type SyncableField = (typeof SYNCABLE_FIELDS)[number]

/** `sync`: written on create and update; `create`: only when the product is created; `ignore`: never. */
export type FieldOwnership = "sync" | "create" | "ignore"
export type FieldOwnershipMap = Partial<Record<SyncableField, FieldOwnership>>

/** Who owns `field` under a source's `fields` option: "sync" unless it says otherwise. */
export const ownerOf = (ownership: FieldOwnershipMap, field: SyncableField): FieldOwnership => ownership[field] ?? "sync"

/** Fields a product cannot be created without: a source may stop updating them, not skip them. */
export const REQUIRED_ON_CREATE: SyncableField[] = ["title", "handle", "variants"]

// A feed name whose Medusa input is named otherwise (references are ids there).
const INPUT_KEYS: Partial<Record<SyncableField, string>> = {
  tags: "tag_ids",
  categories: "category_ids",
  collection: "collection_id",
  type: "type_id",
}
const FIELD_OF_KEY = new Map<string, SyncableField>(OWN_FIELDS.map((f) => [INPUT_KEYS[f] ?? f, f]))

/** The feed name of a Medusa input key (`tag_ids` → `tags`, `metadata.brand` → `metadata`); undefined: not merged. */
export function fieldOfKey(key: string): SyncableField | undefined {
  return key.startsWith("metadata.") ? "metadata" : FIELD_OF_KEY.get(key)
}

/** The Medusa input key of a feed field (`tags` → `tag_ids`). */
export const inputKeyOf = (field: SyncableField) => INPUT_KEYS[field] ?? field

/**
 * One value in the terms both sides share, so that what the feed would write
 * and what the store holds compare equal when they mean the same: ids of
 * tags and categories as sets, images as their URLs, numbers as Medusa
 * returns them, absent as null.
 */
export function comparable(key: string, value: unknown): unknown {
  if (value === undefined || value === null) return null
  if (key === "tag_ids" || key === "category_ids") return [...(value as string[])].sort()
  if (key === "images") return (value as { url: string }[]).map((i) => i.url)
  return value
}

/** A short hash of one field's value: the ledger stores one per field, so it stays small. */
export const valueHash = (key: string, value: unknown) =>
  createHash("sha1").update(JSON.stringify(stable(comparable(key, value)))).digest("base64url").slice(0, 16)

/** Hashes of the merged fields an input carries, by input key; metadata key by key. */
export function fieldHashes(input: Record<string, unknown>): Record<string, string> {
  const hashes: Record<string, string> = {}
  for (const [key, value] of Object.entries(input)) {
    if (key === "metadata") {
      for (const [k, v] of Object.entries((value ?? {}) as Record<string, unknown>)) hashes[`metadata.${k}`] = valueHash("metadata", v)
    } else if (FIELD_OF_KEY.has(key)) {
      hashes[key] = valueHash(key, value)
    }
  }
  return hashes
}

/** Removes from an input what the source's ownership says a write of this kind must not set. */
export function withoutUnowned<T extends Record<string, unknown>>(input: T, ownership: FieldOwnershipMap, allowed: FieldOwnership[]): T {
  const kept = { ...input }
  for (const key of Object.keys(kept)) {
    const field = key === "metadata" ? "metadata" : fieldOfKey(key)
    if (field && !allowed.includes(ownerOf(ownership, field))) delete kept[key]
  }
  return kept
}
