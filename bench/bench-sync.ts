// One sync run of a source, as the bench measures it: claimed, executed in
// this process, timed, and checked to have completed without item failures.
import type { MedusaContainer } from "@medusajs/framework/types"
import { runSync } from "../src/runner/run-sync"
import { PRODUCT_SYNC_MODULE } from "../src/modules/product_sync"
import type ProductSyncModuleService from "../src/modules/product_sync/service"

export async function benchSync(
  container: MedusaContainer,
  label: string,
  { source = "default", dry_run }: { source?: string; dry_run?: boolean } = {}
) {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const { run } = await service.claimRun({ source, trigger: "manual", triggered_by: "bench", dry_run })
  if (!run) throw new Error("a run is already active")
  const started = performance.now()
  const status = await runSync(container, run.id)
  const ms = performance.now() - started
  const done = await service.getRun(run.id)
  if (status !== "completed" || done.failed > 0) throw new Error(`${label}: ${status} ${done.error ?? ""} failed=${done.failed}`)
  return { ms, run: done }
}
