import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { ClaimRunInput } from "../../../modules/product_sync/service"
import { createSource } from "../../../sources"
import type { SyncRunTrigger } from "../../../types"

export type ValidateSyncRequestStepInput = {
  source?: string
  trigger: Exclude<SyncRunTrigger, "resume">
  triggered_by: string
  dry_run?: boolean
  /** A run id to continue from its checkpoint, or "latest": the source's newest failed or interrupted run. */
  resume?: string
  /** Read the whole source (no incremental parameter, no conditional request). */
  force_full?: boolean
}

export const validateSyncRequestStepId = "validate-sync-request"

/**
 * Turns a request into what the claim needs: NOT_FOUND for an unknown source
 * or run, NOT_ALLOWED with the reason when a run cannot be resumed.
 *
 * @example
 * const claim = validateSyncRequestStep({ source: "default", trigger: "manual", triggered_by: "user_123" })
 */
export const validateSyncRequestStep = createStep(
  validateSyncRequestStepId,
  async (input: ValidateSyncRequestStepInput, { container }) => {
    const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
    if (input.resume && input.resume !== "latest") {
      // A resume continues the run's own source, which must still be configured.
      const resume = await service.resumeInputOf(input.resume)
      createSource(resume.source, await service.getOptions())
      return new StepResponse<ClaimRunInput>({ ...resume, triggered_by: input.triggered_by })
    }
    const source = input.source ?? "default"
    createSource(source, await service.getOptions()) // NOT_FOUND for an unknown source
    if (!input.resume) {
      return new StepResponse<ClaimRunInput>({ source, trigger: input.trigger, triggered_by: input.triggered_by, dry_run: input.dry_run ?? false, force_full: input.force_full ?? false })
    }
    const latest = await service.getLatestResumable(source)
    if (!latest) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Source "${source}" has no failed or interrupted run to resume`)
    return new StepResponse<ClaimRunInput>({ ...(await service.resumeInputOf(latest.id)), triggered_by: input.triggered_by })
  }
)
