// A CPU profile of part of a bench run, summarised by where the time went:
// the plugin's code, Medusa's (workflows, modules), the ORM and Postgres
// driver, other libraries, Node and V8 — and idle, which in a sync is the
// process waiting on Postgres. Not shipped; not a test.
import fs from "node:fs"
import { Session } from "node:inspector/promises"
import path from "node:path"

type ProfileNode = { id: number; callFrame: { url: string; functionName: string }; children?: number[] }
type Profile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const CATEGORIES: [string, (url: string, fn: string) => boolean][] = [
  ["idle (waiting on Postgres and I/O)", (_, fn) => fn === "(idle)"],
  ["garbage collection", (_, fn) => fn === "(garbage collector)"],
  ["plugin (src/)", (url) => url.includes("/src/") && !url.includes("/node_modules/")],
  ["Medusa workflows (orchestration, workflows-sdk, core-flows)", (url) => /@medusajs\/(orchestration|workflows-sdk|core-flows|workflow-engine)/.test(url)],
  ["Medusa modules and framework", (url) => url.includes("/@medusajs/")],
  ["MikroORM, knex and the Postgres driver", (url) => /\/(@mikro-orm|knex|pg|pg-protocol|pg-pool)\//.test(url)],
  ["other libraries (zod, awilix, …)", (url) => url.includes("/node_modules/")],
  ["Node internals", (url) => url.startsWith("node:") || url === ""],
  ["other", () => true],
]

/** Profiles `work` and returns milliseconds by category; the raw profile is written to `file`. */
export async function profile<T>(file: string, work: () => Promise<T>): Promise<{ result: T; ms: Record<string, number> }> {
  const session = new Session()
  session.connect()
  await session.post("Profiler.enable")
  await session.post("Profiler.setSamplingInterval", { interval: 1000 })
  await session.post("Profiler.start")
  const result = await work()
  const { profile } = (await session.post("Profiler.stop")) as { profile: Profile }
  session.disconnect()
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(profile))
  return { result, ms: summarise(profile) }
}

function summarise(profile: Profile): Record<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const ms: Record<string, number> = Object.fromEntries(CATEGORIES.map(([name]) => [name, 0]))
  profile.samples.forEach((id, i) => {
    const { url, functionName } = byId.get(id)!.callFrame
    const [name] = CATEGORIES.find(([, matches]) => matches(url, functionName))!
    ms[name] += (profile.timeDeltas[i] ?? 0) / 1000
  })
  return ms
}
