import type { SourceStatusRow } from "../../../../modules/product_sync/status-board"
import type { SyncRunRecord } from "../../../../modules/product_sync/utils/to-dto"

/** What a stream last saw of a source's active run: its id and how far it was. */
export type SeenRun = { id: string; mark: string }

const markOf = (run: SyncRunRecord) => JSON.stringify([run.status, run.processed, run.total, run.created, run.updated, run.unchanged, run.skipped, run.failed])

/**
 * The runs that changed between two looks at the status board: a run that
 * started, moved (a batch committed) or ended. An ended run is found as the
 * source's latest finished run; `ended` lists ids that are not (a run that
 * ended and was followed by another within one look) for the caller to read.
 */
export function runChanges(
  seen: Map<string, SeenRun>,
  rows: SourceStatusRow[]
): { changed: SyncRunRecord[]; ended: string[]; seen: Map<string, SeenRun> } {
  const changed: SyncRunRecord[] = []
  const ended: string[] = []
  const next = new Map<string, SeenRun>()
  for (const row of rows) {
    const before = seen.get(row.source)
    if (before && before.id !== row.active?.id) {
      if (row.last?.id === before.id) changed.push(row.last)
      else ended.push(before.id)
    }
    if (row.active) {
      const mark = markOf(row.active)
      if (before?.id !== row.active.id || before.mark !== mark) changed.push(row.active)
      next.set(row.source, { id: row.active.id, mark })
    }
  }
  return { changed, ended, seen: next }
}
