import { Badge, Button, Input, Table, Text } from "@medusajs/ui"
import { Fragment, useState } from "react"
import type { SyncChangeAction, SyncChangeRisk, SyncRunDTO } from "../../types"
import { useSyncRunChanges } from "../hooks/use-sync-runs"
import { useTriggerSync } from "../hooks/use-trigger-sync"
import { formatAgo, RISK_LABELS } from "../lib/format"
import { ChangeDiff } from "./change-diff"
import { Pager } from "./pager"

const PAGE = 20
const ACTION_LABELS: Record<SyncChangeAction, string> = { create: "created", update: "updated", draft: "drafted", remove: "deleted" }

type Filter = { action?: SyncChangeAction; risk?: SyncChangeRisk; q?: string }

/**
 * A run's change log — a dry run's plan — in its drawer: the risks first
 * (each a filter), the counts per action (each a filter) and per field,
 * then the products page by page; a row opens to its field changes. A dry
 * run offers to run the same source for real.
 */
export const RunChanges = ({ run }: { run: SyncRunDTO }) => {
  const [filter, setFilter] = useState<Filter>({})
  const [page, setPage] = useState(0)
  const [open, setOpen] = useState<string | null>(null)
  const { data, isError, error } = useSyncRunChanges(run.id, { ...filter, limit: PAGE, offset: page * PAGE })
  // The same run for real: a targeted plan's products only, so it removes nothing the plan did not show.
  const real = useTriggerSync(run.source, run.only)
  const toggle = (next: Filter) => {
    setFilter((f) => ({ ...f, ...next }))
    setPage(0)
  }
  if (isError) return <Text className="text-ui-fg-error">Could not load the changes: {(error as Error).message}</Text>
  if (!data) return <Text className="text-ui-fg-muted">Loading the changes…</Text>
  const { summary } = data
  const would = run.dry_run ? "would be " : ""
  return (
    <div className="flex flex-col gap-3" data-testid="sync-run-changes">
      {run.dry_run && run.status !== "running" && (
        <div className="flex items-center justify-between gap-2 rounded-md border p-3">
          <Text size="small" className="text-ui-fg-subtle">
            A plan, made {formatAgo(run.finished_at ?? run.started_at)}: the feed and the store may have changed since, and a real run writes what it finds then.
          </Text>
          <Button size="small" className="shrink-0" onClick={real.start} isLoading={real.isPending} data-testid="sync-run-for-real">
            Run for real
          </Button>
        </div>
      )}
      {real.conflict && <Text size="small" className="text-ui-fg-error">A run of “{run.source}” is active; run for real when it has ended.</Text>}
      {summary.total === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">No product {run.dry_run ? "would change" : "changed"} in this run.</Text>
      ) : (
        <>
          {Object.keys(summary.risks).length > 0 && (
            <div className="flex flex-wrap gap-2" data-testid="sync-change-risks">
              {(Object.entries(summary.risks) as [SyncChangeRisk, number][]).map(([risk, n]) => (
                <Button key={risk} size="small" variant={filter.risk === risk ? "primary" : "danger"} data-testid={`sync-change-risk-${risk}`}
                  onClick={() => toggle({ risk: filter.risk === risk ? undefined : risk })}>
                  {n.toLocaleString()} {n === 1 ? "product" : "products"} {RISK_LABELS[risk]}
                </Button>
              ))}
            </div>
          )}
          <div className="flex flex-wrap items-center gap-2">
            {(Object.entries(summary.actions) as [SyncChangeAction, number][]).map(([action, n]) => (
              <Button key={action} size="small" variant={filter.action === action ? "primary" : "secondary"} data-testid={`sync-change-action-${action}`}
                onClick={() => toggle({ action: filter.action === action ? undefined : action })}>
                {n.toLocaleString()} {would}{ACTION_LABELS[action]}
              </Button>
            ))}
            <Input size="small" type="search" placeholder="External ID or title" className="max-w-[220px]" data-testid="sync-change-search"
              value={filter.q ?? ""} onChange={(e) => toggle({ q: e.target.value || undefined })} />
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            Fields: {Object.entries(summary.fields).map(([field, n]) => `${field} ${n.toLocaleString()}`).join(" · ") || "–"}
          </Text>
          <Table data-testid="sync-change-table">
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>External ID</Table.HeaderCell>
                <Table.HeaderCell>Product</Table.HeaderCell>
                <Table.HeaderCell>Change</Table.HeaderCell>
                <Table.HeaderCell>Fields</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.changes.map((c) => (
                <Fragment key={c.external_id}>
                  <Table.Row className="cursor-pointer" onClick={() => setOpen(open === c.external_id ? null : c.external_id)} data-testid="sync-change-row">
                    <Table.Cell className="whitespace-nowrap">{c.external_id}</Table.Cell>
                    <Table.Cell>{c.title}</Table.Cell>
                    <Table.Cell>
                      <div className="flex items-center gap-1">
                        {would}{ACTION_LABELS[c.action]}
                        {c.risks.map((r) => <Badge key={r} size="2xsmall" color="red">{r.replace("_", " ")}</Badge>)}
                      </div>
                    </Table.Cell>
                    <Table.Cell>{[...Object.keys(c.fields), ...(c.variants ? ["variants"] : []), ...(c.prices.length ? ["prices"] : []), ...(c.stock.length ? ["stock"] : [])].join(", ") || "–"}</Table.Cell>
                  </Table.Row>
                  {open === c.external_id && (
                    <Table.Row>
                      <td colSpan={4} className="bg-ui-bg-subtle px-6 py-2"><ChangeDiff change={c} /></td>
                    </Table.Row>
                  )}
                </Fragment>
              ))}
            </Table.Body>
          </Table>
          {data.count === 0 && <Text size="small" className="text-ui-fg-subtle">No change matches the filter.</Text>}
          {data.count > PAGE && <Pager count={data.count} pageSize={PAGE} page={page} onPage={setPage} />}
        </>
      )}
    </div>
  )
}
