import { Text } from "@medusajs/ui"
import type { SyncFieldConflictDTO } from "../../types"

const shown = (value: unknown) => (value === null ? "(empty)" : typeof value === "string" ? value : JSON.stringify(value))

/** Fields the feed and the store both changed: both values, and which one the product has. */
export const FieldConflicts = ({ conflicts }: { conflicts: SyncFieldConflictDTO[] }) => {
  if (!conflicts.length) return null
  return (
    <div className="flex flex-col gap-y-1" data-testid="product-sync-conflicts">
      <Text size="small" weight="plus">Changed in the store and in the feed</Text>
      {conflicts.map((c) => (
        <div key={c.field} className="bg-ui-bg-subtle rounded-md px-2 py-1">
          <Text size="xsmall" weight="plus">{c.field}</Text>
          <Text size="xsmall" className="break-all">Store: {shown(c.store)}</Text>
          <Text size="xsmall" className="break-all">Feed: {shown(c.feed)}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle">Kept: the {c.kept}'s value</Text>
        </div>
      ))}
    </div>
  )
}
