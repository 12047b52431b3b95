import { randomBytes } from "node:crypto"
import os from "node:os"

/**
 * The runs this process is executing right now: not a status (status lives
 * in the rows), only the handles a graceful shutdown needs to stop them.
 */
export type LocalRunner = {
  /** Ask the runner to stop after the batch in flight and end `interrupted`. */
  requestStop(reason: string): void
  /** Settles when the runner has written its final status. */
  done: Promise<unknown>
}

export const localRunners = new Map<string, LocalRunner>()

/** Batches this process executes for runs read anywhere (see executeBatch): a shutdown lets them end. */
export const localBatches = new Set<Promise<unknown>>()

/** Set when this process begins to shut down: it takes no batch, and one that fails then is not the run's failure. */
export const shutdown = { started: false }

/**
 * Who executes a run: this process, for this boot only. `hostname:pid` alone
 * names two containers alike (pid 1 in Docker, `hostNetwork` pods), so a
 * random part makes it unique; the readable part is for people.
 * `PRODUCT_SYNC_INSTANCE_LABEL` replaces the readable part (tests use it to
 * play two containers with the same hostname and pid). Whether the owner is
 * alive is never decided from this name — only from the run's heartbeat.
 */
export const instanceId = `${process.env.PRODUCT_SYNC_INSTANCE_LABEL || `${os.hostname()}:${process.pid}`}/${randomBytes(4).toString("hex")}`
