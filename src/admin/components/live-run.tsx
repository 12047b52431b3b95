import { Text } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { formatDuration } from "../lib/format"
import { ProgressBar } from "./progress-bar"
import { RunStats } from "./run-stats"

/** Where a run is reading, for people: the checkpoint's page without scheme and host. */
const pageOf = (run: SyncRunDTO) => {
  const page = run.checkpoint?.page
  if (!page) return null
  return page.replace(/^https?:\/\/[^/]+/, "").replace(/^.*\/(?=[^/]+$)/, "") || page
}

/**
 * The panel while a run is active. Progress is real without a total too:
 * items so far, the rate, the time, the page being read; with a total, the
 * percentage and the time left.
 */
export const LiveRun = ({ run }: { run: SyncRunDTO }) => {
  const { progress } = run
  const elapsed = Date.now() - new Date(run.started_at).getTime()
  const rate = elapsed > 1000 ? progress.processed / (elapsed / 1000) : null
  const page = pageOf(run)
  const parts = [
    progress.total !== null
      ? `${progress.processed.toLocaleString()} of ${progress.total.toLocaleString()} items (${progress.percentage}%)`
      : `${progress.processed.toLocaleString()} items so far`,
    rate !== null ? `${rate < 10 ? rate.toFixed(1) : Math.round(rate).toLocaleString()} items/s` : null,
    `elapsed ${formatDuration(elapsed)}`,
    progress.eta_seconds !== null ? `about ${formatDuration(progress.eta_seconds * 1000)} left` : null,
    page ? `reading ${page}` : null,
    progress.step,
  ]
  return (
    <div className="flex flex-col gap-3" data-testid="sync-live-run">
      <ProgressBar progress={progress} />
      <Text size="small" className="text-ui-fg-subtle" data-testid="sync-progress-text">
        {parts.filter(Boolean).join(" · ")}
      </Text>
      <RunStats stats={run.stats} />
    </div>
  )
}
