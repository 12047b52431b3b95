import { Text } from "@medusajs/ui"
import type { SyncRunStats } from "../../types"

const LABELS: [keyof SyncRunStats, string][] = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["unchanged", "Unchanged"],
  ["failed", "Failed"],
]

export const RunStats = ({ stats }: { stats: SyncRunStats }) => (
  <dl className="grid grid-cols-4 gap-2">
    {LABELS.map(([key, label]) => (
      <div key={key} data-testid={`stat-${key}`}>
        <Text size="xsmall" className="text-ui-fg-subtle" asChild>
          <dt>{label}</dt>
        </Text>
        <Text size="small" weight="plus" asChild>
          <dd>{stats[key].toLocaleString()}</dd>
        </Text>
      </div>
    ))}
  </dl>
)
