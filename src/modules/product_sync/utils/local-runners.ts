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

export const processOwner = (hostname: string, pid = process.pid) =>
  `${hostname}:${pid}`
