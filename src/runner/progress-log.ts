import type { Logger } from "@medusajs/framework/types"
import type { SyncRunRecord } from "../modules/product_sync/utils/to-dto"

const MINUTE = 60_000

/**
 * The server log of a run, one line each: when it starts, each tenth of the
 * way (or each minute when the source gives no total), and how it ends.
 */
export class ProgressLog {
  private tenth = -1
  private lastAt = Date.now()

  constructor(
    private readonly logger: Logger,
    private readonly runId: string
  ) {}

  started(run: SyncRunRecord) {
    const how = [run.trigger, run.dry_run ? "dry run" : null, run.resumed_from ? `resuming ${run.resumed_from} at item ${run.processed}` : null]
    this.logger.info(`product-sync: run ${this.runId} of "${run.source}" started (${how.filter(Boolean).join(", ")}, by ${run.triggered_by})`)
    this.tenth = run.total ? Math.floor((run.processed * 10) / run.total) : -1
  }

  batch(processed: number, total: number | null) {
    const now = Date.now()
    if (total) {
      const tenth = Math.floor((processed * 10) / total)
      if (tenth > this.tenth && tenth < 10) {
        this.tenth = tenth
        this.lastAt = now
        this.logger.info(`product-sync: run ${this.runId}: ${tenth * 10} % (${processed} of ${total} items)`)
      }
    } else if (now - this.lastAt >= MINUTE) {
      this.lastAt = now
      this.logger.info(`product-sync: run ${this.runId}: ${processed} items so far`)
    }
  }

  ended(run: SyncRunRecord) {
    const seconds = ((run.duration_ms ?? 0) / 1000).toFixed(1)
    const counts = `${run.processed} items: ${run.created} created, ${run.updated} updated, ${run.unchanged} unchanged, ${run.skipped} skipped, ${run.failed} failed`
    const level = run.status === "failed" ? "error" : run.status === "completed" ? "info" : "warn"
    this.logger[level](`product-sync: run ${this.runId} ${run.status} after ${seconds} s; ${counts}${run.error ? `; ${run.error}` : ""}`)
  }
}
