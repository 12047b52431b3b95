import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import type { SyncRunRecord } from "../../../../modules/product_sync/utils/to-dto"
import { runChanges, type SeenRun } from "./run-events"

const TICK_MS = 1_000
// A board younger than this is fresh enough: with the tick, an event leaves ≤ 1.5 s after its commit.
const MAX_BOARD_AGE_MS = 500

type Listener = (run: SyncRunRecord) => void

/**
 * One look at the status board a second per instance, while anyone streams,
 * feeds every open stream: a hundred admin tabs and CLIs cost one query a
 * second. It sees runs executed by any instance (the board is the table).
 */
export class RunStreamHub {
  private listeners = new Set<Listener>()
  private seen = new Map<string, SeenRun>()
  private timer: NodeJS.Timeout | null = null
  private looking = false

  constructor(private readonly service: ProductSyncModuleService) {}

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener)
    if (!this.timer) this.start()
    return () => {
      this.listeners.delete(listener)
      if (!this.listeners.size) this.stop()
    }
  }

  private start() {
    this.timer = setInterval(() => void this.look(), TICK_MS)
    this.timer.unref()
    // What is running now is what the new stream was sent on connect: only changes from here.
    void this.look(false)
  }

  private stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    this.seen = new Map()
  }

  private async look(emit = true) {
    if (this.looking) return // a slow database: the next tick looks again
    this.looking = true
    try {
      const board = await this.service.getStatusBoard(MAX_BOARD_AGE_MS)
      const { changed, ended, seen } = runChanges(this.seen, board.sources)
      this.seen = seen
      if (!emit) return
      for (const id of ended) changed.push(await this.service.getRun(id))
      for (const run of changed) for (const listener of this.listeners) listener(run)
    } catch {
      // the next tick tries again; streams keep their heartbeat meanwhile
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
