import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { FeedServer } from "../fixtures/feed-server"
import { loginAdmin } from "../fixtures/admin"
import { listProducts, waitForRun } from "./helpers"
import { createProductsWorkflow } from "@medusajs/core-flows"
import { startScheduledRun } from "../../src/jobs/scheduled-sync"
import reapStaleSyncRuns from "../../src/jobs/reap-stale-runs"
import { validateFeedProduct } from "../../src/feed/feed-product"
import { toCreateInput } from "../../src/workflows/sync/batch/to-product-input"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateFeed, changedEvery } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(180_000)

const feed = new FeedServer()
const FEED_PORT = Number(process.env.TEST_FEED_PORT)
beforeAll(() => feed.listen(FEED_PORT))
afterAll(() => feed.close())
// Set before the runner loads medusa-config.ts (its `env` option applies only after).
process.env.PRODUCT_SYNC_FEED_URL = `http://localhost:${FEED_PORT}/feed`
process.env.PRODUCT_SYNC_REQUEST_TIMEOUT_MS = "1000"
process.env.PRODUCT_SYNC_RETRY_BACKOFF_MS = "20"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: { authorization: string }
    let userId: string
    const trigger = (body: unknown = {}, h: Record<string, string> = headers) =>
      api.post("/admin/sync/trigger", body, { headers: h, validateStatus: () => true })

    beforeEach(async () => {
      feed.reset()
      ;({ headers, userId } = await loginAdmin(getContainer(), api))
    })

    describe("authentication", () => {
      it("answers 401 without credentials, on every route", async () => {
        const res = await api.post("/admin/sync/trigger", {}, { validateStatus: () => true })
        expect(res.status).toBe(401)
        expect(res.data).toEqual({ message: "Unauthorized" })
        const routes: ["get" | "post", string][] = [
          ["get", "/admin/sync/status"],
          ["get", "/admin/sync/runs"],
          ["get", "/admin/sync/runs/psrun_x"],
          ["post", "/admin/sync/runs/psrun_x/cancel"],
          ["post", "/admin/sync/runs/psrun_x/resume"],
          ["post", "/admin/sync/runs/psrun_x/apply-missing"],
          ["get", "/admin/sync/sources"],
          ["get", "/admin/sync/health"],
          ["get", "/admin/sync/stream"],
          ["post", "/admin/sync/sources/default/preview"],
          ["get", "/admin/sync/products/prod_x"],
          ["post", "/admin/sync/products/prod_x/lock"],
        ]
        for (const [method, url] of routes) {
          const answer = method === "get" ? await api.get(url, { validateStatus: () => true }) : await api.post(url, {}, { validateStatus: () => true })
          expect([url, answer.status]).toEqual([url, 401])
        }
      })

      it("accepts a logged-in admin and a secret API key", async () => {
        feed.reset(generateFeed(3))
        const byUser = await trigger()
        expect(byUser.status).toBe(202)
        expect(byUser.data.run).toMatchObject({ status: "running", trigger: "manual", triggered_by: userId, source: "default" })
        await waitForRun(api, headers, byUser.data.run.id)

        const { data } = await api.post("/admin/api-keys", { title: "ci", type: "secret" }, { headers })
        const basic = { authorization: `Basic ${Buffer.from(`${data.api_key.token}:`).toString("base64")}` }
        const byKey = await trigger({}, basic)
        expect(byKey.status).toBe(202)
        expect(byKey.data.run.triggered_by).toBe(data.api_key.id)
        const done = await waitForRun(api, basic, byKey.data.run.id)
        expect(done.stats).toEqual({ created: 0, updated: 0, unchanged: 3, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
      })
    })

    describe("validation", () => {
      it("rejects a bad body with 400 and an unknown source with 404", async () => {
        const extra = await trigger({ url: "http://evil.example.com" })
        expect(extra.status).toBe(400)
        expect(extra.data.type).toBe("invalid_data")
        const wrongType = await trigger({ dry_run: "yes" })
        expect(wrongType.status).toBe(400)
        const unknown = await trigger({ source: "nope" })
        expect(unknown.status).toBe(404)
        expect(unknown.data.message).toContain('Unknown sync source "nope"')
        const badQuery = await api.get("/admin/sync/runs?limit=0", { headers, validateStatus: () => true })
        expect(badQuery.status).toBe(400)
        const missing = await api.get("/admin/sync/runs/psrun_missing", { headers, validateStatus: () => true })
        expect(missing.status).toBe(404)
        // The status of an unknown source is a 404 like its trigger, not an empty status.
        const unknownStatus = await api.get("/admin/sync/status?source=nope", { headers, validateStatus: () => true })
        expect([unknownStatus.status, unknownStatus.data.message]).toEqual([404, unknown.data.message])
        // A wrong filter value is named in a sentence.
        const weird = await api.get("/admin/sync/runs?status=weird", { headers, validateStatus: () => true })
        expect([weird.status, weird.data.message]).toEqual([
          400,
          'Invalid request: status must be one of running, completed, failed, cancelled, interrupted (got "weird")',
        ])
        const several = await api.get("/admin/sync/runs?status=failed&status=interrupted", { headers })
        expect(several.data.runs).toEqual([])
      })
    })

    describe("syncing a feed", () => {
      it("creates every product, then skips unchanged ones, then updates exactly the changed ones", async () => {
        const products = generateFeed(300)
        feed.reset(products, 100)
        const first = await trigger()
        expect(first.status).toBe(202)
        const run = await waitForRun(api, headers, first.data.run.id)
        expect(run.status).toBe("completed")
        expect(run.stats).toEqual({ created: 300, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect(run.progress).toMatchObject({ total: 300, processed: 300, percentage: 100 })
        expect(run.error_count).toBe(0)

        const listed = await listProducts(api, headers)
        expect(listed.count).toBe(300)
        expect(new Set(listed.products.map((p) => p.external_id))).toEqual(new Set(products.map((p: any) => p.external_id)))

        const { data } = await api.get(
          `/admin/products?handle=sync-product-7&fields=title,*variants,*variants.prices,*variants.options,*sales_channels,*tags`,
          { headers }
        )
        const p7 = data.products[0]
        expect(p7.title).toBe(products[7].title)
        expect(p7.sales_channels).toHaveLength(1)
        expect(p7.tags.map((t: any) => t.value).sort()).toEqual([...products[7].tags].sort())
        const small = p7.variants.find((v: any) => v.sku === "SKU-7-S")
        expect(small.prices.map((pr: any) => [pr.currency_code, pr.amount]).sort()).toEqual(
          products[7].variants[0].prices.map((pr: any) => [pr.currency_code, pr.amount]).sort()
        )

        // Same feed again: nothing to write.
        const second = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(second.stats).toEqual({ created: 0, updated: 0, unchanged: 300, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        const after = await listProducts(api, headers)
        const stamp = (l: typeof listed) => Object.fromEntries(l.products.map((p) => [p.id, p.updated_at]))
        expect(stamp(after)).toEqual(stamp(listed))

        // 10 % of the items change: exactly those are updated, in place.
        const variantOf10 = async () => {
          const { data } = await api.get(`/admin/products?handle=sync-product-10&fields=*variants,*variants.prices`, { headers })
          return data.products[0].variants.find((v: any) => v.sku === "SKU-10-S")
        }
        const before10 = await variantOf10()
        const changed = changedEvery(300, 10)
        feed.reset(generateFeed(300, { changed }), 100)
        const third = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(third.stats).toEqual({ created: 0, updated: 30, unchanged: 270, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        const final = await listProducts(api, headers)
        expect(final.count).toBe(300)
        const renamed = final.products.filter((p) => p.title.endsWith(" v1")).map((p) => p.external_id)
        expect(new Set(renamed)).toEqual(new Set([...changed].map((i) => `ext-${i}`)))
        const variant = await variantOf10()
        const expected = generateFeed(11, { changed })[10].variants[0].prices
        expect(variant.prices.find((pr: any) => pr.currency_code === "eur").amount).toBe(expected[0].amount)
        expect(expected[0].amount).toBe(before10.prices.find((pr: any) => pr.currency_code === "eur").amount + 1)
        expect(variant.id).toBe(before10.id) // updated in place, not replaced

        const status = await api.get("/admin/sync/status", { headers })
        expect(status.data).toMatchObject({ is_running: false, run: null, last_run: { id: third.id, status: "completed" } })
        expect(status.data.last_success_at).toBe(third.finished_at)
      })

      it("records invalid items with their external ids and syncs all the others", async () => {
        const products = generateFeed(20)
        delete products[3].title
        products[5].variants[0].prices[0].amount = -1
        products[8].handle = products[2].handle
        feed.reset(products, 100)
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run.status).toBe("completed")
        expect(run.stats).toEqual({ created: 17, updated: 0, unchanged: 0, skipped: 0, failed: 3, removed: 0, conflicts: 0 })
        expect(run.error_count).toBe(3)
        const byId = Object.fromEntries(run.errors.map((e: any) => [e.external_id, e.message]))
        expect(Object.keys(byId).sort()).toEqual(["ext-3", "ext-5", "ext-8"])
        expect(byId["ext-3"]).toMatch(/title/)
        expect(byId["ext-5"]).toMatch(/variants\.0\.prices\.0\.amount/)
        expect(byId["ext-8"]).toMatch(/already exists/)
        const listed = await listProducts(api, headers)
        expect(listed.count).toBe(17)
      })

      it("adopts the product a crashed run wrote before its ledger commit, and no product it did not create", async () => {
        const products = generateFeed(5)
        const write = async (product: any, { cutShort = false } = {}) => {
          const checked = validateFeedProduct({ ...product, tags: undefined })
          if (!checked.ok) throw new Error(checked.message)
          const input = toCreateInput(checked.product, { salesChannelIds: [], shippingProfileId: null, tagIds: new Map() })
          if (cutShort) {
            // A create killed after its first step: the product module's rows
            // only — no price sets, no sales channel, no shipping profile.
            const rows = JSON.parse(JSON.stringify({ ...input, sales_channels: undefined }))
            for (const v of rows.variants) delete v.prices
            const [made] = await getContainer().resolve(Modules.PRODUCT).createProducts([rows])
            return made.id as string
          }
          const { result } = await createProductsWorkflow(getContainer()).run({ input: { products: [input] } })
          return result[0].id
        }
        // What a run that crashed after the product write leaves: its intent, and the product.
        await getContainer().resolve("product_sync").recordIntents("default", "psrun_crashed", [{ external_id: "ext-2", handle: products[2].handle }])
        const orphan = await write(products[2], { cutShort: true })
        // Made by hand, with the same external id and handle as a feed item: not ours to take.
        const own = await write(products[4])
        feed.reset(products)
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run.stats).toEqual({ created: 3, updated: 1, unchanged: 0, skipped: 0, failed: 1, removed: 0, conflicts: 0 })
        expect(run.errors).toEqual([expect.objectContaining({ external_id: "ext-4", message: expect.stringContaining("already exists") })])
        const listed = await listProducts(api, headers)
        expect(listed.count).toBe(5)
        expect(listed.products.find((p) => p.external_id === "ext-2")?.id).toBe(orphan)
        // The adoption finished what the create had not: prices and the sales channel.
        const { data } = await api.get(`/admin/products/${orphan}?fields=variants.sku,variants.prices.amount,variants.prices.currency_code,sales_channels.id`, { headers })
        const prices = (variants: any[]) => variants.map((v) => `${v.sku}:${v.prices.map((x: any) => `${x.currency_code}=${x.amount}`).sort()}`).sort()
        expect(prices(data.product.variants)).toEqual(prices(products[2].variants))
        expect(data.product.sales_channels).toHaveLength(1)
        expect(listed.products.find((p) => p.external_id === "ext-4")).toMatchObject({ id: own, title: products[4].title })
        const intents = await getContainer().resolve("product_sync").listSyncIntents({})
        expect(intents).toEqual([]) // settled with the batch
      })

      it("does everything but write in a dry run", async () => {
        feed.reset(generateFeed(12))
        const res = await trigger({ dry_run: true })
        expect(res.data.run.dry_run).toBe(true)
        const run = await waitForRun(api, headers, res.data.run.id)
        expect(run.stats).toEqual({ created: 12, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect((await listProducts(api, headers)).count).toBe(0)
      })
    })

    describe("resume and cancel: refusals", () => {
      it("says why a run cannot be resumed or cancelled", async () => {
        feed.reset(generateFeed(2))
        const done = await waitForRun(api, headers, (await trigger()).data.run.id)
        const resume = await api.post(`/admin/sync/runs/${done.id}/resume`, {}, { headers, validateStatus: () => true })
        expect(resume.status).toBe(400)
        expect(resume.data.message).toBe(`Run ${done.id} cannot be resumed: it is completed; only failed and interrupted runs can be resumed`)
        const cancel = await api.post(`/admin/sync/runs/${done.id}/cancel`, {}, { headers, validateStatus: () => true })
        expect(cancel.status).toBe(400)
        expect(cancel.data.message).toBe(`Run ${done.id} is completed; only a running run can be cancelled`)
        const nothing = await trigger({ resume: true })
        expect(nothing.status).toBe(400)
        expect(nothing.data.message).toBe('Source "default" has no failed or interrupted run to resume')
        for (const action of ["resume", "cancel"]) {
          const missing = await api.post(`/admin/sync/runs/psrun_nope/${action}`, {}, { headers, validateStatus: () => true })
          expect(missing.status).toBe(404)
        }
      })
    })

    describe("a batch is a workflow", () => {
      // The ledger commit of every batch that wrote something fails, as if its database went away.
      const failingCommits = () => {
        const service = getContainer().resolve("product_sync")
        const commit = service.commitBatch.bind(service)
        return jest.spyOn(service, "commitBatch").mockImplementation(async (...args: any[]) => {
          if (args[2].ledger.length) throw new Error("the ledger is unreachable")
          return commit(...args)
        })
      }

      it("undoes a batch whose ledger commit fails: created products are deleted, updated ones restored", async () => {
        feed.reset(generateFeed(6))
        const first = failingCommits()
        const failed = await waitForRun(api, headers, (await trigger()).data.run.id)
        first.mockRestore()
        expect(failed).toMatchObject({ status: "failed", error: "the ledger is unreachable" })
        expect((await listProducts(api, headers)).count).toBe(0) // no product the ledger does not know

        const done = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(done.stats.created).toBe(6)
        const before = await listProducts(api, headers)
        feed.reset(generateFeed(6, { changed: new Set([0, 1, 2, 3, 4, 5]) })) // new titles and prices
        const second = failingCommits()
        expect((await waitForRun(api, headers, (await trigger()).data.run.id)).status).toBe("failed")
        second.mockRestore()
        const after = await listProducts(api, headers)
        expect(after.products.map((p) => [p.id, p.title]).sort()).toEqual(before.products.map((p) => [p.id, p.title]).sort())
        const { data } = await api.get("/admin/products?limit=10&fields=external_id,variants.sku,variants.prices.amount", { headers })
        const amounts = (products: any[]) => products.flatMap((p) => p.variants.flatMap((v: any) => v.prices.map((x: any) => `${v.sku}=${x.amount}`))).sort()
        expect(amounts(data.products)).toEqual(amounts(generateFeed(6).map((p: any) => ({ variants: p.variants }))))
      })
    })

    describe("resume after the source changed", () => {
      // An interrupted run that committed records 0–9 of a 30-record page.
      const interruptedAfterTen = async () => {
        const service = getContainer().resolve("product_sync")
        const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "test" })
        const stats = { created: 10, updated: 0, unchanged: 0, skipped: 0, failed: 0 }
        await service.commitBatch(run.id, "default", {
          stats, processed: 10, total: 30, ledger: [], errors: [],
          checkpoint: { page: process.env.PRODUCT_SYNC_FEED_URL, offset: 10, last_record: "ext-9" },
        })
        await service.finishRun(run.id, "interrupted", "test")
        return run.id as string
      }

      it("reads on from the checkpoint when the record before it is still the one committed last", async () => {
        feed.reset(generateFeed(30))
        const resumed = await api.post(`/admin/sync/runs/${await interruptedAfterTen()}/resume`, {}, { headers })
        const run = await waitForRun(api, headers, resumed.data.run.id)
        expect(run).toMatchObject({ status: "completed", note: null, progress: { processed: 30, total: 30 } })
        expect(run.stats.created).toBe(10 + 20)
        const externalIds = (await listProducts(api, headers)).products.map((p) => p.external_id)
        expect(externalIds.sort()).toEqual(Array.from({ length: 20 }, (_, i) => `ext-${i + 10}`).sort())
      })

      it("reads the source again from the start when records were added before the checkpoint", async () => {
        feed.reset([...generateFeed(32)].slice(30).concat(generateFeed(30))) // ext-30, ext-31 first
        const resumed = await api.post(`/admin/sync/runs/${await interruptedAfterTen()}/resume`, {}, { headers })
        const run = await waitForRun(api, headers, resumed.data.run.id)
        expect(run.status).toBe("completed")
        expect(run.note).toBe(
          `the source changed since the checkpoint (record 10 of ${process.env.PRODUCT_SYNC_FEED_URL} is now ext-7, not ext-9): read again from the beginning; 10 items had been committed before`
        )
        expect(run.progress).toMatchObject({ processed: 32, total: 32 })
        expect(run.stats).toEqual({ created: 32, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 })
        expect((await listProducts(api, headers)).count).toBe(32)
      })
    })

    describe("one run at a time", () => {
      it("announces a run the reaper or a trigger interrupts, with an admin notification", async () => {
        const service = getContainer().resolve("product_sync")
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const stale = async () => {
          const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "test" })
          await knex.raw("update sync_run set heartbeat_at = now() - interval '1 hour' where id = ?", [run.id])
          return run.id
        }
        const reaped = await stale()
        await reapStaleSyncRuns(getContainer())
        expect((await service.getRun(reaped)).status).toBe("interrupted")
        const byTrigger = await stale()
        feed.reset(generateFeed(2))
        const next = await trigger()
        expect(next.status).toBe(202)
        expect((await service.getRun(byTrigger)).status).toBe("interrupted")
        await waitForRun(api, headers, next.data.run.id)
        const notes = await getContainer().resolve(Modules.NOTIFICATION).listNotifications({})
        const interrupted = notes.filter((n: any) => n.data.title === "Product sync interrupted").map((n: any) => n.data.description)
        expect(interrupted).toHaveLength(2)
        for (const id of [reaped, byTrigger]) {
          expect(interrupted.filter((d: string) => d.startsWith("no heartbeat since ") && d.endsWith(`Resume it from run ${id}.`))).toHaveLength(1)
        }
      })

      it("answers 20 simultaneous triggers with one 202 and 19 409s naming the active run", async () => {
        feed.reset(generateFeed(10))
        // The run's first page is held until every trigger and the cron tick have been answered.
        let release = () => {}
        feed.setFault({ kind: "hold", until: new Promise<void>((r) => (release = r)), times: 1 })
        const answers = await Promise.all(Array.from({ length: 20 }, () => trigger()))
        const accepted = answers.filter((r) => r.status === 202)
        const conflicts = answers.filter((r) => r.status === 409)
        expect(accepted).toHaveLength(1)
        expect(conflicts).toHaveLength(19)
        const id = accepted[0].data.run.id
        for (const c of conflicts) {
          expect(c.data).toMatchObject({ type: "conflict", run: { id, status: "running" } })
          expect(c.data.message).toContain(id)
        }

        // The cron path meets the same guard: it logs and starts nothing.
        const container = getContainer()
        const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
        const info = jest.spyOn(logger, "info")
        await startScheduledRun(container, "default")
        expect(info).toHaveBeenCalledWith(`product-sync: scheduled run skipped, run ${id} is active`)
        info.mockRestore()

        release()
        await waitForRun(api, headers, id)
        const { data } = await api.get("/admin/sync/runs", { headers })
        expect(data.count).toBe(1)
      })
    })

    describe("source failures", () => {
      it("fails the run with a clear message on HTTP 500, and the next trigger works", async () => {
        feed.reset(generateFeed(5))
        feed.setFault({ kind: "status", status: 500 })
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run.status).toBe("failed")
        expect(run.error).toBe(
          `GET http://localhost:${FEED_PORT}/feed answered HTTP 500 (page 1, record 0, after 3 attempts)`
        )
        expect(feed.requests).toHaveLength(3)

        feed.setFault(null)
        const next = await trigger()
        expect(next.status).toBe(202)
        expect((await waitForRun(api, headers, next.data.run.id)).stats.created).toBe(5)
      })

      it("retries a cut-off JSON body and a stalled response, then completes", async () => {
        feed.reset(generateFeed(30), 10)
        feed.setFault({ kind: "truncate", times: 1 })
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run).toMatchObject({ status: "completed", stats: { created: 30, failed: 0 } })
        expect(feed.requests).toEqual(["/feed", "/feed", "/feed?page=2", "/feed?page=3"])

        feed.reset(generateFeed(30), 10)
        feed.setFault({ kind: "stall", times: 1 })
        const again = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(again).toMatchObject({ status: "completed", stats: { unchanged: 30 } })
        expect(feed.requests).toHaveLength(4)
      })

      it("fails a run whose source stalls every time, naming the stall; the run can be resumed", async () => {
        feed.reset(generateFeed(30), 10)
        feed.setFault({ kind: "stall" })
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run.status).toBe("failed")
        // Half the page arrived (5 items) before each stall.
        expect(run.error).toBe(`GET http://localhost:${FEED_PORT}/feed stalled: no data for 1000 ms (page 1, record 5, after 3 attempts)`)

        feed.setFault(null)
        const resumed = await api.post(`/admin/sync/runs/${run.id}/resume`, {}, { headers })
        expect(resumed.status).toBe(202)
        expect(resumed.data.run).toMatchObject({ trigger: "resume", resumed_from: run.id })
        expect((await waitForRun(api, headers, resumed.data.run.id)).stats.created).toBe(30)
      })

      it("fails the run when the source drops every connection", async () => {
        feed.reset(generateFeed(5))
        feed.setFault({ kind: "reset" })
        const run = await waitForRun(api, headers, (await trigger()).data.run.id)
        expect(run.status).toBe("failed")
        expect(run.error).toMatch(new RegExp(`^GET http://localhost:${FEED_PORT}/feed failed: .+ \\(page 1, record 0, after 3 attempts\\)$`))
      })
    })
  },
})
