import type { RunContext } from "../../engine/run-context"
import type { Planned } from "../../engine/write-products"
import type { AdoptedProduct } from "./types"

/**
 * The batch's products named by `externalIds`, from the run context, each
 * with the input the `productsPrepared` hook returned in its place (same order).
 */
export function plannedOf(run: RunContext, externalIds: string[], hooked?: (Planned["input"] | undefined)[]): Planned[] {
  return externalIds.map((id, i) => {
    const planned = run.batch!.planned.get(id)!
    return hooked?.[i] ? { ...planned, input: hooked[i] } : planned
  })
}

/** Products a crashed batch created, to be updated from the feed instead (their create input does not fit an update). */
export function adoptedOf(run: RunContext, adopted: AdoptedProduct[]): Planned[] {
  return adopted.map((a) => ({ ...run.batch!.planned.get(a.external_id)!, productId: a.product_id, adopted: true, input: undefined }))
}
