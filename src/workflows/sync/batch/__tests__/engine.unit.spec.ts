import { changedParts, contentHash } from "../content-hash"
import { validateFeedProduct } from "../../../../feed/feed-product"
import { writeIsolatingFailures } from "../isolate-failures"
import { failureMessage, isSystemFailure } from "../system-failure"
import { isDue, nextRunAt, scheduleOf, scheduleProblem, sourceCron, tickOf } from "../../../../modules/product_sync/utils/schedule"
import { toCreateInput } from "../to-product-input"
import { toSyncRunDTO, SyncRunRecord } from "../../../../modules/product_sync/utils/to-dto"

const valid = { external_id: 42, title: "Mug", variants: [{ sku: "M-1", prices: [{ currency_code: "EUR", amount: 9.5 }] }] }

describe("validateFeedProduct", () => {
  it("accepts a minimal product and normalises its external id to a string", () => {
    const result = validateFeedProduct(valid)
    expect(result.ok && result.product.external_id).toBe("42")
  })

  it("names every bad field and keeps the external id for the error row", () => {
    expect(validateFeedProduct({ external_id: "x1", variants: [{ prices: [{ currency_code: "EUR", amount: -1 }] }] })).toEqual({
      ok: false,
      external_id: "x1",
      message: expect.stringMatching(/^invalid item: title: .+; variants\.0\.prices\.0\.amount: .+/),
    })
    expect(validateFeedProduct(null)).toMatchObject({ ok: false, external_id: null })
  })

  it("rejects a variant option value the product does not declare", () => {
    const result = validateFeedProduct({ ...valid, options: [{ title: "Size", values: ["S"] }], variants: [{ options: { Size: "XL" } }] })
    expect(result).toMatchObject({ ok: false, message: 'invalid item: variants.0.options.Size: "XL" is not a declared value of option "Size"' })
  })
})

describe("toCreateInput", () => {
  it("gives a product without options one default option and variant, in the store's channel", () => {
    const result = validateFeedProduct({ external_id: "a", title: "Plain" })
    if (!result.ok) throw new Error(result.message)
    const input = toCreateInput(result.product, { salesChannelIds: ["sc_1"], shippingProfileId: "sp_1", tagIds: new Map() })
    expect(input).toMatchObject({
      title: "Plain",
      external_id: "a",
      options: [{ title: "Default option", values: ["Default option value"] }],
      variants: [{ title: "Plain", options: { "Default option": "Default option value" }, prices: [] }],
      sales_channels: [{ id: "sc_1" }],
      shipping_profile_id: "sp_1",
    })
  })
})

describe("contentHash", () => {
  it("ignores key order and changes with content", () => {
    const a = validateFeedProduct({ title: "T", external_id: "1" })
    const b = validateFeedProduct({ external_id: "1", title: "T" })
    const c = validateFeedProduct({ external_id: "1", title: "U" })
    if (!a.ok || !b.ok || !c.ok) throw new Error("invalid")
    expect(contentHash(a.product)).toBe(contentHash(b.product))
    expect(contentHash(a.product)).not.toBe(contentHash(c.product))
  })

  const product = (change: Record<string, unknown> = {}, variants?: Record<string, unknown>[]) => {
    const checked = validateFeedProduct({
      external_id: "p1",
      title: "Tee",
      description: "Soft",
      options: [{ title: "Size", values: ["S", "M"] }],
      variants: variants ?? [
        { sku: "T-S", options: { Size: "S" }, prices: [{ currency_code: "eur", amount: 10 }], inventory_quantity: 3 },
        { sku: "T-M", options: { Size: "M" }, prices: [{ currency_code: "eur", amount: 12 }], inventory_quantity: 4 },
      ],
      ...change,
    })
    if (!checked.ok) throw new Error(checked.message)
    return contentHash(checked.product)
  }
  const none = { fields: false, variants: false, prices: false, stock: false }

  it("tells which parts changed: the product's own fields, its variants, prices, stock", () => {
    const base = product()
    expect(changedParts(base, product())).toEqual(none)
    expect(changedParts(base, product({ description: "Softer", tags: ["new"] }))).toEqual({ ...none, fields: true })
    const v = (size: string, amount: number, stock: number) => ({ sku: `T-${size}`, options: { Size: size }, prices: [{ currency_code: "eur", amount }], inventory_quantity: stock })
    expect(changedParts(base, product({}, [v("S", 10, 3), v("M", 13, 4)]))).toEqual({ ...none, prices: true })
    expect(changedParts(base, product({}, [v("S", 10, 3), v("M", 12, 9)]))).toEqual({ ...none, stock: true })
    expect(changedParts(base, product({ title: "Tee 2" }, [v("S", 11, 3), v("M", 12, 0)]))).toEqual({ ...none, fields: true, prices: true, stock: true })
    const larger = product({ options: [{ title: "Size", values: ["S", "M", "L"] }] }, [v("S", 10, 3), v("M", 12, 4), v("L", 14, 5)])
    expect(changedParts(base, larger)).toEqual({ fields: false, variants: true, prices: true, stock: true })
  })

  it("counts a lone variant without a title as changed with the product's title, which it takes", () => {
    const lone = (title: string) => product({ title, options: undefined }, [{ sku: "ONE", prices: [{ currency_code: "eur", amount: 5 }] }])
    expect(changedParts(lone("A"), lone("B"))).toEqual({ ...none, fields: true, variants: true })
  })

  it("treats a hash of another shape (an older version, or a forced rewrite) as changed everywhere", () => {
    const all = { fields: true, variants: true, prices: true, stock: true }
    expect(changedParts("", product())).toEqual(all)
    expect(changedParts("a.b.c", product())).toEqual(all)
  })
})

