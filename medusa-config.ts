// Development and test app for the plugin itself (not shipped: see tsconfig "exclude").
// It registers the module from source, so routes, jobs and subscribers load from `src/`.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  modules: [
    {
      resolve: "./src/modules/product_sync",
      options: {
        sources: {
          default: {
            url: process.env.PRODUCT_SYNC_FEED_URL || "./demo/feed.json",
          },
        },
        batchSize: Number(process.env.PRODUCT_SYNC_BATCH_SIZE || 100),
      },
    },
  ],
})
