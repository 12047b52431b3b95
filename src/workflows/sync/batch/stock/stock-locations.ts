import { createStockLocationsWorkflow, linkSalesChannelsToStockLocationWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

export const SYNC_WAREHOUSE = "Product sync warehouse"

type Location = { id: string; name: string }

/**
 * Stock locations by name or id, and the source's default one: its
 * `stockLocation` option, else the store's default location, else the only
 * one. A store with none gets a "Product sync warehouse", linked to the
 * sales channels products join, so a fresh store sells what it syncs.
 */
export class StockLocations {
  private all: Location[] | null = null
  private fallback: Promise<Location | string> | null = null

  constructor(
    private readonly container: MedusaContainer,
    private readonly options: { stockLocation?: string; salesChannelIds: string[] },
    /** Tells the run about a location the sync created. */
    private readonly onNote: (note: string) => Promise<void>
  ) {}

  /** The location a name or id names, or why there is none. */
  async find(key: string): Promise<Location | string> {
    const all = await this.load()
    return all.find((l) => l.id === key) ?? all.find((l) => l.name.toLowerCase() === key.toLowerCase()) ?? `no stock location "${key}" (name or id) exists`
  }

  /** Where `inventory_quantity` goes, or why it cannot go anywhere. */
  async default(): Promise<Location | string> {
    this.fallback ??= this.resolveDefault()
    return await this.fallback
  }

  /**
   * The default location without making one (for a plan): null when the
   * store has no location (a run would make the sync's warehouse), or why
   * there is none (several locations, no default).
   */
  async known(): Promise<Location | string | null> {
    return this.fallback ? await this.fallback : await this.existingDefault()
  }

  /** The default location, or why there is none; null when the store has no location at all. */
  private async existingDefault(): Promise<Location | string | null> {
    if (this.options.stockLocation) return await this.find(this.options.stockLocation)
    const all = await this.load()
    const [store] = await this.container.resolve(Modules.STORE).listStores({}, { take: 1, select: ["id", "default_location_id"] })
    const preferred = all.find((l) => l.id === store?.default_location_id) ?? (all.length === 1 ? all[0] : null)
    if (preferred) return preferred
    return all.length ? `the store has ${all.length} stock locations and no default one; set the source's "stockLocation" option` : null
  }

  private async resolveDefault(): Promise<Location | string> {
    // Read afresh: the process that delivers a run's batches may have made the sync's warehouse since.
    this.all = null
    const found = await this.existingDefault()
    if (found) return found
    const all = await this.load()
    const { result } = await createStockLocationsWorkflow(this.container).run({ input: { locations: [{ name: SYNC_WAREHOUSE }] } })
    const created = { id: result[0].id, name: result[0].name }
    if (this.options.salesChannelIds.length) {
      await linkSalesChannelsToStockLocationWorkflow(this.container).run({ input: { id: created.id, add: this.options.salesChannelIds } })
    }
    this.all = [...all, created]
    await this.onNote(`the store had no stock location: created "${SYNC_WAREHOUSE}" (${created.id}) and linked it to the products' sales channels`)
    return created
  }

  private async load(): Promise<Location[]> {
    this.all ??= (await this.container.resolve(Modules.STOCK_LOCATION).listStockLocations({}, { select: ["id", "name"], take: null })).map((l) => ({ id: l.id, name: l.name }))
    return this.all
  }
}
