import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps } from "@medusajs/framework/types"
import { Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { FieldConflicts } from "../components/field-conflicts"
import { ProductChanges } from "../components/product-changes"
import { useLockProduct, useProductSync, useSyncProductNow } from "../hooks/use-product-sync"
import type { SyncRunDTO } from "../../types"

/** What a targeted run of one product did, in a line. */
const outcomeOf = (run: SyncRunDTO) => {
  if (run.status === "running") return "Syncing this product…"
  if (run.status !== "completed") return `The sync ${run.status}${run.error ? `: ${run.error}` : ""}`
  const { created, updated, unchanged, failed, skipped } = run.stats
  if (failed) return "The feed's record of this product could not be synced: see the run's errors"
  if (run.note?.includes("not in the source: ")) return "The feed does not have this product any more"
  if (created || updated) return "Synced: the feed's changes were written"
  if (skipped) return "Skipped: syncing this product is stopped"
  return unchanged ? "Synced: nothing changed in the feed" : "Synced"
}

/** On a product's page: the source it is synced from, what the last sync found changed on both sides, what the last runs changed, and a switch to stop syncing it. */
const ProductSyncedFrom = ({ data: product }: DetailWidgetProps<{ id: string }>) => {
  const { data } = useProductSync(product.id)
  const lock = useLockProduct(product.id)
  const now = useSyncProductNow(product.id)
  const sync = data?.sync
  if (!sync) return null // not managed by a source: nothing to say
  return (
    <Container className="flex flex-col gap-y-2 px-6 py-4" data-testid="product-synced-from">
      <Heading level="h2">Synced from “{sync.source}”</Heading>
      <Text size="small">External id: {sync.external_id}</Text>
      <Text size="small">
        Last synced {new Date(sync.synced_at).toLocaleString()} by{" "}
        <Link to="/product-sync" className="text-ui-fg-interactive">run {sync.last_run_id}</Link>
      </Text>
      <Text size="small" className="text-ui-fg-subtle">
        {sync.locked
          ? "Not synced: every sync leaves this product alone, and never removes it."
          : sync.left_feed
            ? "It left the feed and was set to draft; it comes back if the feed has it again."
            : "A sync writes a field only when the feed changes it; your edits of other fields stay."}
      </Text>
      <FieldConflicts conflicts={sync.conflicts} />
      <ProductChanges changes={sync.changes} />
      {now.run && (
        <Text size="small" data-testid="product-sync-now-outcome">
          {outcomeOf(now.run)}
        </Text>
      )}
      {!sync.locked && (
        <Button
          size="small"
          variant="secondary"
          isLoading={now.start.isPending || now.run?.status === "running"}
          onClick={() => now.start.mutate({ source: sync.source, externalId: sync.external_id })}
          data-testid="product-sync-now"
        >
          Sync this product now
        </Button>
      )}
      <Button size="small" variant="secondary" isLoading={lock.isPending} onClick={() => lock.mutate(!sync.locked)} data-testid="product-sync-lock">
        {sync.locked ? "Sync this product again" : "Stop syncing this product"}
      </Button>
    </Container>
  )
}

export const config = defineWidgetConfig({ zone: "product.details.side" })

export default ProductSyncedFrom
