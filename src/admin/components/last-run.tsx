import { Text } from "@medusajs/ui"
import type { AdminSyncStatusResponse } from "../../types"
import { formatAgo, formatDuration } from "../lib/format"
import { RunStats } from "./run-stats"

/** The panel when idle: how the last run went and what comes next. */
export const LastRun = ({ status }: { status: AdminSyncStatusResponse }) => {
  const run = status.last_run
  if (!run) {
    return (
      <Text size="small" className="text-ui-fg-subtle">
        No sync has run yet. Click “Sync now” to import the catalog from the source.
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-3">
      <Text size="small" className="text-ui-fg-subtle">
        Finished {run.finished_at ? formatAgo(run.finished_at) : "–"} · took {formatDuration(run.duration_ms)}
        {status.next_run_at ? ` · next scheduled ${new Date(status.next_run_at).toLocaleString()}` : ""}
      </Text>
      <RunStats stats={run.stats} />
      {run.error && (
        <pre className="bg-ui-bg-subtle text-ui-fg-error txt-compact-small whitespace-pre-wrap rounded-md p-2 select-all" data-testid="sync-last-error">
          {run.error}
        </pre>
      )}
    </div>
  )
}
