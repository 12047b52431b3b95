import os from "node:os"
import { moduleIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { Client } from "pg"
import type ProductSyncModuleService from "../service"

jest.setTimeout(60_000)

const claim = (service: ProductSyncModuleService, source = "default") =>
  service.claimRun({ source, trigger: "manual", triggered_by: "user_1" })

/** Until another session waits for a lock `holder` has. */
async function waitForLockWait(holder: Client) {
  for (let i = 0; i < 100; i++) {
    const { rows } = await holder.query("select count(*)::int as n from pg_locks where not granted")
    if (rows[0].n > 0) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error("the reaper never waited for the row lock")
}

// What the module emits (the HTTP tier checks the real bus and its subscriber).
const events: Message[] = []
type Message = { name: string; data: unknown }
const recordingBus = {
  // MedusaService's own CRUD events arrive as arrays; the runs' ends one by one.
  emit: async (e: Message | Message[]) => void events.push(...[e].flat().filter((m) => m.name.startsWith("product-sync.run."))),
}

const ZERO = { created: 0, updated: 0, unchanged: 0, skipped: 0, failed: 0, removed: 0, conflicts: 0 }

moduleIntegrationTestRunner<ProductSyncModuleService>({
  moduleName: "product_sync",
  resolve: "./src/modules/product_sync",
  moduleOptions: {
    sources: { default: { url: "./demo/feed.json" }, other: { url: "./demo/feed.json" } },
    heartbeatIntervalMs: 1_000,
    staleAfterMs: 30_000,
    keepRuns: 2,
    maxErrorsPerRun: 2,
  },
  injectedDependencies: { [Modules.EVENT_BUS]: recordingBus },
  testSuite: ({ service, dbConfig }) => {
    describe("claimRun", () => {
      it("lets exactly one of many simultaneous claims of a source win", async () => {
        const results = await Promise.all(Array.from({ length: 10 }, () => claim(service)))
        const won = results.filter((r) => r.run)
        expect(won).toHaveLength(1)
        expect(results.filter((r) => r.conflict?.id === won[0].run?.id)).toHaveLength(9)
        expect((await claim(service, "other")).run?.source).toBe("other")
        const [, count] = await service.listAndCountSyncRuns({ status: "running" })
        expect(count).toBe(2)
      })

      it("fences a batch by owner: a run taken over by another process gets nothing of it", async () => {
        const { run } = await claim(service)
        expect(await service.adoptRun(run.id)).toBe(true)
        const batch = { stats: { ...ZERO, created: 1 }, processed: 1, ledger: [{ external_id: "o", product_id: "prod_o", hash: "h" }], errors: [] }
        expect(await service.commitBatch(run.id, "default", batch)).toEqual({ continue: true, cancel: false })
        await service.updateSyncRuns({ id: run.id, owner: "another-instance:1" })
        expect(await service.commitBatch(run.id, "default", { ...batch, ledger: [{ external_id: "o2", product_id: "prod_o2", hash: "h" }] })).toEqual({ continue: false, cancel: false })
        expect([...(await service.lookupLedger("default", ["o", "o2"])).keys()]).toEqual(["o"])
        expect((await service.getRun(run.id)).created).toBe(1)
      })

      it("interrupts a stale run instead of answering 409 for it", async () => {
        const { run } = await claim(service)
        await service.commitBatch(run!.id, "default", {
          stats: { ...ZERO, created: 30 },
          processed: 30,
          total: 100,
          checkpoint: { page: "https://user:pw@feed.example.com/feed?token=t", offset: 30 },
          ledger: [],
          errors: [],
        })
        const lastBeat = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000) // an hour ago, to the second
        await service.updateSyncRuns({ id: run!.id, heartbeat_at: lastBeat })

        const next = await claim(service)
        expect(next.run?.id).not.toBe(run!.id)
        const reaped = await service.getRun(run!.id)
        expect(reaped.status).toBe("interrupted")
        expect(reaped.error).toBe(
          `no heartbeat since ${lastBeat.toISOString().slice(11, 19)} UTC; 30 of 100 items committed; last checkpoint: item 30 of page https://feed.example.com/feed?token=***`
        )
        expect(reaped.finished_at).not.toBeNull()
      })
    })

    describe("interrupting a stale run", () => {
      const staleAt = async (id: string) =>
        await service.updateSyncRuns({ id, heartbeat_at: new Date(Date.now() - 60_000) })

      it("at boot: a run whose process is gone (its lock is free) at once, whatever its heartbeat or owner's name, and announced", async () => {
        events.length = 0
        const gone = (await claim(service)).run!
        const live = (await claim(service, "other")).run!
        // Same hostname and pid as this process (two containers alike): the name decides nothing.
        await service.updateSyncRuns([
          { id: gone.id, owner: `${os.hostname()}:${process.pid}/0000` },
          { id: live.id, owner: `${os.hostname()}:${process.pid}/1111` },
        ])
        // The live run's process holds its lock on a session of its own; its heartbeat is stale, which decides nothing.
        await staleAt(live.id)
        const holder = new Client({ connectionString: dbConfig.clientUrl })
        await holder.connect()
        try {
          await holder.query("select pg_advisory_lock(hashtextextended($1, 0))", [`product-sync-run:${live.id}`])
          await (service as unknown as { __hooks: { onApplicationStart(): Promise<void> } }).__hooks.onApplicationStart()
          expect(await service.getRun(gone.id)).toMatchObject({
            status: "interrupted",
            error: `its process is gone (${os.hostname()}:${process.pid}/0000 no longer holds the run's database lock); 0 items committed; last checkpoint: none`,
          })
          expect((await service.getRun(live.id)).status).toBe("running")
          expect(events).toEqual([{ name: "product-sync.run.interrupted", data: { id: gone.id, source: "default", stats: ZERO } }])
        } finally {
          await holder.end() // the process dies: its lock goes with its session
        }
        expect(await service.interruptStaleRuns()).toEqual([live.id])
        expect(events[1]).toEqual({ name: "product-sync.run.interrupted", data: { id: live.id, source: "other", stats: ZERO } })
      })

      it("holds a run's lock for one process only", async () => {
        const run = (await claim(service)).run!
        const first = await service.holdRunLock(run.id)
        expect(first).not.toBeNull()
        expect(await service.holdRunLock(run.id)).toBeNull()
        await first!.release()
        const again = await service.holdRunLock(run.id)
        expect(again).not.toBeNull()
        await again!.release()
      })

      it("spares a run whose heartbeat lands between the reaper's read and its write", async () => {
        const run = (await claim(service)).run!
        await staleAt(run.id)
        // Hold the row: the reaper's SELECT sees it stale, its UPDATE waits for the lock…
        const client = new Client({ connectionString: dbConfig.clientUrl })
        await client.connect()
        try {
          await client.query("begin")
          await client.query("select id from sync_run where id = $1 for update", [run.id])
          const reaping = service.interruptStaleRuns("default")
          await waitForLockWait(client)
          // …a heartbeat commits meanwhile, and the UPDATE re-reads the row.
          await client.query("update sync_run set heartbeat_at = now() where id = $1", [run.id])
          await client.query("commit")
          expect(await reaping).toEqual([])
          expect((await service.getRun(run.id)).status).toBe("running")
        } finally {
          await client.end()
        }
        await service.finishRun(run.id, "cancelled")
      })
    })

    describe("commitBatch", () => {
      it("writes ledger, capped errors and counters together and reports a cancel request", async () => {
        const run = (await claim(service)).run!
        const errors = Array.from({ length: 5 }, (_, i) => ({ external_id: `bad-${i}`, message: "invalid item" }))
        const first = await service.commitBatch(run.id, "default", {
          stats: { ...ZERO, created: 1, failed: 5 },
          processed: 6,
          total: null,
          checkpoint: { page: "f.json", offset: 6 },
          ledger: [{ external_id: "a", product_id: "prod_a", hash: "h1" }],
          errors,
        })
        expect(first).toEqual({ continue: true, cancel: false })
        expect(await service.lookupLedger("default", ["a", "b"])).toEqual(
          new Map([["a", { external_id: "a", product_id: "prod_a", hash: "h1", fields: null, locked: false, drafted: false }]])
        )
        const [, stored] = await service.listAndCountSyncRunErrors({ run_id: run.id })
        expect(stored).toBe(2)
        expect(await service.getRun(run.id)).toMatchObject({ processed: 6, created: 1, failed: 5, checkpoint: { page: "f.json", offset: 6 } })

        await service.requestCancel(run.id)
        const second = await service.commitBatch(run.id, "default", {
          stats: { ...ZERO, updated: 1 }, processed: 1, ledger: [{ external_id: "a", product_id: "prod_a", hash: "h2" }], errors: [],
        })
        expect(second).toEqual({ continue: true, cancel: true })
        expect((await service.lookupLedger("default", ["a"])).get("a")?.hash).toBe("h2")

        await service.finishRun(run.id, "cancelled")
        // A runner that missed the end of its run writes nothing of its batch.
        const late = await service.commitBatch(run.id, "default", {
          stats: { ...ZERO, created: 1, failed: 1 }, processed: 2, ledger: [{ external_id: "late", product_id: "prod_late", hash: "h" }], errors: [{ external_id: "x", message: "late" }],
        })
        expect(late).toEqual({ continue: false, cancel: false })
        expect((await service.lookupLedger("default", ["late"])).size).toBe(0)
        expect(await service.getRun(run.id)).toMatchObject({ processed: 7, created: 1, failed: 5 })
        await expect(service.requestCancel(run.id)).rejects.toThrow(`Run ${run.id} is cancelled; only a running run can be cancelled`)
      })
    })

    describe("listMissing", () => {
      it("counts as missing only what no run met since the chain began: a product a targeted run met meanwhile stays", async () => {
        const write = async (only: string[] | null, ids: string[], status: "completed" | "interrupted") => {
          const { run } = await service.claimRun({ source: "default", trigger: "manual", triggered_by: "user_1", only })
          await service.adoptRun(run!.id)
          await service.commitBatch(run!.id, "default", { stats: ZERO, processed: ids.length, ledger: ids.map((id) => ({ external_id: id, product_id: `prod_${id}`, hash: "h" })), errors: [] })
          await service.finishRun(run!.id, status)
          return run!
        }
        await write(null, ["m1", "m2", "m3"], "completed")
        // A full run meets m1 and is interrupted; a targeted run meets m2 before the full run is resumed.
        const chain = await write(null, ["m1"], "interrupted")
        await write(["m2"], ["m2"], "completed")
        const { missing, synced } = await service.listMissing("default", chain.id)
        expect([missing.map((m) => m.external_id), synced]).toEqual([["m3"], 3])
        // What a resumed chain met before its checkpoint (a resumed targeted run does not await those ids again).
        expect(await service.metInChain("default", chain.id, ["m1", "m2", "m3", "m4"])).toEqual(["m1"])
      })
    })

    describe("stopResumeLoop", () => {
      it("fails an interrupted run on the third interruption in a row at the same checkpoint, not before", async () => {
        const first = (await claim(service)).run!
        await service.commitBatch(first.id, "default", { stats: ZERO, processed: 40, total: 90, checkpoint: { page: "f.json", offset: 40 }, ledger: [], errors: [] })
        await service.finishRun(first.id, "interrupted", "killed")
        expect(await service.stopResumeLoop(first.id)).toBe(false) // it got past where it started
        const answers: boolean[] = []
        let last = first
        for (let i = 0; i < 3; i++) {
          // Each resume dies before its first commit: the same record kills the process.
          last = (await service.claimRun({ ...(await service.resumeInputOf(last.id)), triggered_by: "system" })).run!
          await service.finishRun(last.id, "interrupted", "killed")
          answers.push(await service.stopResumeLoop(last.id))
        }
        expect(answers).toEqual([false, false, true])
        expect(await service.getRun(last.id)).toMatchObject({
          status: "failed",
          error: `interrupted 3 times in a row without getting past its checkpoint (40 of 90 items committed; last checkpoint: item 40 of page f.json); not resumed again automatically ("maxResumes"): look at the record after the checkpoint, then resume it by hand`,
        })
      })
    })

    describe("resumeInputOf", () => {
      it("carries counters and checkpoint of an interrupted run, once", async () => {
        const run = (await claim(service)).run!
        await service.commitBatch(run.id, "default", {
          stats: { ...ZERO, created: 40 }, processed: 40, total: 90, checkpoint: { page: "f.json", offset: 40 }, ledger: [], errors: [],
        })
        await service.finishRun(run.id, "interrupted", "server shutting down")
        const input = await service.resumeInputOf(run.id)
        expect(input).toEqual({
          source: "default", trigger: "resume", dry_run: false, resumed_from: run.id,
          checkpoint: { page: "f.json", offset: 40 }, total: 90, only: null,
          carried: { processed: 40, created: 40, updated: 0, unchanged: 0, skipped: 0, failed: 0, conflicts: 0, unidentified: 0 },
        })
        const resumed = (await service.claimRun({ ...input, triggered_by: "user_1" })).run!
        expect(resumed).toMatchObject({ trigger: "resume", resumed_from: run.id, processed: 40, created: 40, total: 90 })
        await expect(service.resumeInputOf(run.id)).rejects.toThrow(`it was already resumed by run ${resumed.id}`)
        await service.finishRun(resumed.id, "completed")
        await expect(service.resumeInputOf(resumed.id)).rejects.toThrow(
          `Run ${resumed.id} cannot be resumed: it is completed; only failed and interrupted runs can be resumed`
        )
      })
    })

    describe("batches", () => {
      it("takes a run's batches in in order: a batch done before the ones ahead of it counts once they are done", async () => {
        const { run } = await claim(service, "other")
        expect(await service.adoptRun(run!.id)).toBe(true)
        const cursor = (page: string) => ({ page, offset: 0 })
        const ids = [
          await service.openBatch(run!.id, 0, { records: 10, cursor: cursor("p2"), total: 30 }, null),
          await service.openBatch(run!.id, 1, { records: 10, cursor: cursor("p3"), total: 30 }, null),
          await service.openBatch(run!.id, 2, { records: 10, cursor: null, total: 30 }, null),
        ]
        const commit = (i: number, created: number, errors: string[]) =>
          service.commitBatch(run!.id, "other", {
            stats: { ...ZERO, created, failed: errors.length },
            processed: 10,
            ledger: Array.from({ length: created }, (_, k) => ({ external_id: `b${i}-${k}`, product_id: `prod_b${i}-${k}`, hash: "h" })),
            errors: errors.map((external_id) => ({ external_id, message: "bad" })),
            unidentified: i === 1 ? 1 : 0,
            batch_id: ids[i],
          })
        const counted = async () => {
          const r = await service.getRun(run!.id)
          return { processed: r.processed, created: r.created, failed: r.failed, unidentified: r.unidentified, checkpoint: r.checkpoint }
        }
        // The second batch commits first: its products are in the ledger, the run does not count it yet.
        expect(await commit(1, 4, ["e1"])).toEqual({ continue: true, cancel: false })
        expect([...(await service.lookupLedger("other", ["b1-0"])).keys()]).toEqual(["b1-0"])
        expect(await counted()).toEqual({ processed: 0, created: 0, failed: 0, unidentified: 0, checkpoint: null })
        expect(await service.listSyncRunErrors({ run_id: run!.id })).toEqual([])
        // The first one takes both in: a resume would read on after the second.
        await commit(0, 3, ["e0"])
        expect(await counted()).toEqual({ processed: 20, created: 7, failed: 2, unidentified: 1, checkpoint: cursor("p3") })
        expect((await service.listSyncRunErrors({ run_id: run!.id }, { order: { external_id: "ASC" } })).map((e) => e.external_id)).toEqual(["e0", "e1"])
        await commit(2, 1, [])
        expect(await counted()).toEqual({ processed: 30, created: 8, failed: 2, unidentified: 1, checkpoint: cursor("p3") })
        // A batch is done once: a second commit of it is fenced.
        expect(await commit(2, 1, [])).toEqual({ continue: false, cancel: false })
        expect((await counted()).created).toBe(8)
      })

      it("lets one claim of a pending batch win, and another take it over only once its executor went quiet", async () => {
        const { run } = await claim(service, "other")
        const items = [{ index: 0, id: "x", product: { external_id: "x", title: "X" } }]
        const id = await service.openBatch(run!.id, 0, { records: 1, cursor: null, total: 1 }, items)
        const claims = await Promise.all([service.claimBatch(id, 60_000), service.claimBatch(id, 60_000)])
        expect(claims.filter(Boolean).map((c) => ({ seq: c!.seq, attempts: c!.attempts, payload: c!.payload }))).toEqual([{ seq: 0, attempts: 1, payload: items }])
        expect(await service.claimBatch(id, 60_000)).toBeNull()
        // Its executor's heartbeat is older than the stale window (0 ms): taken over, attempt 2.
        const first = claims.find(Boolean)!
        const second = (await service.claimBatch(id, 0))!
        expect({ attempts: second.attempts, same: second.owner === first.owner }).toEqual({ attempts: 2, same: false })
        // The first executor, taken over (even by its own process), commits nothing; the second does.
        const commit = (claim: string, external_id: string) =>
          service.commitBatch(run!.id, "other", { stats: { ...ZERO, created: 1 }, processed: 1, ledger: [{ external_id, product_id: `prod_${external_id}`, hash: "h" }], errors: [], batch_id: id, batch_claim: claim })
        expect(await commit(first.owner, "x-first")).toEqual({ continue: false, cancel: false })
        expect(await commit(second.owner, "x")).toEqual({ continue: true, cancel: false })
        expect([...(await service.lookupLedger("other", ["x", "x-first"])).keys()]).toEqual(["x"])
        expect((await service.getRun(run!.id)).created).toBe(1)
        // The batches of a run that ended are claimed by no one.
        const late = await service.openBatch(run!.id, 1, { records: 1, cursor: null, total: 1 }, items)
        await service.finishRun(run!.id, "cancelled", null)
        expect(await service.claimBatch(late, 0)).toBeNull()
      })
    })

    describe("pruneRuns", () => {
      it("keeps the newest finished runs per source and every resumable run younger than keepResumableDays", async () => {
        const ids: string[] = []
        const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000)
        const finish = async (status: "completed" | "failed" | "interrupted", startedAt: Date) => {
          const run = (await claim(service)).run!
          await service.updateSyncRuns({ id: run.id, started_at: startedAt })
          await service.commitBatch(run.id, "default", {
            stats: { ...ZERO, failed: 1 }, processed: 1, ledger: [], errors: [{ external_id: "x", message: "bad" }],
          })
          await service.finishRun(run.id, status)
          ids.push(run.id)
          return run.id
        }
        await finish("failed", daysAgo(20)) // resumable, but older than keepResumableDays (14): pruned
        await finish("completed", daysAgo(10))
        await finish("completed", daysAgo(9))
        await finish("completed", daysAgo(8))
        const kept = await finish("completed", daysAgo(7))
        const failedRecent = await finish("failed", daysAgo(3)) // resumable: kept
        const active = (await claim(service)).run!

        expect(await service.pruneRuns()).toBe(4)
        const left = (await service.listSyncRuns({}, { order: { started_at: "ASC" } })).map((r) => r.id)
        expect(left).toEqual([kept, failedRecent, active.id])
        const [, errorsLeft] = await service.listAndCountSyncRunErrors({})
        expect(errorsLeft).toBe(2)
      })
    })
  },
})
