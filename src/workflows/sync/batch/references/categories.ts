import { createProductCategoriesWorkflow } from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules, toHandle } from "@medusajs/framework/utils"
import { plannedId } from "./by-value"

type Known = { id: string; handle: string }

/** "Men > Shirts" → ["Men", "Shirts"]; empty segments are dropped. */
export const categoryPath = (path: string) =>
  path
    .split(">")
    .map((s) => s.trim())
    .filter(Boolean)

/**
 * Category paths → leaf category ids, creating what is missing, nested, with
 * slug handles. A category is found by its name under its parent, so one an
 * admin made by hand is reused, not duplicated. One resolver lives for a
 * run in a process: a category that one batch created is known to the next,
 * and batches in flight at once wait for the one create. A create that
 * fails because another process made the category (its handle is unique)
 * reads the categories again and takes that one: each is created once.
 */
export class CategoryResolver {
  private known: Map<string, Known> | null = null // `${parentId}/${name}` → category
  /** Creates under way in this process, by key. */
  private readonly making = new Map<string, Promise<Known>>()

  constructor(
    private readonly container: MedusaContainer,
    /** false for a plan: a missing category gets a stand-in id, nothing is created. */
    private readonly creates = true
  ) {}

  /** path → leaf id for every path that exists or could be created; why not for the others. */
  async resolve(paths: string[]): Promise<{ ids: Map<string, string>; problems: Map<string, string> }> {
    const ids = new Map<string, string>()
    const problems = new Map<string, string>()
    for (const path of new Set(paths)) {
      const names = categoryPath(path)
      if (!names.length) {
        problems.set(path, "it names no category")
        continue
      }
      try {
        let parent: Known | null = null
        for (const name of names) parent = await this.child(parent, name)
        ids.set(path, (parent as Known).id)
      } catch (e) {
        problems.set(path, (e as Error).message)
      }
    }
    return { ids, problems }
  }

  private async child(parent: Known | null, name: string): Promise<Known> {
    const key = `${parent?.id ?? ""}/${name.toLowerCase()}`
    const found = (await this.load()).get(key)
    if (found) return found
    let making = this.making.get(key)
    if (!making) {
      making = this.make(parent, name, key).finally(() => this.making.delete(key))
      this.making.set(key, making)
    }
    return await making
  }

  private async make(parent: Known | null, name: string, key: string, again = true): Promise<Known> {
    const known = await this.load()
    // The handle carries the path ("men-shirts"), so "Women > Shirts" gets its own.
    const base = toHandle(parent ? `${parent.handle} ${name}` : name)
    const taken = new Set([...known.values()].map((c) => c.handle))
    let handle = base
    for (let n = 2; taken.has(handle); n++) handle = `${base}-${n}`
    if (!this.creates) {
      // The handle carries the path: "Men > Shirts" and "Women > Shirts" stay two.
      const planned = { id: plannedId("category", handle), handle }
      known.set(key, planned)
      return planned
    }
    try {
      const { result } = await createProductCategoriesWorkflow(this.container).run({
        input: { product_categories: [{ name, handle, parent_category_id: parent?.id ?? null, is_active: true }] },
      })
      const created = { id: result[0].id, handle: result[0].handle }
      known.set(key, created)
      return created
    } catch (e) {
      if (!again) throw e
      // Another process may have made it (or taken the handle) meanwhile: read again, then try once more.
      this.known = null
      return (await this.load()).get(key) ?? (await this.make(parent, name, key, false))
    }
  }

  private async load(): Promise<Map<string, Known>> {
    if (!this.known) {
      const all = await this.container
        .resolve(Modules.PRODUCT)
        .listProductCategories({}, { select: ["id", "name", "handle", "parent_category_id"], take: null })
      this.known = new Map(all.map((c) => [`${c.parent_category_id ?? ""}/${c.name.toLowerCase()}`, { id: c.id, handle: c.handle }]))
    }
    return this.known
  }
}
