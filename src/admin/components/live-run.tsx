import { Text } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { formatDuration } from "../lib/format"
import { ProgressBar } from "./progress-bar"
import { RunStats } from "./run-stats"

/** The panel while a run is active: bar, counts, time, step. */
export const LiveRun = ({ run }: { run: SyncRunDTO }) => {
  const { progress } = run
  const elapsed = Date.now() - new Date(run.started_at).getTime()
  return (
    <div className="flex flex-col gap-3" data-testid="sync-live-run">
      <ProgressBar progress={progress} />
      <Text size="small" className="text-ui-fg-subtle" data-testid="sync-progress-text">
        {progress.processed.toLocaleString()}
        {progress.total !== null ? ` of ${progress.total.toLocaleString()} items (${progress.percentage}%)` : " items"}
        {" · "}elapsed {formatDuration(elapsed)}
        {progress.eta_seconds !== null ? ` · about ${formatDuration(progress.eta_seconds * 1000)} left` : ""}
        {progress.step ? ` · ${progress.step}` : ""}
      </Text>
      <RunStats stats={run.stats} />
    </div>
  )
}
