// Development and test app for the plugin itself (not shipped: see tsconfig "exclude").
// It registers the module from source, so routes, jobs and subscribers load from `src/`.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Tests that need many kinds of source name a module exporting `sources`.
const sources = process.env.PRODUCT_SYNC_SOURCES_MODULE
  ? // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(process.env.PRODUCT_SYNC_SOURCES_MODULE).sources
  : {
      default: { url: process.env.PRODUCT_SYNC_FEED_URL || "./demo/feed.json" },
      // A spreadsheet in Medusa's own export format, to try a preset and the preview.
      "demo-csv": { url: "./demo/products.csv", preset: "medusa-csv" },
    }

// With REDIS_URL the app runs as production does: Redis event bus, workflow
// engine and locking, and MEDUSA_WORKER_MODE (server | worker | shared).
const redisUrl = process.env.REDIS_URL
const redisModules = redisUrl
  ? [
      { resolve: "@medusajs/medusa/event-bus-redis", options: { redisUrl } },
      { resolve: "@medusajs/medusa/workflow-engine-redis", options: { redis: { redisUrl } } },
      {
        resolve: "@medusajs/medusa/locking",
        options: { providers: [{ resolve: "@medusajs/medusa/locking-redis", id: "locking-redis", is_default: true, options: { redisUrl } }] },
      },
    ]
  : []

// Alerts (PRODUCT_SYNC_ALERTS, JSON) send email through the Notification module:
// the local provider takes channel "email" too, and logs what it is given.
const alerts = process.env.PRODUCT_SYNC_ALERTS ? JSON.parse(process.env.PRODUCT_SYNC_ALERTS) : undefined
const notificationModule = alerts
  ? [
      {
        resolve: "@medusajs/medusa/notification",
        options: {
          providers: [{ resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local Notification Provider", channels: ["feed", "email"] } }],
        },
      },
    ]
  : []

// Unset → undefined → the plugin's default.
const num = (value?: string) => (value ? Number(value) : undefined)

export default defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    redisUrl,
    workerMode: process.env.MEDUSA_WORKER_MODE as "shared" | "worker" | "server" | undefined,
    http: {
      storeCors: process.env.STORE_CORS || "http://localhost:8000",
      adminCors: process.env.ADMIN_CORS || "http://localhost:9000",
      authCors: process.env.AUTH_CORS || "http://localhost:9000",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: {
    // The process tests start real servers; they need the API, not the dashboard bundle.
    disable: process.env.MEDUSA_ADMIN_DISABLE === "true",
  },
  modules: [
    ...redisModules,
    ...notificationModule,
    // Medusa's own config turns the RBAC module on only when the flag is
    // known at config time, which it is not yet: name it when the env asks.
    ...(process.env.MEDUSA_FF_RBAC === "true" ? [{ resolve: "@medusajs/medusa/rbac" }] : []),
    {
      resolve: "./src/modules/product_sync",
      options: {
        sources,
        batchSize: num(process.env.PRODUCT_SYNC_BATCH_SIZE),
        concurrency: num(process.env.PRODUCT_SYNC_CONCURRENCY),
        heartbeatIntervalMs: num(process.env.PRODUCT_SYNC_HEARTBEAT_MS),
        staleAfterMs: num(process.env.PRODUCT_SYNC_STALE_AFTER_MS),
        requestTimeoutMs: num(process.env.PRODUCT_SYNC_REQUEST_TIMEOUT_MS),
        retryBackoffMs: num(process.env.PRODUCT_SYNC_RETRY_BACKOFF_MS),
        autoResume: process.env.PRODUCT_SYNC_AUTO_RESUME === "true",
        runTimeoutMs: num(process.env.PRODUCT_SYNC_RUN_TIMEOUT_MS),
        statusHeaders: process.env.PRODUCT_SYNC_STATUS_HEADERS as "admin" | "store" | "all" | undefined,
        publicHealth: process.env.PRODUCT_SYNC_PUBLIC_HEALTH === "true",
        alerts,
      },
    },
  ],
})
