// `npm test [tier…] [-- jest args]`: starts a throwaway embedded Postgres and
// runs the test tiers against it (unit, module, HTTP with the whole app).
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { freePort, startPostgres } from "./lib/postgres.mjs"
import { ensureChromium } from "./lib/ensure-chromium.mjs"
import { startRedis } from "./lib/ensure-redis.mjs"
import { LOWEST_MEDUSA, prepareBuiltApp, prepareFreshApp } from "./lib/pack-plugin.mjs"
import { run } from "./lib/run.mjs"

const TIERS = ["unit", "integration:modules", "integration:workflows", "integration:http", "integration:process", "integration:redis", "integration:built", "e2e"]
const args = process.argv.slice(2)
const split = args.indexOf("--")
const named = (split < 0 ? args : args.slice(0, split)).filter((a) => TIERS.includes(a))
const jestArgs = split < 0 ? args.filter((a) => !TIERS.includes(a)) : args.slice(split + 1)
const tiers = named.length ? named : TIERS

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-pg-test-"))
fs.chmodSync(dataDir, 0o755)
const pg = await startPostgres({ dataDir, port: await freePort(), fast: true })
const env = {
  NODE_ENV: "test",
  LOG_LEVEL: process.env.LOG_LEVEL || "warn",
  DB_HOST: "localhost", // not 127.0.0.1: the test runner forces SSL otherwise
  DB_PORT: String(pg.port),
  DB_USERNAME: pg.user,
  DB_PASSWORD: pg.password,
  NODE_OPTIONS: "--experimental-vm-modules",
  TEST_FEED_PORT: String(await freePort()), // the HTTP specs' local feed server
  TEST_CATALOG_PORT: String(await freePort()), // the sources spec's catalog server
  TEST_SFTP_PORT: String(await freePort()), // the sources spec's SFTP drop
  TEST_FTP_PORT: String(await freePort()), // the sources spec's FTP drop
}

let failed = false
let redis = null
const totals = { passed: 0, failed: 0, skipped: 0 }
const resultsFile = path.join(dataDir, "..", `mps-jest-${process.pid}.json`)
try {
  for (const tier of tiers) {
    console.log(`\n▶ ${tier}`)
    try {
      if (tier === "integration:built") {
        console.log("  building and packing the plugin into .cache/built-app")
        await prepareBuiltApp()
        console.log(`  installing it into a new app with Medusa ${LOWEST_MEDUSA} (.cache/fresh-app-${LOWEST_MEDUSA})`)
        await prepareFreshApp(process.cwd(), LOWEST_MEDUSA, { build: false })
      }
      if (tier === "e2e") ensureChromium()
      // The Redis tier gets its own redis-server for as long as it runs.
      redis = tier === "integration:redis" ? await startRedis(await freePort()) : null
      // A whole tier must run tests: a broken testMatch is a failure, not a pass. A filter
      // (`npm test -- -t …`, a path) may leave a tier with none.
      const filtered = jestArgs.length > 0
      await run("node_modules/.bin/jest", ["--runInBand", "--forceExit", ...(filtered ? ["--passWithNoTests"] : []), "--json", `--outputFile=${resultsFile}`, ...jestArgs], {
        env: { ...env, TEST_TYPE: tier, ...(redis ? { REDIS_URL: redis.url } : {}) },
      })
    } catch (e) {
      if (e?.code === undefined) console.error(e?.message ?? e) // not jest's own failure: say why
      failed = true
    } finally {
      await redis?.stop()
      redis = null
      if (fs.existsSync(resultsFile)) {
        const r = JSON.parse(fs.readFileSync(resultsFile, "utf8"))
        totals.passed += r.numPassedTests
        totals.failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0)
        totals.skipped += r.numPendingTests
        if (!jestArgs.length && r.numPassedTests + r.numFailedTests === 0) {
          console.error(`  the ${tier} tier ran no test`)
          failed = true
        }
        fs.rmSync(resultsFile)
      }
    }
  }
} finally {
  await pg.stop()
  fs.rmSync(dataDir, { recursive: true, force: true })
}
// One closing line for every tier together.
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
process.exit(failed || totals.failed ? 1 : 0)
