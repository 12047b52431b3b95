/**
 * Batches that this process executes tell the reader waiting for them, in
 * this process, the moment they end: a delivered batch that lands on the
 * process that delivered it (always, without a Redis event bus) frees its
 * slot at once rather than at the reader's next look at the batch table.
 */
const waiting = new Map<string, () => void>()

/** Resolves when this process ends batch `id`, or after `ms`, whichever comes first. */
export function batchEndedOr(id: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      if (waiting.get(id) === done) waiting.delete(id)
      resolve()
    }
    const timer = setTimeout(done, ms)
    waiting.set(id, done)
  })
}

/** Batch `id` ended here (done, failed or fenced). */
export function batchEnded(id: string): void {
  waiting.get(id)?.()
}
