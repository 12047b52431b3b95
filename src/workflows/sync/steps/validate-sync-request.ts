import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { PRODUCT_SYNC_MODULE } from "../../../modules/product_sync"
import type ProductSyncModuleService from "../../../modules/product_sync/service"
import type { ClaimRunInput } from "../../../modules/product_sync/service"
import { createSource, requestedSourceName } from "../../../sources"
import type { ResolvedProductSyncOptions, SyncRunTrigger } from "../../../types"

export type ValidateSyncRequestStepInput = {
  source?: string
  trigger: Exclude<SyncRunTrigger, "resume">
  triggered_by: string
  dry_run?: boolean
  /** A run id to continue from its checkpoint, or "latest": the source's newest failed or interrupted run. */
  resume?: string
  /** Read the whole source (no incremental parameter, no conditional request). */
  force_full?: boolean
  /** A targeted run: write only these external ids, remove nothing. */
  only?: string[]
}

/** NOT_FOUND for an unknown source, NOT_ALLOWED for a disabled one. */
function assertRunnable(source: string, options: ResolvedProductSyncOptions): void {
  createSource(source, options)
  if (options.sources[source].enabled === false) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Source "${source}" is disabled ("enabled: false" in its options)`)
  }
}

export const validateSyncRequestStepId = "validate-sync-request"

/**
 * Turns a request into what the claim needs: NOT_FOUND for an unknown source
 * or run, INVALID_DATA when none is named and there is no `default`,
 * NOT_ALLOWED with the reason when the source is disabled or a run cannot be resumed.
 *
 * @example
 * const claim = validateSyncRequestStep({ source: "default", trigger: "manual", triggered_by: "user_123" })
 */
export const validateSyncRequestStep = createStep(
  validateSyncRequestStepId,
  async (input: ValidateSyncRequestStepInput, { container }) => {
    const service = container.resolve<ProductSyncModuleService>(PRODUCT_SYNC_MODULE)
    const options = await service.getOptions()
    if (input.resume && input.resume !== "latest") {
      // A resume continues the run's own source, which must still be configured and enabled.
      const resume = await service.resumeInputOf(input.resume)
      assertRunnable(resume.source, options)
      return new StepResponse<ClaimRunInput>({ ...resume, triggered_by: input.triggered_by })
    }
    const source = requestedSourceName(input.source, options)
    assertRunnable(source, options)
    if (!input.resume) {
      return new StepResponse<ClaimRunInput>({ source, trigger: input.trigger, triggered_by: input.triggered_by, dry_run: input.dry_run ?? false, force_full: input.force_full ?? false, only: input.only?.length ? [...new Set(input.only)] : null })
    }
    const latest = await service.getLatestResumable(source)
    if (!latest) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Source "${source}" has no failed or interrupted run to resume`)
    return new StepResponse<ClaimRunInput>({ ...(await service.resumeInputOf(latest.id)), triggered_by: input.triggered_by })
  }
)
