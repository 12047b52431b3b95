import type { SyncRunRecord } from "./utils/to-dto"

/** What one source is doing and how its runs went, as the status board holds it. */
export type SourceStatusRow = {
  source: string
  active: SyncRunRecord | null
  last: SyncRunRecord | null
  last_success_at: Date | null
}

export type StatusBoard = { read_at: Date; sources: SourceStatusRow[] }

const MAX_AGE_MS = 1_000

/**
 * The status of every source, read at most once a second per instance
 * however many callers ask: the status route, the status headers on every
 * API response, the health check and every open stream share one query.
 * A run claimed or ended by this instance clears it, so its own trigger and
 * its own run's end show at once; other instances' runs show within a second.
 */
export class StatusBoardCache {
  private board: StatusBoard | null = null
  private pending: Promise<StatusBoard> | null = null
  private generation = 0

  constructor(private readonly load: () => Promise<SourceStatusRow[]>) {}

  /** The board, read again when older than `maxAgeMs` (the stream asks for a fresh one each second). */
  async read(maxAgeMs = MAX_AGE_MS): Promise<StatusBoard> {
    if (this.board && Date.now() - this.board.read_at.getTime() < maxAgeMs) return this.board
    // Callers that arrive while a read is under way share it.
    this.pending ??= this.refresh()
    return await this.pending
  }

  /** The next read goes to the database. */
  clear(): void {
    this.board = null
    this.pending = null
    this.generation++
  }

  private async refresh(): Promise<StatusBoard> {
    const generation = this.generation
    const read_at = new Date()
    try {
      const board = { read_at, sources: await this.load() }
      // A read that began before a clear may predate the change that caused it: it is not kept.
      if (generation === this.generation) this.board = board
      return board
    } finally {
      if (generation === this.generation) this.pending = null
    }
  }
}
