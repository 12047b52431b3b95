import type {
  CreateProductWorkflowInputDTO,
  UpdateProductWorkflowInputDTO,
} from "@medusajs/framework/types"
import { ProductStatus } from "@medusajs/framework/utils"
import type { FeedProduct } from "../../../feed/feed-product"
import type { NestedRun } from "./nested-run"
import { type FieldOwnershipMap, withoutUnowned } from "../../../feed/product-fields"
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
  /** Passed as `additional_data` to Medusa's product workflows, so their hooks see where a write came from. */
  origin?: { product_sync: { source: string; run_id: string } }
  /** The context of the Medusa workflows a batch runs (see NestedRun). */
  nested?: NestedRun
}

/** An existing variant, to keep its id (and so its inventory and links) on update. */
export type ExistingVariant = { id: string; sku: string | null; title: string; options: Record<string, string> }

/** An existing option: its id and its values' ids, by value. */
export type ExistingOption = { id: string; values: Map<string, string> }

/** What an update must preserve of the product as it is now. */
export type ExistingProduct = {
  variants: ExistingVariant[]
  /** Option title → the option. */
  options: Map<string, ExistingOption>
  /** Its own fields, tags, categories and images as they are: an update input that puts them back. */
  fields?: UpdateProductWorkflowInputDTO
}

const PRODUCT_ATTRIBUTES = ["subtitle", "discountable", "hs_code", "mid_code", "origin_country", "material", "weight", "length", "height", "width"] as const
const VARIANT_ATTRIBUTES = ["allow_backorder", "barcode", "ean", "upc", "hs_code", "mid_code", "origin_country", "material", "weight", "length", "height", "width", "metadata"] as const

// A field the feed leaves out is left as it is in Medusa (an admin may have
// set it); null clears it.
function given<T extends object, K extends keyof T>(from: T, keys: readonly K[]): Partial<Pick<T, K>> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]])) as Partial<Pick<T, K>>
}

export const optionsOf = (p: FeedProduct) =>
  p.options?.length ? p.options : [DEFAULT_OPTION]

// Every product needs an option and a sellable variant; the feed may give neither.
// The stock writer matches Medusa's variants with these (same titles, same SKUs).
type FeedVariant = NonNullable<FeedProduct["variants"]>[number]

/** A variant's title in Medusa: the feed's, else its option values, else (a lone variant) the product's. */
export const variantTitle = (p: FeedProduct, v: FeedVariant) =>
  v.title ?? (!p.variants || p.variants.length <= 1 ? p.title : Object.values(v.options ?? {}).join(" / ") || p.title)

