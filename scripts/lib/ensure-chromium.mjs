// The e2e tier drives Debian's Chromium; install it when it is missing and we
// may (root, apt). Never a browser download: playwright-core brings none.
import { execFileSync } from "node:child_process"
import fs from "node:fs"

export function ensureChromium(bin = process.env.CHROMIUM_PATH || "/usr/bin/chromium") {
  if (fs.existsSync(bin)) return bin
  if (process.getuid?.() !== 0) {
    throw new Error(`${bin} is missing: install Debian's chromium (sudo apt-get install -y chromium) or set CHROMIUM_PATH`)
  }
  console.log("  installing Debian's chromium (apt-get)")
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" })
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } })
  return bin
}
