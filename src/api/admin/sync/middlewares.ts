import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import { productSyncPolicy as policy } from "../../../policies/product-sync"
import {
  AdminPreviewSource,
  AdminSyncChangesQuery,
  AdminSyncRunQuery,
  AdminSyncRunsQuery,
  AdminSyncStatusQuery,
  AdminTriggerSync,
} from "./validators"

const plainQuery = { isList: false, defaults: [] as string[] }

// Every route names its RBAC policy (enforced when the store enables RBAC).
export const adminSyncMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/admin/sync/trigger",
    middlewares: [validateAndTransformBody(AdminTriggerSync)],
    policies: policy("create"),
  },
  {
    methods: ["GET"],
    matcher: "/admin/sync/status",
    middlewares: [validateAndTransformQuery(AdminSyncStatusQuery, plainQuery)],
    policies: policy("read"),
  },
  {
    methods: ["GET"],
    matcher: "/admin/sync/stream",
    middlewares: [validateAndTransformQuery(AdminSyncStatusQuery, plainQuery)],
    policies: policy("read"),
  },
  {
    methods: ["GET"],
    matcher: "/admin/sync/runs",
    middlewares: [validateAndTransformQuery(AdminSyncRunsQuery, plainQuery)],
    policies: policy("read"),
  },
  {
    methods: ["GET"],
    matcher: "/admin/sync/runs/:id",
    middlewares: [validateAndTransformQuery(AdminSyncRunQuery, plainQuery)],
    policies: policy("read"),
  },
  {
    methods: ["GET"],
    matcher: "/admin/sync/runs/:id/changes",
    middlewares: [validateAndTransformQuery(AdminSyncChangesQuery, plainQuery)],
    policies: policy("read"),
  },
  { methods: ["POST"], matcher: "/admin/sync/runs/:id/cancel", policies: policy("update") },
  { methods: ["POST"], matcher: "/admin/sync/runs/:id/resume", policies: policy("create") },
  { methods: ["POST"], matcher: "/admin/sync/runs/:id/retry-failed", policies: policy("create") },
  { methods: ["POST"], matcher: "/admin/sync/runs/:id/apply-missing", policies: policy("delete") },
  { methods: ["GET"], matcher: "/admin/sync/sources", policies: policy("read") },
  { methods: ["GET"], matcher: "/admin/sync/health", policies: policy("read") },
  {
    methods: ["POST"],
    matcher: "/admin/sync/sources/:name/preview",
    middlewares: [validateAndTransformBody(AdminPreviewSource)],
    policies: policy("read"), // reads the source, writes nothing
  },
  { methods: ["GET"], matcher: "/admin/sync/products/:id", policies: policy("read") },
  { methods: ["POST", "DELETE"], matcher: "/admin/sync/products/:id/lock", policies: policy("update") },
]