export function variantsOf(p: FeedProduct, ctx: WriteContext) {
  const options = optionsOf(p)
  const variants = p.variants?.length ? p.variants : [{}]
  return variants.map((v: FeedVariant) => ({
    title: variantTitle(p, v),
    sku: v.sku ?? null,
    // Stock in the feed means Medusa tracks it.
    manage_inventory: v.manage_inventory ?? (v.inventory_quantity !== undefined || !!v.inventory?.length),
    ...given(v, VARIANT_ATTRIBUTES),
    options: Object.fromEntries(
      options.map((o) => [o.title, v.options?.[o.title] ?? o.values[0]])
    ),
    // A variant without prices in the feed keeps the ones it has.
    ...(v.prices
      ? {
          prices: v.prices.map((pr) => ({
            currency_code: pr.currency_code.toLowerCase(),
            amount: pr.amount,
            ...(pr.region ? { rules: { region_id: ctx.refs?.regionIds.get(pr.region) as string } } : {}),
          })),
        }
      : {}),
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

// Only what the feed carries: a field it leaves out is never written on an
// update (the store may have set it); null clears it.
/** The product's status as Medusa stores it: the feed's, else published. */
export const statusOf = (p: FeedProduct): ProductStatus => (p.status ?? ProductStatus.PUBLISHED) as ProductStatus

function commonFields(p: FeedProduct, ctx: WriteContext) {
  const images = p.images?.map((url) => ({ url }))
  return {
    title: p.title,
    ...given(p, PRODUCT_ATTRIBUTES),
    ...(p.handle ? { handle: p.handle } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
    ...(p.status !== undefined ? { status: statusOf(p) } : {}),
    ...(p.thumbnail !== undefined || p.images !== undefined ? { thumbnail: p.thumbnail ?? p.images?.[0] ?? null } : {}),
    ...(images ? { images } : {}),
    ...(p.tags ? { tag_ids: p.tags.map((t) => ctx.tagIds.get(t) as string) } : {}),
    ...referencesOf(p, ctx),
    external_id: p.external_id,
    ...(p.metadata !== undefined ? { metadata: p.metadata } : {}),
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
    // A new product is published unless the feed says otherwise.
    status: statusOf(p),
    options: optionsOf(p),
    // Every new variant gets a price set, with no prices when the feed has none.
    variants: variantsOf(p, ctx).map((v) => ({ prices: [], ...v })),
    sales_channels: ctx.salesChannelIds.map((id) => ({ id })),
    ...(ctx.shippingProfileId
      ? { shipping_profile_id: ctx.shippingProfileId }
      : {}),
  }
}

/**
 * The create input of a product as its source owns it: fields the source
 * ignores are left to Medusa's defaults, and so are prices it ignores.
 */
export function createInput(p: FeedProduct, ctx: WriteContext, derivedHandle: string | undefined, ownership: FieldOwnershipMap): CreateProductWorkflowInputDTO {
  const input = withoutUnowned(toCreateInput(p, ctx, derivedHandle) as Record<string, unknown>, ownership, ["sync", "create"]) as CreateProductWorkflowInputDTO
  if (ownership.prices !== "ignore") return input
  return { ...input, variants: input.variants?.map((v) => ({ ...v, prices: [] })) }
}

/** The update input of a product's own fields alone: its variants, prices and stock are left as they are. */
export function toFieldsInput(p: FeedProduct, productId: string, ctx: WriteContext): UpdateProductWorkflowInputDTO {
  return { id: productId, ...commonFields(p, ctx) }
}

/**
 * Whether a variant in Medusa is the feed's variant `wanted`, once the
 * product was written from the feed: its SKU, or without one its title (the
 * write set both), identifies it.
 */
export const isWrittenVariant = (wanted: { sku: string | null; title: string }, variant: { sku: string | null; title: string }) =>
  wanted.sku ? variant.sku === wanted.sku : variant.title === wanted.title

/**
 * The update keeps variant ids where the SKU, else the option values, else
 * the title matches, so stock and order history stay attached to the same
 * variant. Variants the feed no longer has are left out, and so deleted.
 */
export function toUpdateInput(
  p: FeedProduct,
  productId: string,
  existing: ExistingProduct,
  ctx: WriteContext,
  /** Also set what only a create sets (sales channels, shipping profile): for a create a crash cut short. */
  { asCreated = false }: { asCreated?: boolean } = {}
): UpdateProductWorkflowInputDTO {
  const sameOptions = (a: Record<string, string>, b: Record<string, string>) =>
    Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([k, v]) => b[k] === v)
  const taken = new Set<string>()
  const match = (v: ReturnType<typeof variantsOf>[number]) =>
    (v.sku ? existing.variants.find((e) => e.sku === v.sku) : undefined) ??
    existing.variants.find((e) => !taken.has(e.id) && !(v.sku && e.sku) && sameOptions(e.options, v.options)) ??
    existing.variants.find((e) => !taken.has(e.id) && !v.sku && e.title === v.title)
  return {
    id: productId,
    ...commonFields(p, ctx),
    variants: variantsOf(p, ctx).map((v) => {
      const found = match(v)
      if (!found || taken.has(found.id)) return v
      taken.add(found.id)
      return { ...v, id: found.id }
    }),
    ...(asCreated
      ? {
          sales_channels: ctx.salesChannelIds.map((id) => ({ id })),
          ...(ctx.shippingProfileId ? { shipping_profile_id: ctx.shippingProfileId } : {}),
        }
      : {}),
  }
}
