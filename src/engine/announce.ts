import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { PRODUCT_SYNC_MODULE } from "../modules/product_sync"
import type ProductSyncModuleService from "../modules/product_sync/service"
import { type SyncRunRecord, toSyncRunDTO } from "../modules/product_sync/utils/to-dto"

export async function emit(container: MedusaContainer, name: string, data: Record<string, unknown>) {
  await container.resolve(Modules.EVENT_BUS).emit({ name, data })
}

/**
 * Tells the world how a run ended: an event for code, and for people a
 * notification in the admin's feed (as Medusa's product import does) when
 * something needs a look: a failed or interrupted run, item errors, a held removal.
 */
export async function announceOutcome(container: MedusaContainer, run: SyncRunRecord) {
  const { stats } = toSyncRunDTO(run)
  await emit(container, `product-sync.run.${run.status}`, { id: run.id, source: run.source, stats })

  const held = run.missing?.action === "held" ? run.missing : null
  const note = held
    ? {
        title: "Product sync held a removal",
        description: `${held.count} product(s) (${Math.round(held.ratio * 100)} %) left the feed of "${run.source}": more than its safety limit, so none was ${held.on_missing === "draft" ? "drafted" : "deleted"}. Check the feed; apply the removal from run ${run.id} if it is right.`,
      }
    : run.status === "failed"
      ? { title: "Product sync failed", description: run.error ?? "The sync could not go on." }
      : run.status === "interrupted"
        ? { title: "Product sync interrupted", description: `${run.error ?? "The run stopped."} Resume it from run ${run.id}.` }
      : run.status === "completed" && run.failed > 0
        ? {
            title: "Product sync completed with errors",
            description: `${run.failed} item(s) could not be synced; ${run.created} created, ${run.updated} updated. See run ${run.id}.`,
          }
        : null
  if (!note || !container.hasRegistration(Modules.NOTIFICATION)) {
    return
  }
  try {
    await container.resolve(Modules.NOTIFICATION).createNotifications({
      to: "",
      channel: "feed",
      template: "admin-ui",
      data: note,
    })
  } catch (e) {
    container
      .resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      .warn(`product-sync: could not post the admin notification: ${(e as Error).message}`)
  }
}

/**
 * Interrupts the running runs (of `source`, or all) whose heartbeat is stale,
 * and tells about each like a run that ended by itself: event and notification.
 */
export async function reapAndAnnounce(container: MedusaContainer, source: string | null = null): Promise<string[]> {
  const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const reaped = await service.interruptStaleRuns(source)
  for (const id of reaped) {
    await announceOutcome(container, await service.getRun(id))
  }
  return reaped
}
