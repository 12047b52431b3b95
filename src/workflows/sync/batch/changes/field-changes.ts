import { createHash } from "node:crypto"
import type { SyncFieldChange } from "../../../../types/sync-change"
import { fieldOfKey, valueHash } from "../../../../feed/product-fields"

/**
 * A value as a person reads it where it is kept beside a product (a
 * conflict, a change row), not a copy of the catalog: text longer than
 * `limit` characters is cut and says its length, and with `hash` a short
 * sha1 of the whole that tells two long values apart.
 */
export function shortened(value: unknown, limit: number, { hash = false }: { hash?: boolean } = {}): unknown {
  if (value === undefined || value === null) return null
  const text = typeof value === "string" ? value : JSON.stringify(value)
  if (text.length <= limit) return value
  const digest = hash ? `, sha1 ${createHash("sha1").update(text).digest("hex").slice(0, 8)}` : ""
  return `${text.slice(0, limit)}… (${text.length} characters${digest})`
}

/** A value as a change row keeps it: cut at 300 characters, with a hash. */
export const shown = (value: unknown) => shortened(value, 300, { hash: true })

// Compared as the ledger compares them (see valueHash): tags as sets, images as URLs, absent as null.
const same = (key: string, a: unknown, b: unknown) => valueHash(key, a) === valueHash(key, b)

/** Id → name of the tags, categories, collections and types a change names. */
export type ReferenceNames = Map<string, string>

/** The input keys whose values are reference ids, shown by name. */
export const REFERENCE_KEYS = ["tag_ids", "category_ids", "collection_id", "type_id"] as const

function readable(key: string, value: unknown, names: ReferenceNames): unknown {
  if (value === undefined || value === null) return null
  if (key === "tag_ids" || key === "category_ids") return [...(value as string[])].map((id) => names.get(id) ?? id).sort()
  if (key === "collection_id" || key === "type_id") return names.get(value as string) ?? value
  if (key === "images") return (value as { url: string }[]).map((i) => i.url)
  return value
}

/**
 * The product's own fields an update input changes, against the product as
 * it is, by the feed's names (`tags`, `metadata.brand`): what the merge lets
 * through and the store does not hold already. Metadata key by key.
 */
export function fieldChanges(input: Record<string, unknown>, store: Record<string, unknown>, names: ReferenceNames): Record<string, SyncFieldChange> {
  const changes: Record<string, SyncFieldChange> = {}
  for (const [key, to] of Object.entries(input)) {
    if (key === "metadata") {
      const next = (to ?? {}) as Record<string, unknown>
      const was = (store.metadata ?? {}) as Record<string, unknown>
      for (const k of new Set([...Object.keys(next), ...Object.keys(was)])) {
        if (!same("metadata", next[k], was[k])) changes[`metadata.${k}`] = { from: shown(was[k]), to: shown(next[k]) }
      }
      continue
    }
    const field = fieldOfKey(key)
    if (!field || same(key, to, store[key])) continue
    changes[field] = { from: shown(readable(key, store[key], names)), to: shown(readable(key, to, names)) }
  }
  return changes
}

/** The reference ids `fieldChanges` would show, so their names can be read at once. */
export function referenceIds(inputs: Record<string, unknown>[]): string[] {
  const ids = inputs.flatMap((v) => REFERENCE_KEYS.flatMap((k) => (v[k] === undefined || v[k] === null ? [] : ([] as string[]).concat(v[k] as string | string[]))))
  return [...new Set(ids)]
}
