/**
 * The pause after failed attempt `attempt` (1-based) of a source request:
 * exponential from `backoffMs`, with jitter, so that retries of several
 * instances hitting the same supplier spread out.
 */
export function waitBeforeRetry(backoffMs: number, attempt: number): Promise<void> {
  const backoff = backoffMs * 2 ** (attempt - 1)
  return new Promise((resolve) => setTimeout(resolve, backoff / 2 + Math.random() * backoff))
}
