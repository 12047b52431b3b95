import { defineWidgetConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Spinner } from "@medusajs/icons"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { ConflictNote } from "../components/conflict-note"
import { LastRun } from "../components/last-run"
import { LiveRun } from "../components/live-run"
import { RunActions } from "../components/run-actions"
import { RunStatusBadge } from "../components/run-status-badge"
import { useSyncStatus } from "../hooks/use-sync-status"
import { isConflict, useTriggerSync } from "../hooks/use-trigger-sync"
import { throwIfUnauthorized } from "../lib/unauthorized"

const ProductSyncWidget = () => {
  const { data: status, isError, error, refetch } = useSyncStatus()
  const trigger = useTriggerSync()
  const active = status?.run ?? null
  const busy = !!active || trigger.isPending
  throwIfUnauthorized(error)

  return (
    <Container className="divide-y p-0" data-testid="product-sync-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <div className="flex items-center gap-x-3">
          <Heading level="h2">Product sync</Heading>
          <Text size="small" className="text-ui-fg-muted">source: default</Text>
          {status && <RunStatusBadge run={active ?? status.last_run} />}
        </div>
        <div className="flex items-center gap-x-2">
          <Button size="small" variant="transparent" asChild>
            <Link to="/settings/product-sync">History</Link>
          </Button>
          {active && <RunActions run={active} />}
          <Button size="small" variant="secondary" onClick={() => trigger.mutate()} disabled={busy} aria-label="Sync now">
            {busy ? <Spinner className="animate-spin" /> : <ArrowPath />}
            {busy ? "Syncing…" : "Sync now"}
          </Button>
        </div>
      </div>
      <div className="flex flex-col gap-3 px-6 py-4">
        {isConflict(trigger.error) && active && <ConflictNote run={active} />}
        {isError && (
          <Text size="small" className="text-ui-fg-error" data-testid="sync-error-state">
            Could not load the sync status: {(error as Error).message}.{" "}
            <button className="underline" onClick={() => refetch()}>Try again</button>
          </Text>
        )}
        {!status && !isError && <Text size="small" className="text-ui-fg-muted">Loading…</Text>}
        {status && (active ? <LiveRun run={active} /> : <LastRun status={status} />)}
      </div>
    </Container>
  )
}

export const config = defineWidgetConfig({
  zone: "product.list.before",
})

export default ProductSyncWidget
