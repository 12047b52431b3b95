import { z } from "@medusajs/framework/zod"
import { SYNC_RUN_STATUSES, type SyncRunStatus } from "../../../types"

const sourceName = z.string().trim().min(1).max(100)

export const AdminTriggerSync = z
  .strictObject({
    source: sourceName.optional(),
    dry_run: z.boolean().optional(),
    /** Continue the source's latest failed or interrupted run from its checkpoint. */
    resume: z.boolean().optional(),
    /** `full`: read the whole source, also one read incrementally or conditionally. */
    mode: z.enum(["full"]).optional(),
    /** A targeted run: reads the source but writes only the products with these external ids, and removes nothing. */
    only: z.array(z.string().trim().min(1).max(512)).min(1).max(1000).optional(),
  })
  .refine((body) => !(body.resume && body.only), {
    message: "only cannot be set on a resume: the resumed run keeps its own",
  })
  .refine((body) => !(body.resume && body.dry_run !== undefined), {
    message: "dry_run cannot be set on a resume: the resumed run keeps its own",
  })
  .refine((body) => !(body.resume && body.mode), {
    message: "mode cannot be set on a resume: the resumed run keeps its own",
  })
export type AdminTriggerSyncType = z.infer<typeof AdminTriggerSync>

export const AdminSyncStatusQuery = z.strictObject({
  source: sourceName.optional(),
})
export type AdminSyncStatusQueryType = z.infer<typeof AdminSyncStatusQuery>

const isRunStatus = (v: string): v is SyncRunStatus => (SYNC_RUN_STATUSES as string[]).includes(v)

// One value or several (?status=failed&status=interrupted); a wrong one is
// named in a sentence, not in zod's union report.
const runStatuses = z.preprocess(
  (v) => (typeof v === "string" ? [v] : v),
  z.array(z.string()).transform((values, ctx) => {
    const wrong = values.find((v) => !isRunStatus(v))
    if (wrong !== undefined) {
      ctx.addIssue({ code: "custom", message: `status must be one of ${SYNC_RUN_STATUSES.join(", ")} (got "${wrong}")` })
      return z.NEVER
    }
    return values as SyncRunStatus[]
  })
)

export const AdminSyncRunsQuery = z.strictObject({
  source: sourceName.optional(),
  status: runStatuses.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminSyncRunsQueryType = z.infer<typeof AdminSyncRunsQuery>

export const AdminSyncRunQuery = z.strictObject({
  errors_limit: z.coerce.number().int().min(1).max(500).default(50),
  errors_offset: z.coerce.number().int().min(0).default(0),
})
export type AdminSyncRunQueryType = z.infer<typeof AdminSyncRunQuery>

const oneOf = <T extends string>(name: string, values: readonly T[]) =>
  z.string().refine((v) => (values as readonly string[]).includes(v), { message: `${name} must be one of ${values.join(", ")}` }).transform((v) => v as T)

export const AdminSyncChangesQuery = z.strictObject({
  action: oneOf("action", ["create", "update", "draft", "remove"] as const).optional(),
  /** A changed field by the feed's name (`title`, `metadata.brand`), or `prices`, `stock`, `variants`. */
  field: z.string().trim().min(1).max(200).optional(),
  risk: oneOf("risk", ["price_drop", "stock_lost", "draft", "remove"] as const).optional(),
  /** Text in the external id or the title. */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminSyncChangesQueryType = z.infer<typeof AdminSyncChangesQuery>

export const AdminPreviewSource = z.strictObject({
  /** Records to read from the start of the source. */
  limit: z.number().int().min(1).max(50).default(10),
})
export type AdminPreviewSourceType = z.infer<typeof AdminPreviewSource>
