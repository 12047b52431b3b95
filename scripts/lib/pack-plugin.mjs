// Builds and packs the plugin, and installs the tarball into throwaway apps
// exactly as `npm install medusa-product-sync` would lay it out.
import fs from "node:fs"
import path from "node:path"
import { run } from "./run.mjs"

/** The lowest Medusa the plugin's peer range (~2.21.0) allows; the repository itself runs the highest. */
export const LOWEST_MEDUSA = "2.21.0"

/** Builds (unless it just was) and packs the plugin into `dir`: the tarball's file name. */
async function pack(dir, { build = true } = {}) {
  if (build) await run("node_modules/.bin/medusa", ["plugin:build"], { quiet: true })
  const out = await run("npm", ["pack", "--json", "--pack-destination", dir], { quiet: true })
  return JSON.parse(out.slice(out.indexOf("[")))[0].filename
}

/** The test app's files: its config and its own code (a hook consumer of the plugin's exported workflows). */
function copyAppFiles(root, app) {
  fs.copyFileSync(path.join(root, "integration-tests", "built-app", "medusa-config.js"), path.join(app, "medusa-config.js"))
  fs.cpSync(path.join(root, "integration-tests", "built-app", "src"), path.join(app, "src"), { recursive: true })
}

/** .cache/built-app: the tarball unpacked into node_modules; Medusa itself resolves from the repository's (the highest 2.21.x). */
export async function prepareBuiltApp(root = process.cwd()) {
  const app = path.join(root, ".cache", "built-app")
  fs.rmSync(app, { recursive: true, force: true })
  fs.mkdirSync(app, { recursive: true })
  const filename = await pack(app)
  const target = path.join(app, "node_modules", "medusa-product-sync")
  fs.mkdirSync(target, { recursive: true })
  await run("tar", ["-xzf", path.join(app, filename), "-C", target, "--strip-components=1"], { quiet: true })
  copyAppFiles(root, app)
  fs.copyFileSync(path.join(root, "integration-tests", "built-app", "package.json"), path.join(app, "package.json"))
  return app
}

/**
 * .cache/fresh-app-<version>: a new app with Medusa `version` and the packed
 * plugin installed by npm from the registry and the tarball, nothing from the
 * repository's node_modules. Its install is kept while the plugin's package.json is unchanged.
 */
export async function prepareFreshApp(root = process.cwd(), version = LOWEST_MEDUSA, { build = true } = {}) {
  const app = path.join(root, ".cache", `fresh-app-${version}`)
  fs.mkdirSync(app, { recursive: true })
  for (const f of fs.readdirSync(app)) if (f.endsWith(".tgz")) fs.rmSync(path.join(app, f))
  const filename = await pack(app, { build })
  const medusa = Object.fromEntries(["medusa", "framework", "cli", "admin-sdk", "icons", "js-sdk", "core-flows"].map((p) => [`@medusajs/${p}`, version]))
  const manifest = {
    name: "medusa-product-sync-fresh-app",
    private: true,
    version: "0.0.0",
    dependencies: { ...medusa, "@medusajs/ui": "4.2.6", "medusa-product-sync": `file:./${filename}`, pg: "8.23.1" },
  }
  fs.writeFileSync(path.join(app, "package.json"), JSON.stringify(manifest, null, 2))
  copyAppFiles(root, app)
  // Reinstalls the plugin from the new tarball; Medusa comes from the registry (npm's cache after the first time).
  await run("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: app, quiet: true })
  return app
}
