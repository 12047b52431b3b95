import { Drawer, Heading, Table, Text } from "@medusajs/ui"
import { useEffect } from "react"
import { usePreviewSource } from "../hooks/use-sync-sources"

const priceOf = (variant?: { prices?: { currency_code: string; amount: number | string }[] }) => {
  const price = variant?.prices?.[0]
  return price ? `${price.amount} ${price.currency_code.toUpperCase()}` : "—"
}

/** The first records of a source as the sync would write them, and the ones it would reject. */
export const SourcePreviewDrawer = ({ name, onClose }: { name: string | null; onClose: () => void }) => {
  const preview = usePreviewSource()
  const { mutate, reset } = preview
  useEffect(() => {
    if (name) mutate({ name })
    else reset()
  }, [name, mutate, reset])
  const data = preview.data
  return (
    <Drawer open={!!name} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content data-testid="sync-source-preview">
        <Drawer.Header>
          <Drawer.Title asChild><Heading>Preview of “{name}”</Heading></Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-4 overflow-y-auto">
          <Text size="small" className="text-ui-fg-subtle">The first 10 records, read and mapped as a sync would. Nothing is written.</Text>
          {preview.isPending && <Text className="text-ui-fg-muted">Reading the source…</Text>}
          {preview.isError && <Text className="text-ui-fg-error">Could not preview: {(preview.error as Error).message}</Text>}
          {data && (
            <>
              <Text size="small">
                {data.products.length} valid product{data.products.length === 1 ? "" : "s"}, {data.errors.length} error{data.errors.length === 1 ? "" : "s"}
                {data.skipped ? `, ${data.skipped} skipped by the mapping` : ""}
              </Text>
              {data.products.length > 0 && (
                <Table>
                  <Table.Header>
                    <Table.Row>
                      <Table.HeaderCell>External id</Table.HeaderCell>
                      <Table.HeaderCell>Title</Table.HeaderCell>
                      <Table.HeaderCell className="text-right">Variants</Table.HeaderCell>
                      <Table.HeaderCell className="text-right">Price</Table.HeaderCell>
                    </Table.Row>
                  </Table.Header>
                  <Table.Body>
                    {data.products.map((p) => (
                      <Table.Row key={String(p.external_id)}>
                        <Table.Cell>{String(p.external_id)}</Table.Cell>
                        <Table.Cell>{p.title}</Table.Cell>
                        <Table.Cell className="text-right">{p.variants?.length || 1}</Table.Cell>
                        <Table.Cell className="text-right">{priceOf(p.variants?.[0])}</Table.Cell>
                      </Table.Row>
                    ))}
                  </Table.Body>
                </Table>
              )}
              {data.errors.map((e, i) => (
                <Text key={i} size="small" className="text-ui-fg-error break-all" data-testid="sync-source-preview-error">
                  {e.record ? `Record ${e.record}${e.external_id ? ` (${e.external_id})` : ""}: ` : ""}{e.message}
                </Text>
              ))}
            </>
          )}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer>
  )
}
