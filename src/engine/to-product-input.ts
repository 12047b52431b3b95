import type {
  CreateProductWorkflowInputDTO,
  UpdateProductWorkflowInputDTO,
} from "@medusajs/framework/types"
import { ProductStatus } from "@medusajs/framework/utils"
import type { FeedProduct } from "./feed-product"
import type { BatchReferences } from "./references"

export const DEFAULT_OPTION = {
  title: "Default option",
  values: ["Default option value"],
}

export type WriteContext = {
  salesChannelIds: string[]
  shippingProfileId: string | null
  /** Tag value → tag id, for every tag in the batch. */
  tagIds: Map<string, string>
  /** Categories, collections, types and regions of the batch by the names the feed uses. */
  refs?: BatchReferences
}

/** An existing variant, to keep its id (and so its inventory and links) on update. */
export type ExistingVariant = { id: string; sku: string | null; title: string }

/** What an update must preserve of the product as it is now. */
export type ExistingProduct = {
  variants: ExistingVariant[]
  /** Option title → its values. */
  options: Map<string, Set<string>>
}

/**
 * Options are shared entities in Medusa 2.21 (linked by id), so an update can
 * only use the titles and values the product already has. Returns why not, or null.
 */
export function optionChange(p: FeedProduct, existing: ExistingProduct): string | null {
  const wanted = optionsOf(p)
  const titles = new Set(wanted.map((o) => o.title))
  const removed = [...existing.options.keys()].filter((t) => !titles.has(t))
  for (const option of wanted) {
    const values = existing.options.get(option.title)
    const added = option.values.filter((v) => !values?.has(v))
    if (!values || added.length || removed.length) {
      return `the product's options changed (${values ? `new values of "${option.title}": ${added.join(", ")}` : `new option "${option.title}"`}${removed.length ? `; removed: ${removed.join(", ")}` : ""}); changing option structure is not supported: delete the product in the admin to have the next sync recreate it`
    }
  }
  return null
}

const PRODUCT_ATTRIBUTES = ["subtitle", "discountable", "hs_code", "mid_code", "origin_country", "material", "weight", "length", "height", "width"] as const
const VARIANT_ATTRIBUTES = ["allow_backorder", "barcode", "ean", "upc", "hs_code", "mid_code", "origin_country", "material", "weight", "length", "height", "width", "metadata"] as const

// A field the feed leaves out is left as it is in Medusa (an admin may have
// set it); null clears it.
function given<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>
}

const optionsOf = (p: FeedProduct) =>
  p.options?.length ? p.options : [DEFAULT_OPTION]

// Every product needs an option and a sellable variant; the feed may give neither.
// The stock writer matches Medusa's variants with these (same titles, same SKUs).
export function variantsOf(p: FeedProduct, ctx: WriteContext) {
  const options = optionsOf(p)
  const variants = p.variants?.length ? p.variants : [{}]
  return variants.map((v: NonNullable<FeedProduct["variants"]>[number]) => ({
    title: v.title ?? (variants.length === 1 ? p.title : Object.values(v.options ?? {}).join(" / ") || p.title),
    sku: v.sku ?? null,
    // Stock in the feed means Medusa tracks it.
    manage_inventory: v.manage_inventory ?? (v.inventory_quantity !== undefined || !!v.inventory?.length),
    ...given(v, VARIANT_ATTRIBUTES),
    options: Object.fromEntries(
      options.map((o) => [o.title, v.options?.[o.title] ?? o.values[0]])
    ),
    prices: (v.prices ?? []).map((pr) => ({
      currency_code: pr.currency_code.toLowerCase(),
      amount: pr.amount,
      ...(pr.region ? { rules: { region_id: ctx.refs?.regionIds.get(pr.region) as string } } : {}),
    })),
  }))
}

// Left out of the feed → left as it is; null → cleared.
function referencesOf(p: FeedProduct, ctx: WriteContext) {
  const refs = ctx.refs
  return {
    ...(p.categories !== undefined ? { category_ids: [...new Set(p.categories.map((c) => refs?.categoryIds.get(c) as string))] } : {}),
    ...(p.collection !== undefined ? { collection_id: p.collection ? (refs?.collectionIds.get(p.collection) as string) : null } : {}),
    ...(p.type !== undefined ? { type_id: p.type ? (refs?.typeIds.get(p.type) as string) : null } : {}),
  }
}

function commonFields(p: FeedProduct, ctx: WriteContext) {
  return {
    title: p.title,
    ...given(p, PRODUCT_ATTRIBUTES),
    ...(p.handle ? { handle: p.handle } : {}),
    description: p.description ?? null,
    status: p.status === "draft" ? ProductStatus.DRAFT : ProductStatus.PUBLISHED,
    thumbnail: p.thumbnail ?? p.images?.[0] ?? null,
    images: (p.images ?? []).map((url) => ({ url })),
    tag_ids: (p.tags ?? []).map((t) => ctx.tagIds.get(t) as string),
    ...referencesOf(p, ctx),
    external_id: p.external_id,
    metadata: p.metadata ?? null,
  }
}

export function toCreateInput(
  p: FeedProduct,
  ctx: WriteContext,
  /** For a product the feed gives no handle (see derive-handles). */
  derivedHandle?: string
): CreateProductWorkflowInputDTO {
  return {
    ...commonFields(p, ctx),
    ...(!p.handle && derivedHandle ? { handle: derivedHandle } : {}),
    metadata: p.metadata,
    options: optionsOf(p),
    variants: variantsOf(p, ctx),
    sales_channels: ctx.salesChannelIds.map((id) => ({ id })),
    ...(ctx.shippingProfileId
      ? { shipping_profile_id: ctx.shippingProfileId }
      : {}),
  }
}

/**
 * The update keeps variant ids where the SKU (or, without SKUs, the title)
 * matches, so stock and order history stay attached to the same variant.
 */
export function toUpdateInput(
  p: FeedProduct,
  productId: string,
  existing: ExistingProduct,
  ctx: WriteContext
): UpdateProductWorkflowInputDTO {
  const bySku = new Map(existing.variants.filter((v) => v.sku).map((v) => [v.sku, v.id]))
  const byTitle = new Map(existing.variants.map((v) => [v.title, v.id]))
  return {
    id: productId,
    ...commonFields(p, ctx),
    variants: variantsOf(p, ctx).map((v) => {
      const id = (v.sku && bySku.get(v.sku)) || (!v.sku && byTitle.get(v.title))
      return id ? { ...v, id } : v
    }),
  }
}
