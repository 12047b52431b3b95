import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { previewSource } from "../../../../../../sources/preview"
import { previewChanges } from "../../../../../../workflows/sync/batch/changes/preview-changes"
import type { AdminSyncPreviewResponse } from "../../../../../../types"
import type { AdminPreviewSourceType } from "../../../validators"

// A preview fetches the supplier's feed with the stored credentials: one at a
// time per source in this process, so that clicking Preview repeatedly does
// not hammer (or get the store banned from) the supplier's API.
const previewing = new Set<string>()

/** The first records of a source as products, why the others fail, and what a sync would change of those the store has; nothing is written. 409 while another preview of the source reads it. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminPreviewSourceType>,
  res: MedusaResponse<AdminSyncPreviewResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  const name = req.params.name
  if (previewing.has(name)) {
    res.status(409).json({ type: "conflict", message: `A preview of source "${name}" is already reading it; try again when it has finished.` } as never)
    return
  }
  previewing.add(name)
  // The client going away stops the read.
  const gone = new AbortController()
  res.on("close", () => res.writableFinished || gone.abort())
  try {
    const preview = await previewSource(name, options, req.validatedBody.limit, gone.signal)
    // The products the store has already, compared with it as a dry run would.
    const changes = await previewChanges(req.scope, service, name, options, preview.products)
    res.json({ ...preview, changes })
  } finally {
    previewing.delete(name)
  }
}
