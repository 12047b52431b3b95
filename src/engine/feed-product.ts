import { z } from "@medusajs/framework/zod"

const price = z.object({
  currency_code: z.string().regex(/^[a-zA-Z]{3}$/, "must be a 3-letter ISO code"),
  amount: z.number().finite().nonnegative(),
})

const variant = z.object({
  sku: z.string().min(1).optional(),
  title: z.string().trim().min(1).optional(),
  options: z.record(z.string(), z.string()).optional(),
  prices: z.array(price).optional(),
  manage_inventory: z.boolean().optional(),
})

/**
 * One product of a feed. Unknown fields are ignored (feeds carry more than we
 * map); what we map must be right, or the item is recorded as an error.
 */
export const FeedProductSchema = z
  .object({
    external_id: z
      .union([z.string().trim().min(1), z.number().int()])
      .transform(String),
    title: z.string().trim().min(1),
    handle: z.string().trim().min(1).optional(),
    description: z.string().nullish(),
    status: z.enum(["published", "draft"]).optional(),
    thumbnail: z.string().url().nullish(),
    images: z.array(z.string().url()).optional(),
    tags: z.array(z.string().trim().min(1)).optional(),
    options: z
      .array(
        z.object({
          title: z.string().trim().min(1),
          values: z.array(z.string().min(1)).min(1),
        })
      )
      .optional(),
    variants: z.array(variant).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((product, ctx) => {
    const declared = new Map(
      (product.options ?? []).map((o) => [o.title, new Set(o.values)])
    )
    product.variants?.forEach((v, i) => {
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

export type FeedProduct = z.infer<typeof FeedProductSchema>

export type ValidatedItem =
  | { ok: true; product: FeedProduct }
  | { ok: false; external_id: string | null; message: string }

/** Validates one raw item; the message names every bad field. */
export function validateFeedProduct(raw: unknown): ValidatedItem {
  const result = FeedProductSchema.safeParse(raw)
  if (result.success) {
    return { ok: true, product: result.data }
  }
  const rawId = (raw as { external_id?: unknown } | null)?.external_id
  const message = result.error.issues
    .map((i) => `${i.path.join(".") || "item"}: ${i.message}`)
    .join("; ")
  return {
    ok: false,
    external_id:
      typeof rawId === "string" || typeof rawId === "number"
        ? String(rawId)
        : null,
    message: `invalid item: ${message}`,
  }
}
