import { Text } from "@medusajs/ui"
import type { SyncRunStats } from "../../types"

const LABELS: [keyof SyncRunStats, string][] = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["unchanged", "Unchanged"],
  ["failed", "Failed"],
  ["removed", "Removed"],
  ["conflicts", "Conflicts"],
]

// "Removed" and "Conflicts" only show when a run has some: most runs have neither.
const OPTIONAL = new Set<keyof SyncRunStats>(["removed", "conflicts"])

export const RunStats = ({ stats }: { stats: SyncRunStats }) => {
  const shown = LABELS.filter(([key]) => !OPTIONAL.has(key) || stats[key])
  return (
    <dl className="grid gap-2" style={{ gridTemplateColumns: `repeat(${shown.length}, minmax(0, 1fr))` }}>
      {shown.map(([key, label]) => (
        <div key={key} data-testid={`stat-${key}`}>
          <Text size="xsmall" className="text-ui-fg-subtle" asChild>
            <dt>{label}</dt>
          </Text>
          <Text size="small" weight="plus" asChild>
            <dd>{(stats[key] ?? 0).toLocaleString()}</dd>
          </Text>
        </div>
      ))}
    </dl>
  )
}
