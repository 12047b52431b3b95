// Generates the module's migration against a throwaway embedded Postgres:
// `medusa plugin:db:generate` needs a reachable server (DB_* env, not only the URL).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { databaseEnv, freePort, startPostgres } from "./lib/postgres.mjs"
import { run } from "./lib/run.mjs"

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-pg-generate-"))
fs.chmodSync(dataDir, 0o755)
const pg = await startPostgres({ dataDir, port: await freePort(), fast: true })
try {
  await run("node_modules/.bin/medusa", ["plugin:db:generate"], {
    env: databaseEnv(pg, "postgres"),
  })
} finally {
  await pg.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
