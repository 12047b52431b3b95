import { defineMiddlewares } from "@medusajs/framework/http"
import { adminSyncMiddlewares } from "./admin/sync/middlewares"

export default defineMiddlewares({
  routes: [...adminSyncMiddlewares],
})
