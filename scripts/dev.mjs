// `npm run dev`: an embedded Postgres in .pg/ (unless DATABASE_URL is set),
// migrations, an admin login, the bundled demo feed, then `medusa develop`.
import { spawn } from "node:child_process"
import fs from "node:fs"
import path from "node:path"
import { databaseEnv, ensureDatabase, freePort, startPostgres } from "./lib/postgres.mjs"
import { ensureAdminUser } from "./lib/admin-user.mjs"
import { run } from "./lib/run.mjs"
import feeds from "./lib/feed-generator.cjs"

// Medusa 2.21's dependency tree declares Node >= 22.15 (@whatwg-node/promise-helpers 2,
// through @graphql-tools/utils 12): npm warns EBADENGINE below that. Say so plainly.
const [major, minor] = process.versions.node.split(".").map(Number)
if (major < 22 || (major === 22 && minor < 15)) {
  console.warn(`⚠ Node ${process.versions.node}: Medusa 2.21's dependencies need Node 22.15 or newer (npm's EBADENGINE warnings above say the same). It may start, but use Node 22.15+ (e.g. \`nvm install 22\`).`)
}

const root = process.cwd()
const medusa = path.join(root, "node_modules/.bin/medusa")
const email = process.env.ADMIN_EMAIL || "admin@example.com"
const password = process.env.ADMIN_PASSWORD || "supersecret"

let pg = null
let dbEnv = {}
if (!process.env.DATABASE_URL) {
  const port = Number(process.env.PG_PORT) || (await freePort())
  console.log(`▶ embedded Postgres in .pg/ on port ${port}`)
  pg = await startPostgres({ dataDir: path.join(root, ".pg", "data"), port })
  await ensureDatabase(pg, "medusa_product_sync")
  dbEnv = databaseEnv(pg, "medusa_product_sync")
}
const env = {
  ...dbEnv,
  PRODUCT_SYNC_FEED_URL: process.env.PRODUCT_SYNC_FEED_URL || (await demoCatalog()),
}

/**
 * The demo source: 1,000 products with the total announced, so the bar
 * fills visibly (about 10 s), and without images (no broken-image icons).
 */
async function demoCatalog() {
  const file = path.join(root, ".cache", "demo", "catalog.json")
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    const products = Array.from({ length: 1000 }, (_, i) => ({ ...feeds.generateProduct(i), thumbnail: undefined, images: undefined }))
    fs.writeFileSync(file, JSON.stringify({ total: products.length, products }))
  }
  return file
}

const stopAll = async (code) => {
  await pg?.stop()
  process.exit(code)
}

try {
  console.log("▶ medusa db:migrate")
  await run(medusa, ["db:migrate"], { env, quiet: true })
  await ensureAdminUser({ medusa, env, email, password })
} catch (e) {
  console.error(e.message)
  await stopAll(1)
}

console.log(`
  Admin:    http://localhost:9000/app   (${email} / ${password})
  Feed:     ${env.PRODUCT_SYNC_FEED_URL}
  Sync:     Products page → "Sync now", or POST /admin/sync/trigger
`)
// Its own process group, so stopping it also stops the children that hold port 9000.
const app = spawn(medusa, ["develop"], {
  env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...env },
  stdio: "inherit",
  detached: true,
})
const groupAlive = () => {
  try {
    process.kill(-app.pid, 0)
    return true
  } catch {
    return false
  }
}
// medusa develop's server child can outlive its parent while shutting down;
// give the group time to stop gracefully, then make sure nothing keeps :9000.
let stopping = false
const stopApp = async () => {
  if (stopping) return
  stopping = true
  if (groupAlive()) process.kill(-app.pid, "SIGTERM")
  for (let i = 0; i < 100 && groupAlive(); i++) await new Promise((r) => setTimeout(r, 100))
  if (groupAlive()) process.kill(-app.pid, "SIGKILL")
  await stopAll(0)
}
process.on("SIGINT", stopApp)
process.on("SIGTERM", stopApp)
app.on("exit", stopApp)
