import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { PRODUCT_SYNC_MODULE } from "../../../../../../modules/product_sync"
import type ProductSyncModuleService from "../../../../../../modules/product_sync/service"
import { previewSource } from "../../../../../../sources/preview"
import type { AdminSyncPreviewResponse } from "../../../../../../types"
import type { AdminPreviewSourceType } from "../../../validators"

/** The first records of a source as products, and why the others fail; nothing is written. */
export async function POST(
  req: AuthenticatedMedusaRequest<AdminPreviewSourceType>,
  res: MedusaResponse<AdminSyncPreviewResponse>
) {
  const service = req.scope.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
  const options = await service.getOptions()
  res.json(await previewSource(req.params.name, options, req.validatedBody.limit))
}
