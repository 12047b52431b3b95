import { Button, Table, Text } from "@medusajs/ui"
import type { AdminSyncSourceDTO } from "../../types"
import { RunStatusBadge } from "./run-status-badge"

const shapeOf = (s: AdminSyncSourceDTO) =>
  [s.preset ?? s.format ?? "detected format", /^https?:/.test(s.url) ? `${s.pagination} pages` : "file", s.has_map && "own mapping", s.incremental && "incremental"].filter(Boolean).join(" · ")

/** Every configured source: where it reads (no secrets), how, its last run and a preview. */
export const SourcesTable = ({ sources, onPreview }: { sources: AdminSyncSourceDTO[]; onPreview: (name: string) => void }) => (
  <Table data-testid="sync-sources-table">
    <Table.Header>
      <Table.Row>
        <Table.HeaderCell>Source</Table.HeaderCell>
        <Table.HeaderCell>Reads</Table.HeaderCell>
        <Table.HeaderCell>Last run</Table.HeaderCell>
        <Table.HeaderCell />
      </Table.Row>
    </Table.Header>
    <Table.Body>
      {sources.map((s) => (
        <Table.Row key={s.name} data-testid={`sync-source-${s.name}`}>
          <Table.Cell>
            <Text size="small" weight="plus">{s.name}</Text>
            <Text size="xsmall" className="text-ui-fg-muted break-all">{s.url}</Text>
          </Table.Cell>
          <Table.Cell>
            <Text size="small">{shapeOf(s)}</Text>
            {s.schedule && <Text size="xsmall" className="text-ui-fg-muted">Scheduled: {s.schedule}</Text>}
          </Table.Cell>
          <Table.Cell><RunStatusBadge run={s.last_run} /></Table.Cell>
          <Table.Cell className="text-right">
            <Button size="small" variant="secondary" onClick={() => onPreview(s.name)}>Preview</Button>
          </Table.Cell>
        </Table.Row>
      ))}
    </Table.Body>
  </Table>
)
