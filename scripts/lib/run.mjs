import { spawn } from "node:child_process"

/** Runs a command to completion with inherited stdio; rejects on a non-zero exit. */
export function run(cmd, args, { env = {}, cwd = process.cwd(), quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...env },
      stdio: quiet ? ["ignore", "pipe", "pipe"] : "inherit",
    })
    let output = ""
    child.stdout?.on("data", (c) => (output += c))
    child.stderr?.on("data", (c) => (output += c))
    child.on("error", reject)
    child.on("exit", (code, signal) =>
      code === 0
        ? resolve(output)
        : reject(Object.assign(new Error(`${cmd} ${args.join(" ")} exited with ${code ?? signal}\n${quiet ? output : ""}`), { code, output }))
    )
  })
}
