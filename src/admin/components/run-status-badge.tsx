import { StatusBadge } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { outcomeOf } from "../lib/format"

export const RunStatusBadge = ({ run }: { run: SyncRunDTO | null }) => {
  const { label, color } = outcomeOf(run)
  return (
    <StatusBadge color={color} data-testid="sync-status-badge">
      {label}
    </StatusBadge>
  )
}
