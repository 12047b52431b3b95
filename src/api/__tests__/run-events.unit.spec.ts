import { runChanges } from "../admin/sync/stream/run-events"
import type { SourceStatusRow } from "../../modules/product_sync/status-board"
import type { SyncRunRecord } from "../../modules/product_sync/utils/to-dto"

const run = (id: string, status: string, processed: number) =>
  ({ id, source: "supplier", status, processed, total: 30, created: processed, updated: 0, unchanged: 0, skipped: 0, failed: 0 }) as unknown as SyncRunRecord
const row = (active: SyncRunRecord | null, last: SyncRunRecord | null = null): SourceStatusRow => ({ source: "supplier", active, last, last_success_at: null })

describe("run changes between two looks at the status board", () => {
  it("a run that starts, moves, stays, ends: one change each time it is different", () => {
    let seen = new Map()
    const look = (r: SourceStatusRow) => {
      const out = runChanges(seen, [r])
      seen = out.seen
      return { changed: out.changed.map((x) => `${x.id} ${x.status} ${x.processed}`), ended: out.ended }
    }
    expect(look(row(null))).toEqual({ changed: [], ended: [] })
    expect(look(row(run("a", "running", 0)))).toEqual({ changed: ["a running 0"], ended: [] })
    expect(look(row(run("a", "running", 10)))).toEqual({ changed: ["a running 10"], ended: [] })
    expect(look(row(run("a", "running", 10)))).toEqual({ changed: [], ended: [] })
    expect(look(row(null, run("a", "completed", 30)))).toEqual({ changed: ["a completed 30"], ended: [] })
    expect(look(row(null, run("a", "completed", 30)))).toEqual({ changed: [], ended: [] })
  })

  it("a run that ended and was followed by another within one look: the next is a change, the ended one is read by id", () => {
    const first = runChanges(new Map(), [row(run("a", "running", 10))])
    const second = runChanges(first.seen, [row(run("b", "running", 0), run("x", "failed", 0))])
    expect(second.changed.map((x) => x.id)).toEqual(["b"])
    expect(second.ended).toEqual(["a"])
  })
})
