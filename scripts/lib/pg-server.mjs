// `node scripts/lib/pg-server.mjs <dataDir> <port>`: a Postgres cluster in the
// foreground, for tests that restart the database under a running app (the
// chaos test). Prints "ready" once it accepts connections; SIGTERM/SIGINT
// stop it the way Postgres' fast shutdown does (sessions are cut).
import { startPostgres } from "./postgres.mjs"

const [dataDir, port] = process.argv.slice(2)
const pg = await startPostgres({ dataDir, port: Number(port), fast: true })
console.log("ready")
const stop = async () => {
  await pg.stop()
  process.exit(0)
}
process.on("SIGTERM", stop)
process.on("SIGINT", stop)
