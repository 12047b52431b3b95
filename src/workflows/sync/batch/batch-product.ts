import type { CreateProductWorkflowInputDTO, UpdateProductWorkflowInputDTO } from "@medusajs/framework/types"
import type { Batch } from "./plan-batch"
import type { Planned } from "./write-products"
import type { AdoptedProduct } from "./types"

type Input = CreateProductWorkflowInputDTO | UpdateProductWorkflowInputDTO

/**
 * The batch's products named by `externalIds`, each
 * with the input the `productsPrepared` hook returned for it — found by the
 * product it names (`id` of an update, `external_id` of a create), never by
 * position. Without `hooked` (the hook left the list alone) every product
 * keeps its prepared input; with it, a product the hook returned no input
 * for is `dropped`: not written.
 */
export function plannedOf(
  batch: Batch,
  externalIds: string[],
  hooked: Input[] | undefined,
  by: "id" | "external_id"
): { planned: Planned[]; dropped: string[] } {
  const all = externalIds.map((id) => batch.planned.get(id)!)
  if (!hooked) return { planned: all, dropped: [] }
  const inputs = new Map(hooked.map((input) => [(input as { id?: string; external_id?: string | null })[by] ?? undefined, input]))
  const keyOf = (p: Planned) => (by === "id" ? p.productId : p.product.external_id)
  const planned = all.flatMap((p) => (inputs.has(keyOf(p)) ? [{ ...p, input: inputs.get(keyOf(p)) }] : []))
  return { planned, dropped: all.filter((p) => !inputs.has(keyOf(p))).map((p) => p.product.external_id) }
}

/**
 * Products a crashed batch created, to be updated from the feed instead:
 * their create input does not fit an update, so the update is built anew,
 * with what the hook made of their create input (`hooked`, by external id).
 */
export function adoptedOf(batch: Batch, adopted: AdoptedProduct[], hooked?: CreateProductWorkflowInputDTO[]): Planned[] {
  const byId = new Map((hooked ?? []).map((input) => [input.external_id, input]))
  return adopted.map((a) => ({ ...batch.planned.get(a.external_id)!, productId: a.product_id, adopted: true, input: undefined, hooked: byId.get(a.external_id) }))
}
