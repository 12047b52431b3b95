import { createCollectionsWorkflow, createProductTagsWorkflow, createProductTypesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, toHandle } from "@medusajs/framework/utils"

/** The stand-in id of a reference a dry run would create, unique per kind (its plan shows the name). */
export const plannedId = (kind: string, key: string) => `new:${kind}:${key}`

/**
 * Ids of named things (tag values, collection titles, type values), creating the missing
 * ones through Medusa's workflows, remembered for the run.
 */
abstract class ValueResolver {
  private readonly ids = new Map<string, string>()

  constructor(
    protected readonly container: MedusaContainer,
    /** false for a plan (a dry run): a missing value gets a stand-in id (see plannedId), nothing is created. */
    private readonly creates = true
  ) {}

  /** value → id for every value that exists or could be created; why not for the others. */
  async resolve(values: string[]): Promise<{ ids: Map<string, string>; problems: Map<string, string> }> {
    const wanted = [...new Set(values)]
    const problems = new Map<string, string>()
    const unknown = wanted.filter((v) => !this.ids.has(v))
    if (unknown.length) {
      for (const [value, id] of await this.find(unknown)) this.ids.set(value, id)
      const missing = unknown.filter((v) => !this.ids.has(v))
      try {
        const made = this.creates ? await this.create(missing) : missing.map((v) => [v, plannedId(this.kind, v)] as [string, string])
        for (const [value, id] of made) this.ids.set(value, id)
      } catch {
        // Another source's run may have created some meanwhile: read again.
        // Then one bad value must not cost the others: create the rest one by one.
        for (const [value, id] of await this.find(missing)) this.ids.set(value, id)
        for (const value of missing.filter((v) => !this.ids.has(v))) {
          try {
            for (const [v, id] of await this.create([value])) this.ids.set(v, id)
          } catch (e) {
            problems.set(value, (e as Error).message)
          }
        }
      }
    }
    const ids = new Map(wanted.filter((v) => this.ids.has(v)).map((v) => [v, this.ids.get(v) as string]))
    return { ids, problems }
  }

  /** What the values name (a stand-in id says it). */
  protected abstract readonly kind: string
  protected abstract find(values: string[]): Promise<[string, string][]>
  protected abstract create(values: string[]): Promise<[string, string][]>
}

export class TagResolver extends ValueResolver {
  protected readonly kind = "tag"
  protected async find(values: string[]) {
    const found = await this.container.resolve(Modules.PRODUCT).listProductTags({ value: values }, { select: ["id", "value"] })
    return found.map((t) => [t.value, t.id] as [string, string])
  }

  protected async create(values: string[]) {
    const { result } = await createProductTagsWorkflow(this.container).run({
      input: { product_tags: values.map((value) => ({ value })) },
    })
    return result.map((t) => [t.value, t.id] as [string, string])
  }
}

export class CollectionResolver extends ValueResolver {
  protected readonly kind = "collection"
  protected async find(titles: string[]) {
    const found = await this.container.resolve(Modules.PRODUCT).listProductCollections({ title: titles }, { select: ["id", "title"] })
    return found.map((c) => [c.title, c.id] as [string, string])
  }

  protected async create(titles: string[]) {
    const { result } = await createCollectionsWorkflow(this.container).run({
      input: { collections: titles.map((title) => ({ title, handle: toHandle(title) })) },
    })
    return result.map((c) => [c.title, c.id] as [string, string])
  }
}

export class TypeResolver extends ValueResolver {
  protected readonly kind = "type"
  protected async find(values: string[]) {
    // The module filters by a list like any other field; its filter type only declares one value.
    const filter = { value: values } as unknown as { value: string }
    const found = await this.container.resolve(Modules.PRODUCT).listProductTypes(filter, { select: ["id", "value"] })
    return found.map((t) => [t.value, t.id] as [string, string])
  }

  protected async create(values: string[]) {
    const { result } = await createProductTypesWorkflow(this.container).run({
      input: { product_types: values.map((value) => ({ value })) },
    })
    return result.map((t) => [t.value, t.id] as [string, string])
  }
}
