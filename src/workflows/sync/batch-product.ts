import type { RunContext } from "../../engine/run-context"
import type { Planned } from "../../engine/write-products"
import type { BatchProduct } from "./types"

/** A planned product as the workflow's data carries it: without its feed product. */
export const toBatchProduct = ({ product, ...planned }: Planned): BatchProduct => ({ ...planned, external_id: product.external_id })

/** The batch's products with their feed products again, for the engine's writers. */
export function toPlanned(run: RunContext, products: BatchProduct[]): Planned[] {
  return products.map(({ external_id, ...planned }) => ({ ...planned, product: run.batch!.products.get(external_id)! }))
}
