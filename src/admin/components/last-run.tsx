import { ExclamationCircle } from "@medusajs/icons"
import { Copy, Text } from "@medusajs/ui"
import type { AdminSyncStatusResponse } from "../../types"
import { formatAgo, formatDuration } from "../lib/format"
import { RunStats } from "./run-stats"

/** The panel when idle: how the last run went, when the next one comes, whether data is fresh. */
export const LastRun = ({ status }: { status: AdminSyncStatusResponse }) => {
  const run = status.last_run
  const next = status.next_run_at ? `Next scheduled sync ${new Date(status.next_run_at).toLocaleString()}.` : "No scheduled sync."
  if (!run) {
    return (
      <Text size="small" className="text-ui-fg-subtle" data-testid="sync-empty-state">
        No sync has run yet. Click “Sync now” to import the catalog from the source. {next}
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-3">
      <Text size="small" className="text-ui-fg-subtle" data-testid="sync-last-run">
        Last run finished {run.finished_at ? formatAgo(run.finished_at) : "–"} and took {formatDuration(run.duration_ms)}. {next}
      </Text>
      <RunStats stats={run.stats} />
      {!status.freshness.is_fresh && (
        <Text size="small" className="text-ui-fg-subtle flex items-center gap-x-1" data-testid="sync-freshness-note">
          <ExclamationCircle className="text-ui-tag-orange-icon" />
          {status.last_success_at
            ? `The last successful sync was ${formatAgo(status.last_success_at)}, more than ${status.freshness.max_age_hours} hours ago.`
            : "The catalog has never been synced successfully."}
        </Text>
      )}
      {run.error && (
        <div className="bg-ui-bg-subtle flex items-start gap-x-2 rounded-md p-2">
          <pre className="text-ui-fg-error txt-compact-small flex-1 whitespace-pre-wrap break-all" data-testid="sync-last-error">
            {run.error}
          </pre>
          <Copy content={run.error} aria-label="Copy error" />
        </div>
      )}
    </div>
  )
}
