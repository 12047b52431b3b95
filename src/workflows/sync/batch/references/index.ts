import type { MedusaContainer } from "@medusajs/framework/types"
import type { FeedProduct } from "../../../../feed/feed-product"
import { CategoryResolver } from "./categories"
import { CollectionResolver, TagResolver, TypeResolver } from "./by-value"
import { RegionResolver } from "./regions"

export { categoryPath } from "./categories"
export { TagResolver } from "./by-value"

/** Names in the feed → ids in Medusa, for one batch. */
export type BatchReferences = {
  /** Tag value → tag id. */
  tagIds: Map<string, string>
  /** Category path → leaf category id. */
  categoryIds: Map<string, string>
  /** Collection title → id. */
  collectionIds: Map<string, string>
  /** Type value → id. */
  typeIds: Map<string, string>
  /** Region name or id, as the feed gives it → region id. */
  regionIds: Map<string, string>
}

/**
 * The tags, categories, collections, types and regions products refer to by name,
 * resolved (and, but for regions, created unless it is a dry run) once per run. A reference that
 * cannot be resolved is a problem of the products that use it, not of the
 * batch.
 */
export class RunReferences {
  private readonly tags: TagResolver
  private readonly categories: CategoryResolver
  private readonly collections: CollectionResolver
  private readonly types: TypeResolver
  private readonly regions: RegionResolver

  /** `creates: false` (a dry run): what is missing is named by a stand-in id, not created. */
  constructor(container: MedusaContainer, { creates = true }: { creates?: boolean } = {}) {
    this.tags = new TagResolver(container, creates)
    this.categories = new CategoryResolver(container, creates)
    this.collections = new CollectionResolver(container, creates)
    this.types = new TypeResolver(container, creates)
    this.regions = new RegionResolver(container)
  }

  async forBatch(products: FeedProduct[]): Promise<{ refs: BatchReferences; problems: Map<string, string> }> {
    const tags = await this.tags.resolve(products.flatMap((p) => p.tags ?? []))
    const categories = await this.categories.resolve(products.flatMap((p) => p.categories ?? []))
    const collections = await this.collections.resolve(products.flatMap((p) => (p.collection ? [p.collection] : [])))
    const types = await this.types.resolve(products.flatMap((p) => (p.type ? [p.type] : [])))
    const regionIds = await this.regions.resolve([
      ...new Set(products.flatMap((p) => (p.variants ?? []).flatMap((v) => (v.prices ?? []).flatMap((pr) => (pr.region ? [pr.region] : []))))),
    ])
    const problems = new Map<string, string>()
    for (const p of products) {
      const why = [
        ...(p.tags ?? []).filter((t) => tags.problems.has(t)).map((t) => `tag "${t}": ${tags.problems.get(t)}`),
        ...(p.categories ?? []).filter((c) => categories.problems.has(c)).map((c) => `category "${c}": ${categories.problems.get(c)}`),
        ...(p.collection && collections.problems.has(p.collection) ? [`collection "${p.collection}": ${collections.problems.get(p.collection)}`] : []),
        ...(p.type && types.problems.has(p.type) ? [`type "${p.type}": ${types.problems.get(p.type)}`] : []),
        ...(p.variants ?? []).flatMap((v, i) =>
          (v.prices ?? []).flatMap((pr, k) => (pr.region && !regionIds.has(pr.region) ? [`variants.${i}.prices.${k}.region: no region "${pr.region}" (name or id) exists`] : []))
        ),
      ]
      if (why.length) problems.set(p.external_id, why.join("; "))
    }
    return {
      refs: { tagIds: tags.ids, categoryIds: categories.ids, collectionIds: collections.ids, typeIds: types.ids, regionIds },
      problems,
    }
  }
}
