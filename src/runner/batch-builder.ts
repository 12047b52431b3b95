import type { SourceChunk, SourceItem } from "../sources"

/** A chunk of the source, and how many of its items need a write (see Lookahead.classify). */
export type Ahead = { chunk: SourceChunk; toWrite: number }

// An unchanged item costs a hash and a ledger row, a batch workflow some
// fixed work: a resync that finds few changes commits every
// `RECORDS_PER_BATCH_SIZE` batch sizes of records, or each second, whichever comes first.
const RECORDS_PER_BATCH_SIZE = 10
const MAX_BATCH_MS = 1000

/**
 * Gathers the source's chunks into the batches the run writes: a batch
 * closes when `batchSize` of its items need a write (a chunk that would take
 * it past that starts the next one), when it holds ten times `batchSize`
 * records, or when it has been open a second (progress stays live on a slow
 * source). A full sync writes a batch per chunk; a
 * resync of a large, mostly unchanged feed runs a tenth of the workflows.
 */
export class BatchBuilder {
  private items: SourceItem[] = []
  private records = 0
  private toWrite = 0
  private last: SourceChunk | null = null
  private openedAt = 0

  constructor(private readonly batchSize: number) {}

  add({ chunk, toWrite }: Ahead): void {
    if (!this.last) this.openedAt = performance.now()
    this.items.push(...chunk.items)
    this.records += chunk.records
    this.toWrite += toWrite
    this.last = chunk
  }

  /** Whether the chunk may join: its writes keep the batch within `batchSize` (a first chunk always joins). */
  accepts({ toWrite }: Ahead): boolean {
    return !this.last || this.toWrite + toWrite <= this.batchSize
  }

  full(): boolean {
    return (
      this.toWrite >= this.batchSize ||
      this.records >= this.batchSize * RECORDS_PER_BATCH_SIZE ||
      performance.now() - this.openedAt >= MAX_BATCH_MS
    )
  }

  empty(): boolean {
    return !this.last
  }

  /** The batch so far, with the position after its last chunk; the builder starts a new one. */
  take(): { items: SourceItem[]; records: number; cursor: SourceChunk["cursor"]; total: number | null } {
    const last = this.last as SourceChunk
    const batch = { items: this.items, records: this.records, cursor: last.cursor, total: last.total }
    this.items = []
    this.records = 0
    this.toWrite = 0
    this.last = null
    return batch
  }
}
