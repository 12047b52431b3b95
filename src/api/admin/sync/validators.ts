import { z } from "@medusajs/framework/zod"

const sourceName = z.string().trim().min(1).max(100)

export const AdminTriggerSync = z
  .strictObject({
    source: sourceName.optional(),
    dry_run: z.boolean().optional(),
    /** Continue the source's latest failed or interrupted run from its checkpoint. */
    resume: z.boolean().optional(),
  })
  .refine((body) => !(body.resume && body.dry_run !== undefined), {
    message: "dry_run cannot be set on a resume: the resumed run keeps its own",
  })
export type AdminTriggerSyncType = z.infer<typeof AdminTriggerSync>

export const AdminSyncStatusQuery = z.strictObject({
  source: sourceName.optional(),
})
export type AdminSyncStatusQueryType = z.infer<typeof AdminSyncStatusQuery>

export const AdminSyncRunsQuery = z.strictObject({
  source: sourceName.optional(),
  status: z
    .union([
      z.enum(["running", "completed", "failed", "cancelled", "interrupted"]),
      z.array(z.enum(["running", "completed", "failed", "cancelled", "interrupted"])),
    ])
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminSyncRunsQueryType = z.infer<typeof AdminSyncRunsQuery>

export const AdminSyncRunQuery = z.strictObject({
  errors_limit: z.coerce.number().int().min(1).max(500).default(50),
  errors_offset: z.coerce.number().int().min(0).default(0),
})
export type AdminSyncRunQueryType = z.infer<typeof AdminSyncRunQuery>

export const AdminPreviewSource = z.strictObject({
  /** Records to read from the start of the source. */
  limit: z.number().int().min(1).max(50).default(10),
})
export type AdminPreviewSourceType = z.infer<typeof AdminPreviewSource>
