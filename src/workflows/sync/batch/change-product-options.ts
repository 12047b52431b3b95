import {
  addProductOptionsToProductStep,
  createProductOptionsStep,
  emitEventStep,
  removeProductOptionsFromProductStep,
  updateProductOptionValuesOnProductStep,
} from "@medusajs/core-flows"
import { ProductWorkflowEvents } from "@medusajs/framework/utils"
import { createWorkflow, transform, when, WorkflowData, WorkflowResponse } from "@medusajs/framework/workflows-sdk"

/** How one product's options change (see `planOptions`). */
export type ProductOptionChange = {
  product_id: string
  /** New options, with their values. */
  create?: { title: string; values: string[] }[]
  /** Values added to (`add`) or removed from (`remove`, value ids) existing options. */
  update?: { product_option_id: string; add?: { value: string }[]; remove?: string[] }[]
  /** Options (ids) the product no longer has. */
  remove?: string[]
}

export type ChangeProductOptionsWorkflowInput = { products: ProductOptionChange[] }

export const changeProductOptionsWorkflowId = "change-product-options"

/**
 * Changes the options of several products at once, through the steps of
 * Medusa's own `createAndLinkProductOptionsToProductWorkflow` (which takes
 * one product): new options are created (exclusive to their product) and
 * linked, dropped ones unlinked,
 * values added and removed; `product.updated` is emitted for each product.
 * Each step is compensated by Medusa's own compensation.
 *
 * @example
 * await changeProductOptionsWorkflow(container).run({
 *   input: { products: [{ product_id: "prod_123", update: [{ product_option_id: "opt_123", add: [{ value: "XL" }] }] }] },
 * })
 */
export const changeProductOptionsWorkflow = createWorkflow(
  changeProductOptionsWorkflowId,
  (input: WorkflowData<ChangeProductOptionsWorkflowInput>) => {
    // Exclusive to its product, as Medusa makes the options given with a product's create: a
    // global option's title is unique in the store, so a second product could not add "Color".
    const toCreate = transform({ input }, ({ input }) => input.products.flatMap((p) => (p.create ?? []).map((o) => ({ ...o, is_exclusive: true }))))
    const created = when("creating-synced-product-options", { toCreate }, ({ toCreate }) => toCreate.length > 0).then(() =>
      createProductOptionsStep(toCreate)
    )
    const changes = transform({ input, created }, ({ input, created }) => {
      // Medusa creates the options in the order given.
      const ids = (created ?? []).map((o) => o.id)
      let next = 0
      return {
        add: input.products.flatMap((p) => (p.create ?? []).map(() => ({ product_id: p.product_id, product_option_id: ids[next++] }))),
        remove: input.products.flatMap((p) => (p.remove ?? []).map((id) => ({ product_id: p.product_id, product_option_id: id }))),
        update: input.products.flatMap((p) => (p.update ?? []).map((u) => ({ ...u, product_id: p.product_id }))),
        events: input.products.map((p) => ({ id: p.product_id })),
      }
    })
    when("linking-synced-product-options", { changes }, ({ changes }) => changes.add.length > 0).then(() => addProductOptionsToProductStep(changes.add))
    when("unlinking-synced-product-options", { changes }, ({ changes }) => changes.remove.length > 0).then(() =>
      removeProductOptionsFromProductStep(changes.remove)
    )
    when("changing-synced-product-option-values", { changes }, ({ changes }) => changes.update.length > 0).then(() =>
      updateProductOptionValuesOnProductStep(changes.update)
    )
    emitEventStep({ eventName: ProductWorkflowEvents.UPDATED, data: changes.events })
    return new WorkflowResponse(void 0)
  }
)
