import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSyncMiddlewares } from "./admin/sync/middlewares"
import { statusHeadersMiddleware } from "./sync-status-headers"

export default defineMiddlewares({
  routes: [
    { matcher: "/admin*", middlewares: [statusHeadersMiddleware("admin")] },
    { matcher: "/store*", middlewares: [statusHeadersMiddleware("store")] },
    ...adminSyncMiddlewares,
  ],
})