describe("writeIsolatingFailures", () => {
  it("isolates the bad items by halving and writes all the others", async () => {
    const calls: number[][] = []
    const result = await writeIsolatingFailures([1, 2, 3, 4, 5, 6, 7, 8], async (batch) => {
      calls.push(batch)
      if (batch.includes(3) || batch.includes(8)) throw new Error(`bad ${batch.join(",")}`)
      return batch.map((n) => n * 10)
    })
    expect(result.failed).toEqual([
      { item: 3, message: "bad 3" },
      { item: 8, message: "bad 8" },
    ])
    expect(result.written.map((w) => w.result)).toEqual([10, 20, 40, 50, 60, 70])
    // 1–8, 1–4, 1–2, 3–4, 3, 4, 5–8, 5–6, 7–8, 7, 8
    expect(calls.length).toBe(11)
  })

  // A connection blip used to be bisected down to every item "failing", and
  // the run completed with its checkpoint past them.
  it("retries a batch the database failed, without blaming its items", async () => {
    let calls = 0
    const dropped = Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" })
    const result = await writeIsolatingFailures([1, 2, 3], async (batch) => {
      if (++calls <= 2) throw dropped
      return batch.map((n) => n * 10)
    }, [1, 1, 1])
    expect(result).toEqual({ written: [10, 20, 30].map((r, i) => ({ item: i + 1, result: r })), failed: [] })
    expect(calls).toBe(3)
  })

  it("fails the batch as a system failure when the database stays away", async () => {
    let calls = 0
    // Errors cross workflows as plain objects: the code and message are what count.
    const write = async () => {
      calls++
      throw { message: "connect ECONNREFUSED 127.0.0.1:5432", code: "ECONNREFUSED" }
    }
    await expect(writeIsolatingFailures([1, 2, 3, 4], write, [1, 1])).rejects.toThrow(
      "writing 4 product(s) failed 3 times for a reason that is not theirs: connect ECONNREFUSED 127.0.0.1:5432; nothing of this batch was committed, resume the run once the database is back"
    )
    expect(calls).toBe(3) // no bisection
    expect(isSystemFailure(new Error('Product with handle "x" already exists.'))).toBe(false)
  })
})

