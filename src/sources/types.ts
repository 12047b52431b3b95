import type { SyncCheckpoint } from "../types"

/** A slice of the source's items, with the cursor that restarts after it. */
export type SourceChunk = {
  items: unknown[]
  /** Where to restart after these items; null when the feed ends with them. */
  cursor: SyncCheckpoint | null
  /** Items in the whole feed, when the source tells. */
  total: number | null
}

/**
 * Where items come from. `read` streams chunks of at most `chunkSize` raw
 * items from `from` (or the start), never the whole feed at once.
 */
export interface SyncSource {
  read(
    from: SyncCheckpoint | null,
    chunkSize: number,
    signal?: AbortSignal
  ): AsyncIterable<SourceChunk>
}

/** A source failure; `retryable` says whether another attempt may succeed. */
export class SourceError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean
  ) {
    super(message)
    this.name = "SourceError"
  }
}
