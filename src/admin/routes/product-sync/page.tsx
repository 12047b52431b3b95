import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath } from "@medusajs/icons"
import { Container, Heading, Select, Text } from "@medusajs/ui"
import { useState } from "react"
import type { SyncRunStatus } from "../../../types"
import { SYNC_RUN_STATUSES } from "../../../types/run-rules"
import { Pager } from "../../components/pager"
import { RunDetailDrawer } from "../../components/run-detail-drawer"
import { RunHistoryTable } from "../../components/run-history-table"
import { SourcePreviewDrawer } from "../../components/source-preview-drawer"
import { SourceSyncCard } from "../../components/source-sync-card"
import { useSyncRuns } from "../../hooks/use-sync-runs"
import { useSyncSources } from "../../hooks/use-sync-sources"
import { throwIfUnauthorized } from "../../lib/unauthorized"

const PAGE_SIZE = 20
const STATUSES: (SyncRunStatus | "all")[] = ["all", ...SYNC_RUN_STATUSES]

/**
 * Product sync, in the main sidebar: the one place to run and watch syncs —
 * every source with its status, Sync now / Cancel, its live run or last run,
 * the next scheduled run and a preview; below, every run with its detail.
 */
const ProductSyncPage = () => {
  const [status, setStatus] = useState<SyncRunStatus | "all">("all")
  const [page, setPage] = useState(0)
  const [open, setOpen] = useState<string | null>(null)
  const { data, isError, error, isLoading } = useSyncRuns({
    status: status === "all" ? undefined : status,
    limit: PAGE_SIZE,
    offset: page * PAGE_SIZE,
  })
  const sources = useSyncSources()
  const [preview, setPreview] = useState<string | null>(null)
  throwIfUnauthorized(error)

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h1">Product sync</Heading>
          <Text size="small" className="text-ui-fg-subtle">Sources come from medusa-config.ts. Preview one to check its mapping before a sync.</Text>
        </div>
        {sources.isError && (
          <Text className="text-ui-fg-error px-6 py-4">Could not load the sources: {(sources.error as Error).message}</Text>
        )}
        {sources.data?.sources.length === 0 && (
          <Text className="text-ui-fg-subtle px-6 py-4">No source is configured: add one under the plugin's "sources" option.</Text>
        )}
        {sources.data?.sources.map((source) => <SourceSyncCard key={source.name} source={source} onPreview={setPreview} />)}
        <SourcePreviewDrawer name={preview} onClose={() => setPreview(null)} />
      </Container>
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h2">Runs</Heading>
            <Text size="small" className="text-ui-fg-subtle">Every sync run, newest first.</Text>
          </div>
          <div className="w-48">
            <Select value={status} onValueChange={(v) => (setStatus(v as SyncRunStatus | "all"), setPage(0))}>
              <Select.Trigger aria-label="Filter by status"><Select.Value /></Select.Trigger>
              <Select.Content>
                {STATUSES.map((s) => (
                  <Select.Item key={s} value={s}>{s === "all" ? "All statuses" : s[0].toUpperCase() + s.slice(1)}</Select.Item>
                ))}
              </Select.Content>
            </Select>
          </div>
        </div>
        {isError && (
          <Text className="text-ui-fg-error px-6 py-4" data-testid="sync-history-error">
            Could not load the run history: {(error as Error).message}. Check that the server is up, then reload the page.
          </Text>
        )}
        {isLoading && <Text className="text-ui-fg-muted px-6 py-4">Loading…</Text>}
        {data && data.count === 0 && (
          <Text className="text-ui-fg-subtle px-6 py-4" data-testid="sync-history-empty">
            {status === "all" ? "No sync has run yet. Start one with “Sync now” above." : `No ${status} runs.`}
          </Text>
        )}
        {data && data.count > 0 && (
          <>
            <RunHistoryTable runs={data.runs} onOpen={setOpen} />
            <Pager count={data.count} pageSize={PAGE_SIZE} page={page} onPage={setPage} />
          </>
        )}
        <RunDetailDrawer id={open} onClose={() => setOpen(null)} />
      </Container>
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Product sync",
  icon: ArrowPath,
})

export default ProductSyncPage
