import { Text } from "@medusajs/ui"
import type { SyncRunStats } from "../../types"

const LABELS: [keyof SyncRunStats, string][] = [
  ["created", "Created"],
  ["updated", "Updated"],
  ["unchanged", "Unchanged"],
  ["failed", "Failed"],
  ["removed", "Removed"],
]

// "Removed" only shows when a run removed products that left the feed.
export const RunStats = ({ stats }: { stats: SyncRunStats }) => (
  <dl className={`grid gap-2 ${stats.removed ? "grid-cols-5" : "grid-cols-4"}`}>
    {LABELS.filter(([key]) => key !== "removed" || stats.removed).map(([key, label]) => (
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
