import { z } from "@medusajs/framework/zod"

// Feeds send numbers as strings ("19.90", " 3 "): accept a plain decimal
// string, refuse anything else with the field's name.
const decimal = z.union([
  z.number(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/, "must be a number")
    .transform(Number),
])
const measure = decimal.pipe(z.number().finite().nonnegative()).nullish()
// Bounds on every string: a field of megabytes is a bad item, not a slow run.
const text = z.string().trim().min(1).max(512).nullish()
// An image as Medusa stores it: an http(s) URL, or a file name or path as Medusa's own CSV import
// takes them (`test-image.png`, `images/lamp.jpg`); never another scheme (`javascript:`, `data:`).
const url = z
  .string()
  .trim()
  .min(1)
  .max(2048)
  .refine((v) => (/^https?:\/\//i.test(v) ? URL.canParse(v) : !/^[a-z][a-z0-9+.-]*:/i.test(v) && !/\s/.test(v)), "must be an http(s) URL or a file name")

const MAX_METADATA_DEPTH = 32
const MAX_METADATA_NODES = 100_000
/** Why a metadata value is too big to store, or null. */
const metadataProblem = (value: unknown): string | null => {
  // Iterative, and bounded in nodes: a hostile 20,000-deep object (or a
  // cyclic one from a `map`) must neither overflow the stack nor loop, and
  // an array of 200,000 elements must not be spread into one call.
  let depth = 0
  let nodes = 0
  let level: unknown[] = [value]
  while (level.length) {
    const next: unknown[] = []
    for (const v of level) {
      if (!v || typeof v !== "object") continue
      for (const child of Object.values(v)) {
        if (++nodes > MAX_METADATA_NODES) return `must not hold more than ${MAX_METADATA_NODES} values`
        next.push(child)
      }
    }
    if (!next.length) break
    if (++depth > MAX_METADATA_DEPTH) return `must not be nested deeper than ${MAX_METADATA_DEPTH} levels`
    level = next
  }
  return null
}
const metadata = z.record(z.string(), z.unknown()).superRefine((m, ctx) => {
  const problem = metadataProblem(m)
  if (problem) ctx.addIssue({ code: "custom", message: problem })
})

// Customs and shipping attributes, the same on a product and on a variant.
const shipping = {
  hs_code: text,
  mid_code: text,
  origin_country: text,
  material: text,
  weight: measure,
  length: measure,
  height: measure,
  width: measure,
}

const quantity = decimal.pipe(z.number().int().nonnegative())

const price = z.object({
  currency_code: z.string().trim().regex(/^[a-zA-Z]{3}$/, "must be a 3-letter ISO code"),
  amount: decimal.pipe(z.number().finite().nonnegative()),
  /** A region's name or id: the price applies in that region (a region price rule). */
  region: z.string().trim().min(1).max(512).optional(),
})

const variant = z.object({
  sku: z.string().trim().min(1).max(512).optional(),
  title: z.string().trim().min(1).max(1000).optional(),
  options: z.record(z.string(), z.string()).optional(),
  prices: z.array(price).optional(),
  /**
   * Sale prices (a WooCommerce "Sale price", a Merchant `sale_price`): written
   * to the source's price list of type `sale`, so Medusa shows `prices` as the
   * original price. Left out, the variant has no sale price of this source.
   */
  sale_prices: z
    .array(
      z.object({
        currency_code: z.string().trim().regex(/^[a-zA-Z]{3}$/, "must be a 3-letter ISO code"),
        amount: decimal.pipe(z.number().finite().nonnegative()),
      })
    )
    .optional(),
  manage_inventory: z.boolean().optional(),
  allow_backorder: z.boolean().optional(),
  /** Stocked quantity at the source's stock location. */
  inventory_quantity: quantity.optional(),
  /** Stocked quantities by stock location (name or id). */
  inventory: z.array(z.object({ location: z.string().trim().min(1).max(512), quantity })).optional(),
  barcode: text,
  ean: text,
  upc: text,
  ...shipping,
  metadata: metadata.optional(),
})

/**
 * One product of a feed. Unknown fields are ignored (feeds carry more than we
 * map); what we map must be right, or the item is recorded as an error.
 */
export const FeedProductSchema = z
  .object({
    // The ledger indexes it: an id of kilobytes would not fit an index row.
    external_id: z
      .union([z.string().trim().min(1).max(512), z.number().int()])
      .transform(String),
    title: z.string().trim().min(1).max(1000),
    subtitle: text,
    handle: z.string().trim().min(1).max(512).optional(),
    description: z.string().max(100_000).nullish(),
    // Medusa's statuses, as its own CSV import takes them; a new product is published unless given.
    status: z.enum(["published", "draft", "proposed", "rejected"]).optional(),
    thumbnail: url.nullish(),
    images: z.array(url).max(100).optional(),
    tags: z.array(z.string().trim().min(1).max(255)).max(100).optional(),
    options: z
      .array(
        z.object({
          title: z.string().trim().min(1).max(255),
          values: z.array(z.string().min(1).max(255)).min(1),
        })
      )
      .optional(),
    variants: z.array(variant).optional(),
    /** Category paths ("Men > Shirts"); missing categories are created, nested. */
    categories: z.array(z.string().trim().min(1).max(1000)).max(100).optional(),
    /** Collection title; created when missing. */
    collection: z.string().trim().min(1).nullish(),
    /** Product type value; created when missing. */
    type: z.string().trim().min(1).nullish(),
    discountable: z.boolean().optional(),
    ...shipping,
    metadata: metadata.optional(),
  })
  .superRefine((product, ctx) => {
    const declared = new Map(
      (product.options ?? []).map((o) => [o.title, new Set(o.values)])
    )
    const skus = new Map<string, number>()
    product.variants?.forEach((v, i) => {
      // Nothing of a product with two variants of one SKU is written: which one is meant?
      if (v.sku && skus.has(v.sku)) {
        ctx.addIssue({ code: "custom", path: ["variants", i, "sku"], message: `"${v.sku}" is also the SKU of variant ${skus.get(v.sku)}` })
      }
      if (v.sku) skus.set(v.sku, i)
      for (const [title, value] of Object.entries(v.options ?? {})) {
        if (!declared.get(title)?.has(value)) {
          ctx.addIssue({
            code: "custom",
            path: ["variants", i, "options", title],
            message: `"${value}" is not a declared value of option "${title}"`,
          })
        }
      }
    })
  })

/** A product as a batch writes it (validated and normalised). */
export type FeedProduct = z.infer<typeof FeedProductSchema>
/** A product as a feed or a `map` function may give it (numbers may be strings). */
export type FeedProductInput = z.input<typeof FeedProductSchema>

export type ValidatedItem =
  | { ok: true; product: FeedProduct }
  | { ok: false; external_id: string | null; message: string }

/** Validates one raw item; the message names every bad field. Never throws. */
export function validateFeedProduct(raw: unknown): ValidatedItem {
  const rawId = (raw as { external_id?: unknown } | null)?.external_id
  const externalId = typeof rawId === "string" || typeof rawId === "number" ? String(rawId).slice(0, 512) : null
  let result: ReturnType<typeof FeedProductSchema.safeParse>
  try {
    result = FeedProductSchema.safeParse(raw)
  } catch (e) {
    // A record shaped to break the validator itself (its stack, a getter that throws) is one bad item.
    return { ok: false, external_id: externalId, message: `invalid item: it could not be checked (${(e as Error).message})` }
  }
  if (result.success) {
    return { ok: true, product: result.data }
  }
  const message = result.error.issues
    .map((i) => `${i.path.join(".") || "item"}: ${i.message}`)
    .join("; ")
  return { ok: false, external_id: externalId, message: `invalid item: ${message}` }
}
