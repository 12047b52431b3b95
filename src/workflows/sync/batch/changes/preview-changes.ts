import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import type { ResolvedProductSyncOptions } from "../../../../types"
import type { SyncChangeDTO } from "../../../../types/sync-change"
import { emptyOutcome } from "../types"
import type { FeedProduct } from "../../../../feed/feed-product"
import { planBatch } from "../plan-batch"
import { planContextOf } from "../plan-context"
import { resolveStoreDefaults } from "../write-context"

/**
 * What a sync would change of the previewed products the store has, by
 * external id — the same plan a dry run makes, for these products alone:
 * null for a product the sync would leave as it is. Products the store does
 * not have yet are not listed (a sync would create them). Creates nothing.
 */
export async function previewChanges(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  name: string,
  options: ResolvedProductSyncOptions,
  products: FeedProduct[]
): Promise<Record<string, Omit<SyncChangeDTO, "external_id" | "title"> | null>> {
  if (!products.length) return {}
  const defaults = await resolveStoreDefaults(container, options.sources[name])
  const context = planContextOf(container, service, { source: name, runId: "preview", dryRun: true, options, defaults, onNote: async () => undefined })
  // A reference the run could not resolve is the run's item error; the preview shows the product as read.
  const { batch, ledger } = await planBatch(container, context, products, emptyOutcome(), () => undefined)
  const changes: Record<string, Omit<SyncChangeDTO, "external_id" | "title"> | null> = {}
  for (const p of products) if (ledger.get(p.external_id) && !ledger.get(p.external_id)?.locked) changes[p.external_id] = null
  for (const change of batch.changes) {
    const { external_id, product_id, action, fields, variants, prices, stock, risks } = change
    if (external_id in changes) changes[external_id] = { product_id, action, fields, variants, prices, stock, risks }
  }
  return changes
}
