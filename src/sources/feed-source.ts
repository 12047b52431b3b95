import type { FeedSourceOptions } from "../types"
import { mapRecord, RecordMapper } from "./map-record"
import { PageReader } from "./page-reader"
import { PRESETS } from "./presets"
import type { ReadInfo, ReadOptions, SourceChunk, SyncSource } from "./types"

export type FeedSourceConfig = FeedSourceOptions & {
  /** The source's name, for the mapping context. */
  name: string
  attempts: number
  timeoutMs: number
  backoffMs: number
  /** Reading one page may take this long at most (see stallGuard); default none. */
  pageTimeoutMs?: number
}

/**
 * A configured source: pages (transport + pagination) → parser → records
 * (grouped where the format says) → the preset's or the app's `map` →
 * products, still unvalidated: the batch validates each one.
 */
export class FeedSource implements SyncSource {
  private readonly reader: PageReader
  private readonly mapper: RecordMapper | null

  constructor(private readonly config: FeedSourceConfig) {
    const preset = config.preset ? PRESETS[config.preset] : undefined
    const groupBy = config.csv?.groupBy
    this.reader = new PageReader({
      ...config,
      items: config.items ?? preset?.items,
      defaultFormat: preset?.format,
      // An empty groupBy cell continues the product above (spreadsheet style).
      group: groupBy && config.csv?.adjacent !== false ? (row) => (row as Record<string, string>)[groupBy] || undefined : preset?.group,
      // Rows of a product anywhere in the file: an empty cell is a product of its own.
      groupAnywhere: groupBy && config.csv?.adjacent === false ? { key: (row) => (row as Record<string, string>)[groupBy] || null } : preset?.groupAnywhere,
    })
    const currency = config.currency?.toLowerCase() ?? null
    this.mapper = config.map ?? (preset ? (record, ctx) => preset.map(record, { ...ctx, currency }) : null)
  }

  get info(): ReadInfo {
    return this.reader.info
  }

  afterSync(run: { failed: number }): Promise<string | null> {
    return this.reader.afterSync(run)
  }

  async *read(options: ReadOptions): AsyncGenerator<SourceChunk> {
    let index = options.startIndex ?? 0
    for await (const chunk of this.reader.read(options)) {
      const items = []
      for (const record of chunk.records) {
        items.push(...(await mapRecord(record, this.mapper, { source: this.config.name, index: index++ })))
      }
      yield { items, records: chunk.records.length, cursor: chunk.cursor, total: chunk.total }
    }
  }
}
