import type { MedusaContainer } from "@medusajs/framework/types"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import { isHttp } from "../../../sources/transport/location"
import type { ResolvedProductSyncOptions } from "../../../types"
import { DEFAULT_RISKY_PRICE_DROP } from "./changes/plan-changes"
import { ImageRehoster } from "./images/rehost-images"
import { Lookahead } from "./lookahead"
import type { PlanContext } from "./plan-batch"
import { RunReferences } from "./references"
import { StockLocations } from "./stock/stock-locations"
import type { WriteContext } from "./to-product-input"

const DEFAULT_MAX_IMAGE_BYTES = 10 * 1024 * 1024

/**
 * What planning a source's batches needs, from its options: a run's (see
 * syncSource) and a preview's, which is a dry run's plan of a few records.
 * A dry run creates no reference and downloads no image.
 */
export function planContextOf(
  container: MedusaContainer,
  service: ProductSyncModuleService,
  { source, runId, dryRun, options, defaults, onNote }: {
    source: string
    runId: string
    dryRun: boolean
    options: ResolvedProductSyncOptions
    defaults: Omit<WriteContext, "tagIds">
    /** Tells the run about a stock location the sync created. */
    onNote: (note: string) => Promise<void>
  }
): PlanContext {
  const config = options.sources[source]
  return {
    runId,
    source,
    dryRun,
    rules: { ownership: config.fields ?? {}, onConflict: config.onConflict ?? "feed" },
    defaults,
    references: new RunReferences(container, { creates: !dryRun }),
    changeLog: config.changeLog ?? true,
    riskyPriceDrop: config.riskyPriceDrop ?? DEFAULT_RISKY_PRICE_DROP,
    locations: new StockLocations(container, { stockLocation: config.stockLocation, salesChannelIds: defaults.salesChannelIds }, onNote),
    images:
      config.images === "rehost"
        ? new ImageRehoster(container, service, {
            maxBytes: config.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES,
            timeoutMs: options.requestTimeoutMs,
            trustedHosts: [...(isHttp(config.url) ? [new URL(config.url).hostname.toLowerCase()] : []), ...(config.allowedHosts ?? []).map((h) => h.toLowerCase())],
          })
        : null,
    lookahead: new Lookahead((ids) => service.lookupLedger(source, ids)),
  }
}
