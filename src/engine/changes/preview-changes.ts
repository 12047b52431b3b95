import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../../modules/product_sync/service"
import type { ResolvedProductSyncOptions } from "../../types"
import type { SyncChangeDTO } from "../../types/sync-change"
import { emptyOutcome } from "../../workflows/sync/types"
import type { FeedProduct } from "../feed-product"
import { Lookahead } from "../lookahead"
import { planBatch } from "../plan-batch"
import { RunReferences } from "../references"
import { StockLocations } from "../stock/stock-locations"
import { resolveStoreDefaults } from "../write-context"
import { DEFAULT_RISKY_PRICE_DROP } from "./plan-changes"

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
  const config = options.sources[name]
  const defaults = await resolveStoreDefaults(container, config)
  const lookahead = new Lookahead((ids) => service.lookupLedger(name, ids))
  const ledger = await lookahead.lookupLedger(products.map((p) => p.external_id))
  const { batch } = await planBatch(
    container,
    {
      runId: "preview",
      source: name,
      rules: { ownership: config.fields ?? {}, onConflict: config.onConflict ?? "feed" },
      lookahead,
      references: new RunReferences(container, { creates: false }),
      images: null,
      defaults,
      locations: new StockLocations(container, { stockLocation: config.stockLocation, salesChannelIds: defaults.salesChannelIds }, async () => undefined),
      dryRun: true,
      changeLog: true,
      riskyPriceDrop: config.riskyPriceDrop ?? DEFAULT_RISKY_PRICE_DROP,
    },
    products,
    emptyOutcome(),
    () => undefined // a reference the run could not resolve is the run's item error; the preview shows the product
  )
  const changes: Record<string, Omit<SyncChangeDTO, "external_id" | "title"> | null> = {}
  for (const p of products) if (ledger.get(p.external_id) && !ledger.get(p.external_id)?.locked) changes[p.external_id] = null
  for (const change of batch.changes) {
    const { external_id, product_id, action, fields, variants, prices, stock, risks } = change
    if (external_id in changes) changes[external_id] = { product_id, action, fields, variants, prices, stock, risks }
  }
  return changes
}
