import type ProductSyncModuleService from "../modules/product_sync/service"
import type { SyncRunRecord } from "../modules/product_sync/utils/to-dto"
import type { ReadOptions } from "../sources"
import type { FeedSourceOptions, SyncRunMode } from "../types"
import { sourceConfigHash } from "../modules/product_sync/utils/config-hash"

export const DEFAULT_OVERLAP_SECONDS = 300

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
  if (run.resumed_from) {
    const configHash = sourceConfigHash(config)
    // A resume reads on from a checkpoint page, whose URL already carries the
    // incremental parameter; the first page is not read again.
    const mode = (await service.getRun(run.resumed_from)).mode ?? "full"
    const original = await service.getChainStart(run.resumed_from)
    await service.annotateRun(run.id, { mode, config_hash: configHash })
    return { mode, chain: original.id }
  }
  const configHash = sourceConfigHash(config)
  if (run.only_ids?.length) {
    // A targeted run reads the source as it is now (asking only for its ids where the source can).
    await service.annotateRun(run.id, { mode: "targeted", config_hash: configHash })
    return { mode: "targeted", chain: run.id, ...(config.targetedParam ? { extraParams: { [config.targetedParam]: run.only_ids.join(",") } } : {}) }
  }
  // A forced full run reads everything, unconditionally.
  const baseline = run.force_full ? null : await service.getSourceBaseline(run.source)
  // An incremental read asks for what changed since the start of the last
  // chain that synced everything it read (what failed since is read again),
  // less a margin for clocks and slow commits on the source's side.
  const clean = baseline && config.incremental ? await service.getSourceBaseline(run.source, { withoutFailures: true }) : null
  const plan: Plan = { mode: clean ? "incremental" : "full", chain: run.id }
  if (clean && config.incremental) {
    const started = new Date((await service.getChainStart(clean.id)).started_at)
    const since = new Date(started.getTime() - (config.incremental.overlapSeconds ?? DEFAULT_OVERLAP_SECONDS) * 1000)
    const value = config.incremental.format === "unix" ? String(Math.floor(since.getTime() / 1000)) : since.toISOString()
    plan.extraParams = { [config.incremental.param]: value }
  } else if (!config.incremental && baseline?.source_validators && baseline.failed === 0 && baseline.config_hash === configHash) {
    // After item failures, the same source is worth reading again: what
    // failed may have been fixed on the store's side. So is a source whose
    // configuration changed: the same bytes may map to other products.
    plan.conditional = baseline.source_validators as ReadOptions["conditional"]
  }
  const mode = plan.mode
  await service.annotateRun(run.id, { mode, config_hash: configHash })
  return plan
}
