import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Spinner } from "@medusajs/icons"
import { Button, Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ConflictNote } from "../components/conflict-note"
import { ProgressBar } from "../components/progress-bar"
import { RunStatusBadge } from "../components/run-status-badge"
import { useSyncStatus } from "../hooks/use-sync-status"
import { useTriggerSync } from "../hooks/use-trigger-sync"
import { formatAgo } from "../lib/format"
import { throwIfUnauthorized } from "../lib/unauthorized"

/**
 * On the product list, one line: the status of the sources (the `default`
 * one, else the one that ran last), the progress of an active run, Sync now
 * when there is a `default` source to sync, and the way to the Product sync page.
 */
const ProductSyncWidget = () => {
  const { data: status, isError, error } = useSyncStatus()
  const trigger = useTriggerSync()
  // The described source's run, else any source's: the list is being rewritten either way.
  const active = status?.run ?? status?.sources?.find((s) => s.run)?.run ?? null
  const busy = !!active || trigger.isPending
  const canSync = !!status?.sources?.some((s) => s.name === "default" && s.enabled)
  throwIfUnauthorized(error)
  const last = status?.last_run
  const summary = active
    ? `${active.progress.processed.toLocaleString()}${active.progress.total !== null ? ` of ${active.progress.total.toLocaleString()}` : ""} items`
    : last?.finished_at
      ? `last sync ${formatAgo(last.finished_at)}`
      : "never synced"

  return (
    <Container className="flex flex-col gap-2 px-6 py-3" data-testid="product-sync-widget">
      <div className="flex items-center justify-between gap-x-3">
        <div className="flex min-w-0 items-center gap-x-2">
          <Text size="small" weight="plus">Product sync</Text>
          {status && <RunStatusBadge run={active ?? last ?? null} />}
          <Text size="small" className="text-ui-fg-subtle truncate" data-testid="sync-widget-summary">
            {isError ? `status unavailable: ${(error as Error).message}` : status ? summary : "…"}
          </Text>
        </div>
        <div className="flex shrink-0 items-center gap-x-2">
          <Button size="small" variant="transparent" asChild>
            <Link to="/product-sync">Open Product sync</Link>
          </Button>
          {canSync && (
            <Button size="small" variant="secondary" onClick={trigger.start} disabled={busy} aria-label="Sync now">
              {busy ? <Spinner className="animate-spin" /> : <ArrowPath />}
              {busy ? "Syncing…" : "Sync now"}
            </Button>
          )}
        </div>
      </div>
      {active && <ProgressBar progress={active.progress} />}
      {trigger.conflict && active && <ConflictNote run={active} />}
    </Container>
  )
}

// Medusa 2.21 places a zone's widgets after the list; admins can move it with
// the dashboard's layout configuration (README, "Admin UI").
export const config = defineWidgetConfig({
  zone: "product.list",
})

export default ProductSyncWidget
