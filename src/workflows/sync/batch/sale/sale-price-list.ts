import { createPriceListsWorkflow } from "@medusajs/core-flows"
import type { IPricingModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules, PriceListStatus, PriceListType } from "@medusajs/framework/utils"
import type { NestedRun } from "../nested-run"

/** Where a price list says which source it belongs to: its title is the merchant's to change. */
export const SOURCE_KEY = "product_sync_source"

/**
 * The price list of type `sale` that holds a source's sale prices: found by
 * its metadata, created the first time the source has a sale price. A store
 * whose feeds carry no sale price gets no list, and a run costs one look.
 */
export class SalePriceList {
  private found: Promise<string | null> | null = null
  private creating: Promise<string> | null = null

  constructor(
    private readonly container: MedusaContainer,
    private readonly source: string
  ) {}

  /** The list's id; null when there is none and `create` is false. */
  async id(create: boolean, nested?: NestedRun): Promise<string | null> {
    // A failed look is tried again by the next batch, not remembered.
    this.found ??= this.find().catch((e) => {
      this.found = null
      throw e
    })
    const id = await this.found
    if (id || !create) return id
    // One create for the batches in flight at once, after one more look (the process that
    // delivers a run's batches may have made the list since); a failed one is tried again by the next batch.
    this.creating ??= this.find()
      .then((again) => again ?? this.create(nested))
      .finally(() => (this.creating = null))
    const made = await this.creating
    this.found = Promise.resolve(made)
    return made
  }

  private async find(): Promise<string | null> {
    const pricing = this.container.resolve<IPricingModuleService>(Modules.PRICING)
    // A store has a handful of price lists; metadata is not a filter of the pricing module.
    const lists = await pricing.listPriceLists({ type: [PriceListType.SALE] } as never, { select: ["id", "metadata"] })
    return lists.find((l) => (l.metadata as Record<string, unknown> | null)?.[SOURCE_KEY] === this.source)?.id ?? null
  }

  private async create(nested?: NestedRun): Promise<string> {
    const { result } = await createPriceListsWorkflow(this.container).run({
      input: {
        price_lists_data: [
          {
            title: `Sale prices of ${this.source}`,
            description: `The sale prices the "${this.source}" source gives, kept in sync by medusa-product-sync.`,
            // The workflow's DTO does not name `type`; its step hands it on to the pricing module, as the admin's create does.
            ...{ type: PriceListType.SALE },
            status: PriceListStatus.ACTIVE,
            metadata: { [SOURCE_KEY]: this.source },
          },
        ],
      },
      context: nested,
    })
    return result[0].id
  }
}
