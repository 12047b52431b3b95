import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import type { SourceStatusRow } from "../../../../modules/product_sync/status-board"
import type { SyncRunRecord } from "../../../../modules/product_sync/utils/to-dto"
import { runChanges, type SeenRun } from "./run-events"

const TICK_MS = 1_000
// A board younger than this is fresh enough: with the tick, an event leaves ≤ 1.5 s after its commit.
const MAX_BOARD_AGE_MS = 500

type Subscriber = { send: (run: SyncRunRecord) => void; seen: Map<string, SeenRun> }

/**
 * One look at the status board a second per instance, while anyone streams,
 * feeds every open stream: a hundred admin tabs and CLIs cost one query a
 * second. It sees runs executed by any instance (the board is the table).
 * Each stream is told what changed since the board it was sent on connect.
 */
export class RunStreamHub {
  private subscribers = new Set<Subscriber>()
  private timer: NodeJS.Timeout | null = null
  private looking = false

  constructor(private readonly service: ProductSyncModuleService) {}

  /** `from`: the board rows the stream's first events came from. */
  subscribe(send: Subscriber["send"], from: SourceStatusRow[]): () => void {
    const subscriber = { send, seen: runChanges(new Map(), from).seen }
    this.subscribers.add(subscriber)
    if (!this.timer) {
      this.timer = setInterval(() => void this.look(), TICK_MS)
      this.timer.unref()
    }
    return () => {
      this.subscribers.delete(subscriber)
      if (!this.subscribers.size && this.timer) {
        clearInterval(this.timer)
        this.timer = null
      }
    }
  }

  private async look() {
    if (this.looking) return // a slow database: the next tick looks again
    this.looking = true
    try {
      const rows = (await this.service.getStatusBoard(MAX_BOARD_AGE_MS)).sources
      // A run that ended and was followed by another within a tick is read once for every stream.
      const ended = new Map<string, Promise<SyncRunRecord | null>>()
      const read = (id: string) => {
        if (!ended.has(id)) ended.set(id, this.service.getRun(id).catch(() => null))
        return ended.get(id)!
      }
      for (const subscriber of this.subscribers) {
        const changes = runChanges(subscriber.seen, rows)
        subscriber.seen = changes.seen
        for (const id of changes.ended) {
          const run = await read(id)
          if (run) subscriber.send(run)
        }
        changes.changed.forEach((run) => subscriber.send(run))
      }
    } catch {
      // the board could not be read: the next tick tries again; streams keep their heartbeat meanwhile
    } finally {
      this.looking = false
    }
  }
}

const hubs = new WeakMap<ProductSyncModuleService, RunStreamHub>()

/** This instance's hub (one per module service). */
export function runStreamHub(service: ProductSyncModuleService): RunStreamHub {
  let hub = hubs.get(service)
  if (!hub) hubs.set(service, (hub = new RunStreamHub(service)))
  return hub
}
