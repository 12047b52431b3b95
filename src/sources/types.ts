import type { SyncCheckpoint } from "../types"
import type { Validators } from "./transport/open-location"

/** One product (or a reason there is none) from a record of the source. */
export type SourceItem = {
  /** 0-based position of the record it came from, counted from where reading started. */
  index: number
  /** The record's id where one can be read, for error messages. */
  id: string | null
} & (
  | { product: unknown; error?: undefined; skipped?: undefined }
  | { error: string; product?: undefined; skipped?: undefined }
  | { skipped: true; product?: undefined; error?: undefined }
)

/** A slice of the source's records, mapped, with the cursor that restarts after it. */
export type SourceChunk = {
  items: SourceItem[]
  /** Records these items came from (a record may give several products, or none). */
  records: number
  /** Where to restart after these records; null when the feed ends with them. */
  cursor: SyncCheckpoint | null
  /** Records in the whole feed, when the source tells. */
  total: number | null
}

export type ReadOptions = {
  /** Where to start; null reads from the first page. */
  from: SyncCheckpoint | null
  /** At most this many records per chunk. */
  chunkSize: number
  signal?: AbortSignal
  /** Position of the first record read (records handled before a resume). */
  startIndex?: number
  /** Validators of the last completed run: the first page is asked for with them. */
  conditional?: Validators | null
  /** Appended to the first page's URL (incremental sync). */
  extraParams?: Record<string, string>
}

/**
 * What reading the first page taught: its validators, or that nothing changed.
 * `pages`: how many pages the read opened (a 304 for a feed of many pages would hide its later pages),
 * unless `wholeSource`: the validators cover every page (a file drop's listing).
 */
export type ReadInfo = { validators: Validators | null; unchanged: boolean; pages: number; wholeSource?: boolean; unchangedBecause?: string }

/**
 * Where products come from. `read` streams chunks of at most `chunkSize`
 * records from `from` (or the start), never the whole feed at once.
 */
export interface SyncSource {
  read(options: ReadOptions): AsyncIterable<SourceChunk>
  /** Filled in once the first page has been opened. */
  readonly info: ReadInfo
  /** Called once a complete, non-dry run wrote everything it read (a drop moves its files); a note for the run, or null. */
  afterSync?(run: { failed: number }): Promise<string | null>
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

/**
 * A resume found its checkpoint page changed: the record before the
 * checkpoint is not the one the interrupted run committed last (records were
 * added, removed or reordered). The run reads the source again from the start.
 */
export class SourceChanged extends SourceError {
  constructor(message: string) {
    super(message, false)
    this.name = "SourceChanged"
  }
}
