// The Redis tier runs Debian's redis-server; install it when it is missing and
// we may (root, apt), like Chromium for the e2e tier.
import { execFileSync, spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"

export function ensureRedis(bin = process.env.REDIS_SERVER_PATH || "/usr/bin/redis-server") {
  if (fs.existsSync(bin)) return bin
  if (process.getuid?.() !== 0) {
    throw new Error(`${bin} is missing: install Debian's redis-server (sudo apt-get install -y redis-server) or set REDIS_SERVER_PATH`)
  }
  console.log("  installing Debian's redis-server (apt-get)")
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" })
  execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "redis-server"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
  return bin
}

/** A throwaway redis-server on `port`, without persistence; resolves once it accepts connections. */
export async function startRedis(port) {
  const bin = ensureRedis()
  const child = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"], {
    stdio: ["ignore", "ignore", "inherit"],
  })
  const deadline = Date.now() + 10_000
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => (socket.end(), resolve(true)))
      socket.on("error", () => resolve(false))
    })
    if (up) break
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => (child.exitCode !== null ? resolve() : (child.once("exit", resolve), child.kill("SIGTERM")))),
  }
}