describe("schedule", () => {
  const on = { cron: "*/5 * * * *", enabled: true }

  it("reads the default source's cron from env and is off under tests unless asked", () => {
    expect(scheduleOf({ NODE_ENV: "test" })).toEqual({ cron: "0 */6 * * *", enabled: false })
    expect(scheduleOf({ PRODUCT_SYNC_CRON: "*/5 * * * *", PRODUCT_SYNC_DISABLE_SCHEDULE: "false", NODE_ENV: "test" })).toEqual(on)
    const from = new Date("2026-01-01T10:02:00Z")
    expect(nextRunAt("*/5 * * * *", from)).toBe("2026-01-01T10:05:00.000Z")
    expect(nextRunAt("not a cron", from)).toBeNull()
    expect(nextRunAt(null, from)).toBeNull()
  })

  it("gives each source its cron: its own, PRODUCT_SYNC_CRON for default, none when disabled", () => {
    const url = "https://x.example/feed"
    expect(sourceCron("default", { url }, on)).toBe("*/5 * * * *")
    expect(sourceCron("supplier", { url }, on)).toBeNull()
    expect(sourceCron("supplier", { url, schedule: "0 3 * * *" }, on)).toBe("0 3 * * *")
    expect(sourceCron("default", { url, schedule: false }, on)).toBeNull()
    expect(sourceCron("supplier", { url, schedule: "0 3 * * *", enabled: false }, on)).toBeNull()
    expect(sourceCron("supplier", { url, schedule: "0 3 * * *" }, { ...on, enabled: false })).toBeNull()
  })

  it("wakes each minute, or each second for a seconds cron; a source is due at the tick its cron fires", () => {
    expect(tickOf(on)).toEqual({ cron: "* * * * *", ms: 60_000 })
    expect(tickOf({ cron: "*/4 * * * * *", enabled: true })).toEqual({ cron: "* * * * * *", ms: 1_000 })
    expect(isDue("0 3 * * *", new Date("2026-01-01T03:00:00Z"))).toBe(true)
    expect(isDue("0 3 * * *", new Date("2026-01-01T03:01:00Z"))).toBe(false)
    expect(isDue("*/4 * * * * *", new Date("2026-01-01T03:00:08Z"))).toBe(true)
    expect(isDue("*/4 * * * * *", new Date("2026-01-01T03:00:09Z"))).toBe(false)
    expect(isDue("nonsense", new Date("2026-01-01T03:00:00Z"))).toBe(false)
  })

  it("checks a source's schedule at boot: five fields, a valid cron, or false", () => {
    expect(scheduleProblem("0 3 * * *")).toBeNull()
    expect(scheduleProblem(false)).toBeNull()
    expect(scheduleProblem(undefined)).toBeNull()
    expect(scheduleProblem("*/10 * * * * *")).toBe(`"schedule" has minute precision: use five fields ("*/10 * * * * *" has six)`)
    expect(scheduleProblem("")).toBe(`"schedule" must be a cron expression or false`)
    expect(scheduleProblem("61 * * * *")).toMatch(/^"schedule" is not a valid cron expression \(/)
  })
})

describe("toSyncRunDTO", () => {
  const row = (over: Partial<SyncRunRecord>): SyncRunRecord => ({
    id: "psrun_1", source: "default", status: "running", trigger: "manual", triggered_by: "user_1", dry_run: false,
    started_at: "2026-01-01T10:00:00.000Z", finished_at: null, heartbeat_at: null, duration_ms: null, total: 400,
    processed: 100, created: 90, updated: 0, unchanged: 10, skipped: 0, failed: 0, step: "writing products",
    checkpoint: null, error: null, resumed_from: null, ...over,
  })

  it("derives percentage and ETA from the rate so far", () => {
    const now = new Date("2026-01-01T10:00:10.000Z").getTime() // 100 items in 10 s
    expect(toSyncRunDTO(row({}), now).progress).toEqual({ total: 400, processed: 100, percentage: 25, eta_seconds: 30, step: "writing products" })
    expect(toSyncRunDTO(row({ total: null }), now).progress).toMatchObject({ percentage: null, eta_seconds: null })
    expect(toSyncRunDTO(row({ status: "completed", processed: 400 }), now).progress).toMatchObject({ percentage: 100, eta_seconds: null })
  })
})

describe("resolveOptions", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { resolveOptions } = require("../../../../modules/product_sync/utils/resolve-options")

  it("fills defaults, also for options given as undefined", () => {
    expect(resolveOptions({ batchSize: undefined, sources: { default: { url: "f.json" } } })).toEqual({
      batchSize: 100, concurrency: 1, maxBatchAttempts: 3, requestAttempts: 3, requestTimeoutMs: 30000, maxErrorsPerRun: 1000, heartbeatIntervalMs: 10000,
      staleAfterMs: 120000, keepRuns: 50, retryBackoffMs: 500, freshnessHours: 24, maxResumes: 3, keepResumableDays: 14, pageTimeoutMs: 600000,
      autoResume: false, liveness: "lock", publicHealth: false, sources: { default: { url: "f.json" } },
    })
  })

  it("refuses bad options at boot with the option's name", () => {
    expect(() => resolveOptions({ batchSize: 0 })).toThrow('option "batchSize" must be a positive integer, got 0')
    expect(() => resolveOptions({ concurrency: 1.5 })).toThrow('option "concurrency" must be a positive integer, got 1.5')
    expect(() => resolveOptions({ sources: { main: {} } })).toThrow('source "main": needs a "url"')
    expect(() => resolveOptions({ heartbeatIntervalMs: 10000, staleAfterMs: 15000 })).toThrow('"staleAfterMs" (15000) must exceed two heartbeats (20000)')
    expect(() => resolveOptions({ liveness: "pulse" as never })).toThrow('"liveness" must be "lock" or "heartbeat"')
    expect(() => resolveOptions({ maxResumes: 0 })).toThrow('option "maxResumes" must be a positive integer, got 0')
    expect(() => resolveOptions({ statusHeaders: "storefront" as never })).toThrow('"statusHeaders" must be "admin", "store" or "all"')
    expect(() => resolveOptions({ sources: { erp: { url: "f.csv", schedule: "*/10 * * * * *" } } })).toThrow(
      'source "erp": "schedule" has minute precision: use five fields ("*/10 * * * * *" has six)'
    )
    expect(() => resolveOptions({ sources: { erp: { url: "f.csv", enabled: "no" as never } } })).toThrow('source "erp": "enabled" must be true or false')
    expect(() => resolveOptions({ alerts: { webhook: { url: "ftp://x" }, email: ["ops"], on: ["exploded" as never] } })).toThrow(
      'medusa-product-sync: "alerts": "webhook.url" must be an http(s) URL; "email" must be a list of email addresses; "on" must list some of failed, interrupted, held, stale, completed_with_errors, completed, cancelled (got "exploded")'
    )
  })
})

describe("failureMessage", () => {
  it("keeps a statement and its bindings out of the run's error, and says what Postgres said", () => {
    const knex = new Error(`update "sync_run" set "processed" = processed + $1, "owner" = $2 where "id" = $3 - value "3000000000" is out of range for type integer`)
    expect(failureMessage(knex)).toBe(`the database refused one of the run's writes (value "3000000000" is out of range for type integer); the statement is in the server's log`)
    expect(failureMessage(new Error("the feed's pages loop: /feed?page=2"))).toBe("the feed's pages loop: /feed?page=2")
  })
})
