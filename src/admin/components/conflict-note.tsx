import { InformationCircleSolid } from "@medusajs/icons"
import { Text } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { useActorLabel } from "../hooks/use-actor-label"
import { formatTime } from "../lib/format"

/** A second click while a run is active is not an error: say which run holds the source. */
export const ConflictNote = ({ run }: { run: SyncRunDTO }) => {
  const who = useActorLabel(run.triggered_by)
  return (
    <div className="bg-ui-bg-subtle flex items-center gap-x-2 rounded-md px-3 py-2" role="status" data-testid="sync-conflict-note">
      <InformationCircleSolid className="text-ui-fg-interactive" />
      <Text size="small">
        A sync started at {formatTime(run.started_at)} by {who} is already running.
      </Text>
    </div>
  )
}
