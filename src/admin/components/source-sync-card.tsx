import { ArrowPath, Spinner } from "@medusajs/icons"
import { Button, Heading, Text } from "@medusajs/ui"
import type { AdminSyncSourceDTO } from "../../types"
import { useSyncStatus } from "../hooks/use-sync-status"
import { useTriggerSync } from "../hooks/use-trigger-sync"
import { ConflictNote } from "./conflict-note"
import { LastRun } from "./last-run"
import { LiveRun } from "./live-run"
import { RunActions } from "./run-actions"
import { RunStatusBadge } from "./run-status-badge"

const shapeOf = (s: AdminSyncSourceDTO) =>
  [s.preset ?? s.format ?? "detected format", /^https?:/.test(s.url) ? `${s.pagination} pages` : "file", s.has_map && "own mapping", s.incremental && "incremental"].filter(Boolean).join(" · ")

/** One source: where it reads, its status, Sync now / Cancel, Preview, and its live run or last run. */
export const SourceSyncCard = ({ source, onPreview }: { source: AdminSyncSourceDTO; onPreview: (name: string) => void }) => {
  const { data: status, isError, error, refetch } = useSyncStatus(source.name)
  const trigger = useTriggerSync(source.name)
  const active = status?.run ?? null
  return (
    <div className="flex flex-col gap-3 px-6 py-4" data-testid={`sync-source-${source.name}`}>
      <div className="flex items-start justify-between gap-x-4">
        <div className="min-w-0">
          <div className="flex items-center gap-x-2">
            <Heading level="h3">{source.name}</Heading>
            {status && <RunStatusBadge run={active ?? status.last_run} />}
          </div>
          <Text size="xsmall" className="text-ui-fg-muted break-all">{source.url}</Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {shapeOf(source)}
            {!source.enabled ? " · disabled" : source.schedule ? ` · scheduled ${source.schedule}` : " · not scheduled"}
          </Text>
        </div>
        <div className="flex shrink-0 items-center gap-x-2">
          <Button size="small" variant="transparent" onClick={() => onPreview(source.name)}>Preview</Button>
          {active && <RunActions run={active} />}
          <Button size="small" variant="secondary" onClick={trigger.start} disabled={!source.enabled || !!active || trigger.isPending} aria-label={`Sync ${source.name} now`}>
            {active || trigger.isPending ? <Spinner className="animate-spin" /> : <ArrowPath />}
            {active || trigger.isPending ? "Syncing…" : "Sync now"}
          </Button>
        </div>
      </div>
      {trigger.conflict && active && <ConflictNote run={active} />}
      {isError && (
        <Text size="small" className="text-ui-fg-error">
          Could not load the status of "{source.name}": {(error as Error).message}.{" "}
          <button className="underline" onClick={() => refetch()}>Try again</button>
        </Text>
      )}
      {status && (active ? <LiveRun run={active} /> : <LastRun status={status} />)}
    </div>
  )
}
