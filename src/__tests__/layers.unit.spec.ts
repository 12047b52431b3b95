import fs from "node:fs"
import path from "node:path"

/**
 * The plugin's folders, lowest first (README, "Layout"). A file may
 * import its own folder and any folder of a lower floor; never a higher floor,
 * nor another folder of its own floor. So each floor can be read knowing only
 * the floors below it, and nothing low changes because something high did.
 */
const FLOORS: string[][] = [
  ["feed"],
  ["types"],
  ["sources"],
  ["modules/product_sync"],
  ["workflows/sync/batch"],
  ["workflows/sync/removal"],
  ["workflows"],
  ["runner", "alerts"],
  ["policies"],
  ["api", "jobs", "subscribers"],
]

const SRC = path.resolve(__dirname, "..")
const folders = FLOORS.flat().sort((a, b) => b.length - a.length)

function folderOf(file: string): string | undefined {
  const rel = path.relative(SRC, file).split(path.sep).join("/")
  return folders.find((f) => rel === f || rel.startsWith(`${f}/`))
}

const floorOf = (folder: string) => FLOORS.findIndex((floor) => floor.includes(folder))

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) return entry.name === "__tests__" || entry.name === "admin" ? [] : sourceFiles(full)
    return /\.tsx?$/.test(entry.name) ? [full] : []
  })
}

function relativeImports(file: string): string[] {
  const text = fs.readFileSync(file, "utf8")
  const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}(?:\/[^"']*)?)["']/g)].map((m) => m[1])
  return specifiers.map((s) => path.resolve(path.dirname(file), s))
}

describe("the plugin's floors", () => {
  const files = sourceFiles(SRC)

  it("places every source file on a floor", () => {
    const unplaced = files.filter((f) => !folderOf(f)).map((f) => path.relative(SRC, f))
    expect(unplaced).toEqual([])
  })

  it("has no import that points up a floor or across to another folder of its floor", () => {
    const wrong: string[] = []
    for (const file of files) {
      const from = folderOf(file)!
      for (const target of relativeImports(file)) {
        const to = folderOf(target)
        if (!to || to === from) continue
        const [a, b] = [floorOf(from), floorOf(to)]
        if (b > a || (b === a && from !== to)) wrong.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`)
      }
    }
    expect(wrong).toEqual([])
  })
})
