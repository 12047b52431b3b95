// Builds and packs the plugin, and installs the tarball into a throwaway app
// (.cache/built-app) exactly as `npm install medusa-product-sync` would lay it out.
import fs from "node:fs"
import path from "node:path"
import { run } from "./run.mjs"

export async function prepareBuiltApp(root = process.cwd()) {
  const app = path.join(root, ".cache", "built-app")
  fs.rmSync(app, { recursive: true, force: true })
  fs.mkdirSync(app, { recursive: true })
  await run("node_modules/.bin/medusa", ["plugin:build"], { quiet: true })
  const out = await run("npm", ["pack", "--json", "--pack-destination", app], { quiet: true })
  const { filename } = JSON.parse(out.slice(out.indexOf("[")))[0]
  const target = path.join(app, "node_modules", "medusa-product-sync")
  fs.mkdirSync(target, { recursive: true })
  await run("tar", ["-xzf", path.join(app, filename), "-C", target, "--strip-components=1"], { quiet: true })
  for (const file of ["medusa-config.js", "package.json"]) {
    fs.copyFileSync(path.join(root, "integration-tests", "built-app", file), path.join(app, file))
  }
  // The app's own code: a hook consumer of the plugin's exported workflows.
  fs.cpSync(path.join(root, "integration-tests", "built-app", "src"), path.join(app, "src"), { recursive: true })
  return app
}
