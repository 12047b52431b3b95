import type { SyncRunRecord } from "../modules/product_sync/utils/to-dto"

export type AdminNote = { title: string; description: string }

/**
 * What people should hear about a run that ended, as an admin notification
 * (as Medusa's product import does): a failed or interrupted run, item
 * errors, a held removal. Null when there is nothing to look at.
 */
export function noteForEndedRun(run: SyncRunRecord): AdminNote | null {
  const held = run.missing?.action === "held" ? run.missing : null
  if (held) {
    return {
      title: "Product sync held a removal",
      description: `${held.count} product(s) (${Math.round(held.ratio * 100)} %) left the feed of "${run.source}": more than its safety limit, so none was ${held.on_missing === "draft" ? "drafted" : "deleted"}. Check the feed; apply the removal from run ${run.id} if it is right.`,
    }
  }
  if (run.status === "failed") {
    return { title: "Product sync failed", description: run.error ?? "The sync could not go on." }
  }
  if (run.status === "interrupted") {
    return { title: "Product sync interrupted", description: `${run.error ?? "The run stopped."} Resume it from run ${run.id}.` }
  }
  if (run.status === "completed" && run.failed > 0) {
    return {
      title: "Product sync completed with errors",
      description: `${run.failed} item(s) could not be synced; ${run.created} created, ${run.updated} updated. See run ${run.id}.`,
    }
  }
  return null
}
