import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  validateAndTransformBody,
  validateAndTransformQuery,
} from "@medusajs/framework/http"
import {
  AdminPreviewSource,
  AdminSyncRunQuery,
  AdminSyncRunsQuery,
  AdminSyncStatusQuery,
  AdminTriggerSync,
} from "./validators"

const plainQuery = { isList: false, defaults: [] as string[] }

export const adminSyncMiddlewares: MiddlewareRoute[] = [
  {
    method: ["POST"],
    matcher: "/admin/sync/trigger",
    middlewares: [validateAndTransformBody(AdminTriggerSync)],
  },
  {
    method: ["GET"],
    matcher: "/admin/sync/status",
    middlewares: [validateAndTransformQuery(AdminSyncStatusQuery, plainQuery)],
  },
  {
    method: ["GET"],
    matcher: "/admin/sync/runs",
    middlewares: [validateAndTransformQuery(AdminSyncRunsQuery, plainQuery)],
  },
  {
    method: ["GET"],
    matcher: "/admin/sync/runs/:id",
    middlewares: [validateAndTransformQuery(AdminSyncRunQuery, plainQuery)],
  },
  {
    method: ["POST"],
    matcher: "/admin/sync/sources/:name/preview",
    middlewares: [validateAndTransformBody(AdminPreviewSource)],
  },
]
