import fs from "node:fs"
import path from "node:path"
import { waitFor } from "../fixtures/wait-for"
import { appAt, createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

jest.setTimeout(240_000)

/**
 * The packed plugin in a new app on the lowest Medusa its peer range takes
 * (scripts/test.mjs installs it with npm into .cache/fresh-app-<version>):
 * migrations, the admin API and a sync, as `medusa start` serves them.
 */
const cache = path.join(__dirname, "../../.cache")
const dir = fs.readdirSync(cache).find((d) => d.startsWith("fresh-app-"))
if (!dir) throw new Error("no .cache/fresh-app-<version>: run this tier through `npm test integration:built`")
const LOWEST_MEDUSA = dir.slice("fresh-app-".length)
const app = appAt(path.join(cache, dir))
let p: MedusaProcess

afterAll(async () => {
  await p?.stop()
})

it(`boots, migrates and syncs on Medusa ${LOWEST_MEDUSA}`, async () => {
  const installed = JSON.parse(fs.readFileSync(path.join(app.dir, "node_modules/@medusajs/medusa/package.json"), "utf8")).version
  expect(installed).toBe(LOWEST_MEDUSA)
  // The app's medusa-config reads its sources from env, also for `db:migrate` and `user`.
  const sources = {
    BUILT_FEED_PATH: path.join(__dirname, "../../demo/feed.json"),
    BUILT_SUPPLIER_PATH: path.join(__dirname, "../fixtures/catalogs/supplier-items.json"),
  }
  const db = await createDatabase("mps_fresh_app", sources, process.env.DB_PORT, app)
  await createUser(db, "ops@example.com", "s3cret-Passw0rd", app)
  p = new MedusaProcess(db, app)
  await p.start(180_000)
  const headers = await p.login("ops@example.com", "s3cret-Passw0rd")
  const status = await p.api.get("/admin/sync/status", { headers })
  expect(status.status).toBe(200)
  expect(status.data.sources.map((s: { name: string }) => s.name)).toEqual(["catalog", "supplier"])
  const started = await p.api.post("/admin/sync/trigger", { source: "supplier" }, { headers })
  expect(started.status).toBe(202)
  const run = await waitFor("the run to end", async () => {
    const r = (await p.api.get(`/admin/sync/runs/${started.data.run.id}`, { headers })).data.run
    return r.status !== "running" && r
  })
  // The app's own hook (its src/workflows/hooks) adds its margin on this Medusa too.
  expect(run).toMatchObject({ status: "completed", stats: { created: 3, skipped: 1, failed: 0 } })
  const { data } = await p.api.get("/admin/products?fields=external_id,*variants.prices&order=external_id", { headers })
  expect(data.products.map((x: any) => [x.external_id, x.variants[0].prices[0].amount])).toEqual([["AC-100", 31.13], ["AC-101", 111.25], ["AC-103", 8.75]])
})
