import { FeedServer } from "../fixtures/feed-server"
import { createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateFeed } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(240_000)

/**
 * A store with Medusa's RBAC on (a feature flag read at boot, hence a real
 * process): a role holding only `product_sync:read` watches syncs and can
 * start, stop or remove nothing; the super admin can do everything.
 */
const PASSWORD = "s3cret-Passw0rd"
const feed = new FeedServer()
let server: MedusaProcess

beforeAll(async () => {
  await feed.listen(0)
  feed.reset(generateFeed(3))
  const db = await createDatabase("mps_rbac_tests", { MEDUSA_FF_RBAC: "true" })
  await createUser(db, "owner@example.com", PASSWORD) // the CLI makes the first users super admins
  await createUser(db, "viewer@example.com", PASSWORD)
  server = await new MedusaProcess({
    ...db,
    PRODUCT_SYNC_FEED_URL: feed.url,
    PRODUCT_SYNC_DISABLE_SCHEDULE: "true",
  }).start()
})

afterAll(async () => {
  await server?.stop()
  await feed.close()
})

it("a read-only sync role reads every sync route and is refused every write with 403", async () => {
  const api = server.api
  const owner = await server.login("owner@example.com", PASSWORD)

  // The plugin's policies are in Medusa's policy table, synced at boot.
  const { data: policies } = await api.get("/admin/rbac/policies?resource=product_sync&limit=20&fields=key,name", { headers: owner })
  expect(policies.policies.map((p: { key: string }) => p.key).sort()).toEqual(
    ["product_sync:create", "product_sync:delete", "product_sync:read", "product_sync:update"]
  )
  const read = policies.policies.find((p: { key: string }) => p.key === "product_sync:read")
  const role = await api.post("/admin/rbac/roles", { name: "Sync viewer", policy_ids: [read.id] }, { headers: owner })
  expect(role.status).toBe(200)
  const { data: users } = await api.get("/admin/users?q=viewer@example.com", { headers: owner })
  const viewerId = users.users[0].id
  expect((await api.delete(`/admin/users/${viewerId}/roles/role_super_admin`, { headers: owner })).status).toBe(200)
  expect((await api.post(`/admin/users/${viewerId}/roles`, { roles: [role.data.role.id] }, { headers: owner })).status).toBe(200)

  // The owner syncs; the viewer then reads what happened.
  const started = await api.post("/admin/sync/trigger", {}, { headers: owner })
  expect(started.status).toBe(202)
  const runId = started.data.run.id
  for (let i = 0; i < 100 && (await api.get(`/admin/sync/runs/${runId}`, { headers: owner })).data.run.status === "running"; i++) {
    await new Promise((r) => setTimeout(r, 200))
  }
  const { data: products } = await api.get("/admin/products?fields=id&limit=1", { headers: owner })

  const viewer = await server.login("viewer@example.com", PASSWORD) // roles are in the token from login
  const reads: [string, string, unknown?][] = [
    ["get", "/admin/sync/status"],
    ["get", "/admin/sync/runs"],
    ["get", `/admin/sync/runs/${runId}`],
    ["get", "/admin/sync/sources"],
    ["post", "/admin/sync/sources/default/preview", {}],
    ["get", `/admin/sync/products/${products.products[0].id}`],
  ]
  for (const [method, url, body] of reads) {
    const res = method === "get" ? await api.get(url, { headers: viewer }) : await api.post(url, body, { headers: viewer })
    expect([url, res.status]).toEqual([url, 200])
  }
  const writes: [string, string][] = [
    ["/admin/sync/trigger", "product_sync:create"],
    [`/admin/sync/runs/${runId}/resume`, "product_sync:create"],
    [`/admin/sync/runs/${runId}/cancel`, "product_sync:update"],
    [`/admin/sync/runs/${runId}/apply-missing`, "product_sync:delete"],
    ["/admin/sync/products/prod_x/lock", "product_sync:update"],
  ]
  for (const [url, policy] of writes) {
    const res = await api.post(url, {}, { headers: viewer })
    expect([url, res.status, res.data.message]).toEqual([url, 403, `Insufficient permissions. Required policies: ${policy}`])
  }
  // Nothing the viewer tried started a run.
  expect((await api.get("/admin/sync/runs", { headers: owner })).data.count).toBe(1)
})
