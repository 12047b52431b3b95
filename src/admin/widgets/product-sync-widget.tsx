import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ArrowPath } from "@medusajs/icons"
import { Button, Container, Heading, StatusBadge, Text } from "@medusajs/ui"
import { LastRun } from "../components/last-run"
import { LiveRun } from "../components/live-run"
import { useSyncStatus } from "../hooks/use-sync-status"
import { isConflict, useTriggerSync } from "../hooks/use-trigger-sync"
import { formatTime, outcomeOf } from "../lib/format"

const ProductSyncWidget = () => {
  const { data: status, isError, error, refetch } = useSyncStatus()
  const trigger = useTriggerSync()
  const active = status?.run ?? null
  const badge = outcomeOf(active ?? status?.last_run ?? null)
  const busy = !!active || trigger.isPending

  return (
    <Container className="divide-y p-0" data-testid="product-sync-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div className="flex items-center gap-x-3">
          <Heading level="h2">Product sync</Heading>
          <Text size="small" className="text-ui-fg-muted">source: default</Text>
          {status && <StatusBadge color={badge.color} data-testid="sync-status-badge">{badge.label}</StatusBadge>}
        </div>
        <Button size="small" variant="secondary" onClick={() => trigger.mutate()} disabled={busy} isLoading={busy} aria-label="Sync now">
          <ArrowPath />
          Sync now
        </Button>
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        {isConflict(trigger.error) && active && (
          <Text size="small" className="text-ui-fg-subtle" data-testid="sync-conflict-note">
            A sync started at {formatTime(active.started_at)} by {active.triggered_by} is already running.
          </Text>
        )}
        {isError && (
          <Text size="small" className="text-ui-fg-error">
            Could not load the sync status: {(error as Error).message}.{" "}
            <button className="underline" onClick={() => refetch()}>Try again</button>
          </Text>
        )}
        {status && (active ? <LiveRun run={active} /> : <LastRun status={status} />)}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product.list.before",
})

export default ProductSyncWidget
