import {
  createProductsWorkflow,
  updateProductsWorkflow,
} from "@medusajs/core-flows"
import type { MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { SyncRunStats } from "../types"
import type { BatchCommit, LedgerEntry } from "../modules/product_sync/service"
import { contentHash } from "./content-hash"
import { FeedProduct, validateFeedProduct } from "./feed-product"
import { writeIsolatingFailures } from "./isolate-failures"
import {
  ExistingProduct,
  optionChange,
  toCreateInput,
  toUpdateInput,
  WriteContext,
} from "./to-product-input"
import { resolveTagIds } from "./write-context"
import type { SourceItem } from "../sources"

type Planned = { product: FeedProduct; hash: string; productId?: string }

export type BatchInput = {
  container: MedusaContainer
  items: SourceItem[]
  dryRun: boolean
  /** External ids met earlier in this run: a repeat is an error, not an overwrite. */
  seen: Set<string>
  defaults: Omit<WriteContext, "tagIds">
  lookupLedger: (externalIds: string[]) => Promise<Map<string, LedgerEntry>>
}

export type BatchOutcome = Pick<BatchCommit, "stats" | "ledger" | "errors">

export const emptyStats = (): SyncRunStats => ({
  created: 0,
  updated: 0,
  unchanged: 0,
  skipped: 0,
  failed: 0,
})

/** Validates, classifies and writes one batch; never throws for a bad item. */
export async function processBatch(input: BatchInput): Promise<BatchOutcome> {
  const { container, dryRun, seen } = input
  const outcome: BatchOutcome = { stats: emptyStats(), ledger: [], errors: [] }
  const fail = (external_id: string | null, message: string) => {
    outcome.stats.failed++
    outcome.errors.push({ external_id, message })
  }

  const valid: FeedProduct[] = []
  for (const item of input.items) {
    if (item.skipped) {
      outcome.stats.skipped++
      continue
    }
    if (item.error !== undefined) {
      fail(item.id, item.error)
      continue
    }
    const checked = validateFeedProduct(item.product)
    if (!checked.ok) {
      fail(checked.external_id ?? item.id, `${checked.message} (record ${item.index + 1})`)
    } else if (seen.has(checked.product.external_id)) {
      fail(checked.product.external_id, "external_id appears more than once in the feed; the first occurrence was synced")
    } else {
      seen.add(checked.product.external_id)
      valid.push(checked.product)
    }
  }

  const ledger = await input.lookupLedger(valid.map((p) => p.external_id))
  const toCreate: Planned[] = []
  const toUpdate: Planned[] = []
  for (const product of valid) {
    const hash = contentHash(product)
    const entry = ledger.get(product.external_id)
    if (!entry) toCreate.push({ product, hash })
    else if (entry.hash !== hash) toUpdate.push({ product, hash, productId: entry.product_id })
    else outcome.stats.unchanged++
  }

  if (dryRun) {
    outcome.stats.created += toCreate.length
    outcome.stats.updated += toUpdate.length
    return outcome
  }

  const ctx: WriteContext = {
    ...input.defaults,
    tagIds: await resolveTagIds(container, [...toCreate, ...toUpdate].map((p) => p.product)),
  }
  // One read of the products to update: what they are now, and which are gone.
  // A product deleted in the admin since the last sync is created again.
  const existing = await existingProducts(container, toUpdate)
  const recreate = toUpdate.filter((p) => !existing.has(p.productId as string))
  const toWrite = toUpdate.filter((p) => existing.has(p.productId as string))

  const created = await writeIsolatingFailures([...toCreate, ...recreate], async (batch) => {
    const { result } = await createProductsWorkflow(container).run({
      input: { products: batch.map((p) => toCreateInput(p.product, ctx)) },
    })
    const ids = new Map(result.map((p) => [p.external_id, p.id]))
    return batch.map((p) => ids.get(p.product.external_id) as string)
  })
  // A crash between the product write and the ledger commit leaves products
  // the ledger does not know; their create fails on the handle. Adopt them.
  const orphans = await findByExternalId(container, created.failed.map((f) => f.item.product.external_id))
  const adopted: Planned[] = []
  created.failed = created.failed.filter((f) => {
    const productId = orphans.get(f.item.product.external_id)
    if (productId) adopted.push({ ...f.item, productId })
    return !productId
  })
  for (const [id, product] of await existingProducts(container, adopted)) {
    existing.set(id, product)
  }
  const update: Planned[] = []
  for (const planned of [...toWrite, ...adopted]) {
    const change = optionChange(planned.product, existing.get(planned.productId as string) as ExistingProduct)
    if (change) fail(planned.product.external_id, change)
    else update.push(planned)
  }
  const updated = await writeIsolatingFailures(update, async (batch) => {
    await updateProductsWorkflow(container).run({
      input: {
        products: batch.map((p) =>
          toUpdateInput(p.product, p.productId as string, existing.get(p.productId as string) as ExistingProduct, ctx)
        ),
      },
    })
    return batch.map((p) => p.productId as string)
  })

  outcome.stats.created += created.written.length
  outcome.stats.updated += updated.written.length
  for (const { item, result } of [...created.written, ...updated.written]) {
    outcome.ledger.push({ external_id: item.product.external_id, product_id: result, hash: item.hash })
  }
  for (const { item, message } of [...created.failed, ...updated.failed]) {
    fail(item.product.external_id, message)
  }
  return outcome
}

async function findByExternalId(container: MedusaContainer, externalIds: string[]): Promise<Map<string, string>> {
  if (!externalIds.length) return new Map()
  const found = await container
    .resolve(Modules.PRODUCT)
    .listProducts({ external_id: externalIds }, { select: ["id", "external_id"] })
  return new Map(found.map((p) => [p.external_id as string, p.id]))
}

async function existingProducts(
  container: MedusaContainer,
  planned: Planned[]
): Promise<Map<string, ExistingProduct>> {
  if (!planned.length) return new Map()
  const products = await container.resolve(Modules.PRODUCT).listProducts(
    { id: planned.map((p) => p.productId as string) },
    {
      select: ["id", "variants.id", "variants.sku", "variants.title", "options.title", "options.values.value"],
      relations: ["variants", "options", "options.values"],
    }
  )
  return new Map(
    products.map((p) => [
      p.id,
      {
        variants: (p.variants ?? []).map((v) => ({ id: v.id, sku: v.sku ?? null, title: v.title })),
        options: new Map((p.options ?? []).map((o) => [o.title, new Set((o.values ?? []).map((v) => v.value))])),
      },
    ])
  )
}
