import type { NestedRun } from "./nested-run"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { FeedProduct } from "../../../feed/feed-product"
import { changeProductOptionsWorkflow } from "./change-product-options"
import { ExistingProduct, optionsOf } from "./to-product-input"

/** How a product's options must change to match the feed. */
export type OptionPlan = {
  /** New options, with their values. */
  create: { title: string; values: string[] }[]
  /** New values of existing options. */
  addValues: { product_option_id: string; add: { value: string }[] }[]
  /** Values (ids) no longer in the feed. */
  removeValues: { product_option_id: string; remove: string[] }[]
  /** Options (ids) no longer in the feed. */
  removeOptions: string[]
}

/** What differs between the feed's options and the product's; null when nothing does. */
export function planOptions(p: FeedProduct, existing: ExistingProduct): OptionPlan | null {
  const wanted = optionsOf(p)
  const plan: OptionPlan = { create: [], addValues: [], removeValues: [], removeOptions: [] }
  for (const option of wanted) {
    const current = existing.options.get(option.title)
    if (!current) {
      plan.create.push({ title: option.title, values: option.values })
      continue
    }
    const add = option.values.filter((v) => !current.values.has(v))
    const remove = [...current.values].filter(([value]) => !option.values.includes(value)).map(([, id]) => id)
    if (add.length) plan.addValues.push({ product_option_id: current.id, add: add.map((value) => ({ value })) })
    if (remove.length) plan.removeValues.push({ product_option_id: current.id, remove })
  }
  const titles = new Set(wanted.map((o) => o.title))
  plan.removeOptions = [...existing.options].filter(([title]) => !titles.has(title)).map(([, o]) => o.id)
  const changed = plan.create.length + plan.addValues.length + plan.removeValues.length + plan.removeOptions.length
  return changed ? plan : null
}

/** A product of the batch whose options change, with how. */
export type OptionChange = { productId: string; plan: OptionPlan }

/**
 * Before the products' update: the options and values their new variants
 * need, less the options they drop — for all of them in one workflow.
 * (Options are entities of their own in Medusa 2.21, linked to products by
 * id, so they change through their own steps.)
 */
export async function addOptions(container: MedusaContainer, changes: OptionChange[], nested?: NestedRun): Promise<void> {
  // A dropped option goes first too: the update checks every variant against all the product's options.
  const products = changes
    .filter(({ plan }) => plan.create.length || plan.addValues.length || plan.removeOptions.length)
    .map(({ productId, plan }) => ({ product_id: productId, create: plan.create, update: plan.addValues, remove: plan.removeOptions }))
  if (products.length) await changeProductOptionsWorkflow(container).run({ input: { products }, context: nested })
}

/** After the products' update (their variants no longer use them): the values the feed dropped. */
export async function removeValues(container: MedusaContainer, changes: OptionChange[], nested?: NestedRun): Promise<void> {
  const products = changes.filter(({ plan }) => plan.removeValues.length).map(({ productId, plan }) => ({ product_id: productId, update: plan.removeValues }))
  if (products.length) await changeProductOptionsWorkflow(container).run({ input: { products }, context: nested })
}
