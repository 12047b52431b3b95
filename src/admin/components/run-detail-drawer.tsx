import { Drawer, Heading, Table, Tabs, Text } from "@medusajs/ui"
import { useState } from "react"
import { useActorLabel } from "../hooks/use-actor-label"
import { useSyncRun } from "../hooks/use-sync-runs"
import { formatDuration } from "../lib/format"
import { LiveRun } from "./live-run"
import { MissingProducts } from "./missing-products"
import { Pager } from "./pager"
import { RunActions } from "./run-actions"
import { RunChanges } from "./run-changes"
import { RunStats } from "./run-stats"
import { RunStatusBadge } from "./run-status-badge"

const ERRORS_PAGE = 20

const Field = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="grid grid-cols-3 gap-2 py-1">
    <Text size="small" className="text-ui-fg-subtle">{label}</Text>
    <Text size="small" className="col-span-2 break-all">{children}</Text>
  </div>
)

/** Everything about one run: fields, progress, its item errors page by page, its actions, and what it changed (a dry run: its plan). */
export const RunDetailDrawer = ({ id, onClose }: { id: string | null; onClose: () => void }) => {
  const [page, setPage] = useState(0)
  const { data, isError, error } = useSyncRun(id, { limit: ERRORS_PAGE, offset: page * ERRORS_PAGE })
  const run = data?.run
  const who = useActorLabel(run?.triggered_by)
  return (
    <Drawer open={!!id} onOpenChange={(open) => !open && (setPage(0), onClose())}>
      <Drawer.Content data-testid="sync-run-drawer">
        <Drawer.Header>
          <Drawer.Title asChild><Heading>Sync run</Heading></Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-4 overflow-y-auto">
          {isError && <Text className="text-ui-fg-error">Could not load the run: {(error as Error).message}</Text>}
          {run && (
            <>
              <div className="flex items-center justify-between">
                <RunStatusBadge run={run} />
                <RunActions run={run} resumedBy={run.resumed_by} />
              </div>
              {run.status === "running" ? <LiveRun run={run} /> : <RunStats stats={run.stats} />}
              <Tabs defaultValue="details">
                <Tabs.List>
                  <Tabs.Trigger value="details">Details</Tabs.Trigger>
                  <Tabs.Trigger value="changes" data-testid="sync-run-changes-tab">{run.dry_run ? "Plan" : "Changes"}</Tabs.Trigger>
                </Tabs.List>
                <Tabs.Content value="changes" className="pt-3">
                  <RunChanges run={run} />
                </Tabs.Content>
                <Tabs.Content value="details" className="flex flex-col gap-4 pt-3">
                  <div className="divide-y">
                    <Field label="ID">{run.id}</Field>
                    <Field label="Source">{run.source}{run.dry_run ? " (dry run)" : ""}</Field>
                    <Field label="Trigger">{run.trigger} by {who}</Field>
                    <Field label="Started">{new Date(run.started_at).toLocaleString()}</Field>
                    <Field label="Finished">{run.finished_at ? new Date(run.finished_at).toLocaleString() : "–"}</Field>
                    <Field label="Duration">{formatDuration(run.duration_ms)}</Field>
                    <Field label="Processed">{run.progress.processed.toLocaleString()}{run.progress.total !== null ? ` of ${run.progress.total.toLocaleString()}` : ""}</Field>
                    <Field label="Checkpoint">{run.checkpoint ? `item ${run.checkpoint.offset} of ${run.checkpoint.page}` : "–"}</Field>
                    {run.resumed_from && <Field label="Resumes">{run.resumed_from}</Field>}
                    {run.resumed_by && <Field label="Resumed by">{run.resumed_by}</Field>}
                    {run.note && <Field label="Note">{run.note}</Field>}
                    {run.error && <Field label="Error"><span className="text-ui-fg-error">{run.error}</span></Field>}
                  </div>
                  <MissingProducts run={run} />
                  <Heading level="h3">Item errors ({run.error_count.toLocaleString()})</Heading>
                  {run.error_count === 0 ? (
                    <Text size="small" className="text-ui-fg-subtle">Every item of this run was valid and written.</Text>
                  ) : (
                    <Table data-testid="sync-run-errors">
                      <Table.Header>
                        <Table.Row>
                          <Table.HeaderCell>External ID</Table.HeaderCell>
                          <Table.HeaderCell>Reason</Table.HeaderCell>
                        </Table.Row>
                      </Table.Header>
                      <Table.Body>
                        {run.errors.map((e) => (
                          <Table.Row key={e.id}>
                            <Table.Cell className="whitespace-nowrap">{e.external_id ?? "–"}</Table.Cell>
                            <Table.Cell className="whitespace-normal break-words">{e.message}</Table.Cell>
                          </Table.Row>
                        ))}
                      </Table.Body>
                    </Table>
                  )}
                  {run.error_count > ERRORS_PAGE && (
                    <Pager count={run.error_count} pageSize={ERRORS_PAGE} page={page} onPage={setPage} />
                  )}
                </Tabs.Content>
              </Tabs>
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
