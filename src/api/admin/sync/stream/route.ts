import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../modules/product_sync/service"
import { type SyncRunRecord, toSyncRunDTO } from "../../../../modules/product_sync/utils/to-dto"
import { createSource } from "../../../../sources"
import type { AdminSyncStatusQueryType } from "../validators"
import { runStreamHub } from "./run-stream-hub"

const HEARTBEAT_MS = 15_000

/**
 * Server-Sent Events: `event: run` with `{ run }` when a run starts, after
 * each committed batch and when it ends; on connect, one for each active
 * run; a comment every 15 s keeps proxies from closing the connection.
 * `?source=` keeps to one source.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, AdminSyncStatusQueryType>, res: MedusaResponse) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const source = req.validatedQuery.source
  // A client that leaves while the board is read must not leave a subscription behind.
  let closed = false
  req.on("close", () => (closed = true))
  if (source !== undefined) createSource(source, await service.getOptions()) // 404 for an unknown source
  const board = await service.getStatusBoard()
  if (closed) return

  res.writeHead(200, {
    "Content-Type": "text/event-stream; charset=utf-8",
    // no-transform: compression would hold events back until a buffer fills
    "Cache-Control": "no-cache, no-transform",
    Connection: "keep-alive",
    "X-Accel-Buffering": "no",
  })
  const send = (run: SyncRunRecord) => {
    if (source === undefined || run.source === source) res.write(`event: run\ndata: ${JSON.stringify({ run: toSyncRunDTO(run) })}\n\n`)
  }
  res.write(": connected\n\n")
  for (const row of board.sources) if (row.active) send(row.active)
  // Changes from the board the first events came from: an end between two reads is not missed.
  const unsubscribe = runStreamHub(service).subscribe(send, board.sources)
  const heartbeat = setInterval(() => res.write(": heartbeat\n\n"), HEARTBEAT_MS)
  req.on("close", () => {
    clearInterval(heartbeat)
    unsubscribe()
  })
}
