import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"

/** Region names (case-insensitive) and ids → region ids; regions are never created by a sync. */
export class RegionResolver {
  private byKey: Map<string, string> | null = null

  constructor(private readonly container: MedusaContainer) {}

  async resolve(keys: string[]): Promise<Map<string, string>> {
    if (!keys.length) return new Map()
    if (!this.byKey) {
      const regions = await this.container.resolve(Modules.REGION).listRegions({}, { select: ["id", "name"], take: null })
      this.byKey = new Map(regions.flatMap((r) => [[r.id, r.id], [r.name.toLowerCase(), r.id]]))
    }
    const found = new Map<string, string>()
    for (const key of keys) {
      const id = this.byKey.get(key) ?? this.byKey.get(key.toLowerCase())
      if (id) found.set(key, id)
    }
    return found
  }
}
