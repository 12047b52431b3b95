#!/usr/bin/env node
// `npx medusa-product-sync <command>`: the sync of a running Medusa, for ops and deploy scripts (README, "Command line").
import { parseArgs } from "node:util"
import { CliError, connect, expectOk } from "./lib/client.mjs"
import { runDetail, runLine, statsOf, statusLines } from "./lib/format.mjs"
import { TIMED_OUT, watchRun } from "./lib/watch.mjs"

const EXIT = { completed: 0, ended_badly: 1, conflict: 2, timeout: 3, error: 4 }

const USAGE = `usage: medusa-product-sync <command> [options]

commands:
  status [--source name] [--json]             what each source is doing
  runs [--source name] [--status failed] [--limit n]
  run <id>                                    a run in detail, with its item errors
  trigger [--source name] [--dry-run] [--only id,id] [--wait]
                                              --only: write just those products (a targeted run)
  resume <id> [--wait]
  retry-failed <id> [--wait]                  a targeted run of the items run <id> could not sync
  cancel <id>
  wait [--source name]                        until no run is active, then how the last one went

options:
  --url             the Medusa backend (default: MEDUSA_BACKEND_URL, else http://localhost:9000)
  --email/--password  an admin's login (default: MEDUSA_ADMIN_EMAIL/MEDUSA_ADMIN_PASSWORD);
                    without them MEDUSA_API_KEY, a secret API key, is used
  --timeout s       --wait and wait give up after this many seconds
  --json            print the API's answer as JSON

exit codes: 0 the run completed · 1 it failed, was cancelled or interrupted ·
            2 another run of the source is active · 3 timed out · 4 the command could not be done`

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  strict: false,
  options: {
    source: { type: "string" },
    status: { type: "string", multiple: true },
    limit: { type: "string" },
    json: { type: "boolean" },
    wait: { type: "boolean" },
    "dry-run": { type: "boolean" },
    only: { type: "string", multiple: true },
    timeout: { type: "string" },
    url: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
})

const [command, arg] = positionals
const print = (line) => process.stdout.write(`${line}\n`)
const json = (data) => print(JSON.stringify(data, null, 2))
const query = (params) => {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) for (const one of [].concat(v ?? [])) q.append(k, String(one))
  return q.size ? `?${q}` : ""
}
/** When --timeout runs out, counted once from the start: several runs share it. */
let deadline = Infinity
const readTimeout = () => {
  if (opts.timeout === undefined) return
  const s = Number(opts.timeout)
  if (!(s > 0)) throw new CliError(`--timeout must be a number of seconds (got "${opts.timeout}")`)
  deadline = Date.now() + s * 1000
}
const needId = () => {
  if (!arg) throw new CliError(`${command} needs a run id`)
  return encodeURIComponent(arg)
}

/** Follows a run to its end and answers with its exit code. */
async function follow(client, run) {
  const ended = await watchRun(client, run.id, { deadline, out: process.stderr })
  if (ended === TIMED_OUT) {
    print(`run ${run.id} still running after ${opts.timeout} s`)
    return EXIT.timeout
  }
  return outcome(ended)
}

/** How a run ended, in one line, and its exit code. */
function outcome(run) {
  print(`run ${run.id} ${run.status}: ${statsOf(run)}${run.error ? `; ${run.error}` : ""}`)
  return run.status === "completed" ? EXIT.completed : EXIT.ended_badly
}

/** A 202 with the run, or a 409 naming the active run (exit 2). */
async function started(client, res, what) {
  if (res.status === 409) {
    print(`${res.data.message}`)
    return EXIT.conflict
  }
  const { run } = expectOk(res, what)
  if (opts.json && !opts.wait) json(run)
  else print(`run ${run.id} of "${run.source}" started`)
  return opts.wait ? await follow(client, run) : EXIT.completed
}

const commands = {
  async status(client) {
    const data = expectOk(await client.request("GET", `/admin/sync/status${query({ source: opts.source })}`), "status")
    if (opts.json) json(data)
    else statusLines(data).forEach(print)
    return EXIT.completed
  },
  async runs(client) {
    const data = expectOk(await client.request("GET", `/admin/sync/runs${query({ source: opts.source, status: opts.status, limit: opts.limit })}`), "runs")
    if (opts.json) json(data)
    else if (!data.runs.length) print("no runs")
    else data.runs.forEach((run) => print(runLine(run)))
    return EXIT.completed
  },
  async run(client) {
    const { run } = expectOk(await client.request("GET", `/admin/sync/runs/${needId()}?errors_limit=100`), `run ${arg}`)
    if (opts.json) json(run)
    else runDetail(run).forEach(print)
    return EXIT.completed
  },
  async trigger(client) {
    // --only a,b or --only a --only b
    const only = (opts.only ?? []).flatMap((v) => String(v).split(",")).map((v) => v.trim()).filter(Boolean)
    const body = { ...(opts.source ? { source: opts.source } : {}), ...(opts["dry-run"] ? { dry_run: true } : {}), ...(only.length ? { only } : {}) }
    return await started(client, await client.request("POST", "/admin/sync/trigger", body), "trigger")
  },
  async "retry-failed"(client) {
    return await started(client, await client.request("POST", `/admin/sync/runs/${needId()}/retry-failed`, {}), `retry-failed ${arg}`)
  },
  async resume(client) {
    return await started(client, await client.request("POST", `/admin/sync/runs/${needId()}/resume`, {}), `resume ${arg}`)
  },
  async cancel(client) {
    const { run } = expectOk(await client.request("POST", `/admin/sync/runs/${needId()}/cancel`, {}), `cancel ${arg}`)
    print(`run ${run.id}: cancel requested; it stops after its current batch`)
    return EXIT.completed
  },
  async wait(client) {
    const status = expectOk(await client.request("GET", `/admin/sync/status${query({ source: opts.source })}`), "status")
    // A disabled source's old runs say nothing about the sync that is waited for.
    const sources = (status.sources ?? [status]).filter((s) => s.enabled !== false)
    const active = sources.map((s) => s.run).filter(Boolean)
    if (!active.length) {
      const last = sources.map((s) => s.last_run).filter(Boolean)
      if (!last.length) {
        print("no run active, none has run")
        return EXIT.completed
      }
      // No run active: how the last one went, as if the wait had followed it.
      return Math.max(...last.map(outcome))
    }
    let code = EXIT.completed
    for (const run of active) code = Math.max(code, await follow(client, run))
    return code
  },
}

async function main() {
  if (opts.help || !command) {
    print(USAGE)
    return command || opts.help ? EXIT.completed : EXIT.error
  }
  const action = commands[command]
  if (!action) throw new CliError(`unknown command "${command}"\n\n${USAGE}`)
  readTimeout()
  const client = await connect({
    url: opts.url ?? process.env.MEDUSA_BACKEND_URL,
    apiKey: process.env.MEDUSA_API_KEY,
    email: opts.email ?? process.env.MEDUSA_ADMIN_EMAIL,
    password: opts.password ?? process.env.MEDUSA_ADMIN_PASSWORD,
  })
  return await action(client)
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`medusa-product-sync: ${e instanceof CliError ? e.message : e.stack}\n`)
    process.exit(EXIT.error)
  }
)
