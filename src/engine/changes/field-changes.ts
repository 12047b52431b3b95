import { createHash } from "node:crypto"
import type { SyncFieldChange } from "../../types/sync-change"
import { comparable, fieldOfKey } from "../product-fields"
import { stable } from "../stable-json"

// A change row keeps values a person reads, not a copy of the catalog: a long description is cut.
const SHOWN = 300

/** A value as a change row keeps it: text longer than SHOWN characters cut, with its length and a hash to tell two apart. */
export function shown(value: unknown): unknown {
  if (value === undefined || value === null) return null
  const text = typeof value === "string" ? value : JSON.stringify(value)
  if (text.length <= SHOWN) return value
  const hash = createHash("sha1").update(text).digest("hex").slice(0, 8)
  return `${text.slice(0, SHOWN)}… (${text.length} characters, sha1 ${hash})`
}

const same = (key: string, a: unknown, b: unknown) => JSON.stringify(stable(comparable(key, a))) === JSON.stringify(stable(comparable(key, b)))

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
