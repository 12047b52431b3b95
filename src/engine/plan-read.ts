import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SyncRunRecord } from "../modules/product_sync/utils/to-dto"
import type { ReadOptions } from "../sources"
import type { FeedSourceOptions, SyncRunMode } from "../types"
import { sourceConfigHash } from "./config-hash"

type Plan = Pick<ReadOptions, "conditional" | "extraParams"> & {
  mode: SyncRunMode
  /** The first run of the resumed chain this run continues (itself when it starts afresh). */
  chain: string
}

/**
 * How a run asks its source for data, from the last completed run: with its
 * validators (a 304 then ends the run at once) and, for an `incremental`
 * source, only for what changed since it started. Records the run's mode.
 */
export async function planRead(
  service: ProductSyncModuleService,
  run: SyncRunRecord,
  config: FeedSourceOptions
): Promise<Plan> {
  const configHash = sourceConfigHash(config)
  if (run.resumed_from) {
    // A resume reads on from a checkpoint page, whose URL already carries the
    // incremental parameter; the first page is not read again.
    const mode = (await service.getRun(run.resumed_from)).mode ?? "full"
    const original = await service.getChainStart(run.resumed_from)
    await service.annotateRun(run.id, { mode, config_hash: configHash })
    return { mode, chain: original.id }
  }
  const baseline = await service.getSourceBaseline(run.source)
  if (!baseline) {
    await service.annotateRun(run.id, { config_hash: configHash })
    return { mode: "full", chain: run.id }
  }
  const mode: SyncRunMode = config.incremental ? "incremental" : "full"
  const plan: Plan = { mode, chain: run.id }
  if (config.incremental) {
    const since = new Date(baseline.started_at)
    const value = config.incremental.format === "unix" ? String(Math.floor(since.getTime() / 1000)) : since.toISOString()
    plan.extraParams = { [config.incremental.param]: value }
  } else if (baseline.source_validators && baseline.failed === 0 && baseline.config_hash === configHash) {
    // After item failures, the same source is worth reading again: what
    // failed may have been fixed on the store's side. So is a source whose
    // configuration changed: the same bytes may map to other products.
    plan.conditional = baseline.source_validators as ReadOptions["conditional"]
  }
  await service.annotateRun(run.id, { mode, config_hash: configHash })
  return plan
}
