import { Table, Text } from "@medusajs/ui"
import type { SyncRunDTO } from "../../types"
import { useActorLabel } from "../hooks/use-actor-label"
import { formatDuration } from "../lib/format"
import { RunStatusBadge } from "./run-status-badge"

const TRIGGERS = { manual: "Manual", scheduled: "Scheduled", resume: "Resume" } as const

const Who = ({ actor }: { actor: string }) => <>{useActorLabel(actor)}</>

type Props = {
  runs: SyncRunDTO[]
  onOpen: (id: string) => void
}

export const RunHistoryTable = ({ runs, onOpen }: Props) => (
  <Table data-testid="sync-history-table">
    <Table.Header>
      <Table.Row>
        <Table.HeaderCell>Status</Table.HeaderCell>
        <Table.HeaderCell>Source</Table.HeaderCell>
        <Table.HeaderCell>Trigger</Table.HeaderCell>
        <Table.HeaderCell>Started</Table.HeaderCell>
        <Table.HeaderCell>Duration</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Created</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Updated</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Unchanged</Table.HeaderCell>
        <Table.HeaderCell className="text-right">Failed</Table.HeaderCell>
      </Table.Row>
    </Table.Header>
    <Table.Body>
      {runs.map((run) => (
        <Table.Row
          key={run.id}
          className="cursor-pointer"
          onClick={() => onOpen(run.id)}
          data-testid={`sync-history-row-${run.id}`}
        >
          <Table.Cell><RunStatusBadge run={run} /></Table.Cell>
          <Table.Cell>{run.source}</Table.Cell>
          <Table.Cell>
            <Text size="small">{TRIGGERS[run.trigger]}</Text>
            <Text size="xsmall" className="text-ui-fg-muted"><Who actor={run.triggered_by} /></Text>
          </Table.Cell>
          <Table.Cell>{new Date(run.started_at).toLocaleString()}</Table.Cell>
          <Table.Cell>{run.status === "running" ? "running…" : formatDuration(run.duration_ms)}</Table.Cell>
          <Table.Cell className="text-right">{run.stats.created.toLocaleString()}</Table.Cell>
          <Table.Cell className="text-right">{run.stats.updated.toLocaleString()}</Table.Cell>
          <Table.Cell className="text-right">{run.stats.unchanged.toLocaleString()}</Table.Cell>
          <Table.Cell className="text-right">{run.stats.failed.toLocaleString()}</Table.Cell>
        </Table.Row>
      ))}
    </Table.Body>
  </Table>
)
