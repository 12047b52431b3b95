/**
 * The batches of a run in flight: at most `size` at once (the `concurrency`
 * option). The reader adds a batch and waits for room before it cuts the
 * next one; a batch that fails stops the run once the others in flight have
 * ended (each commits or not on its own).
 */
export class BatchWindow {
  private readonly inFlight = new Set<Promise<void>>()
  private failure: { error: unknown } | null = null

  constructor(private readonly size: number) {}

  /** Starts a batch's work. */
  add(work: () => Promise<void>): void {
    const running: Promise<void> = work()
      .catch((error) => {
        this.failure ??= { error }
      })
      .finally(() => this.inFlight.delete(running))
    this.inFlight.add(running)
  }

  /** Resolves once there is room for another batch, or one failed. */
  async room(): Promise<void> {
    while (this.inFlight.size >= this.size && !this.failure) await Promise.race(this.inFlight)
  }

  get failed(): boolean {
    return !!this.failure
  }

  /** Waits for every batch in flight; throws the first failure. */
  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.race(this.inFlight)
    if (this.failure) throw this.failure.error
  }
}
