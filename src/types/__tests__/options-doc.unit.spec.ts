import fs from "node:fs"
import path from "node:path"

/**
 * The README's option tables are the user's manual: every option of the
 * types is listed there, and nothing that is not an option. Read from the
 * type's source, so a new option without a row fails here.
 */
const root = path.join(__dirname, "../../..")
const typesSource = fs.readFileSync(path.join(root, "src/types/options.ts"), "utf8")
const readme = fs.readFileSync(path.join(root, "README.md"), "utf8")

/** Top-level fields of `export type <name> = { … }` (two-space indented `name?:` lines). */
function fieldsOf(typeName: string): string[] {
  const start = typesSource.indexOf(`export type ${typeName} = {`)
  const end = typesSource.indexOf("\n}\n", start)
  return [...typesSource.slice(start, end).matchAll(/^ {2}(\w+)\??[:(]/gm)].map((m) => m[1]) // fields and methods (`map?(…)`)
}

/** First-column names of the table under a README heading. */
function rowsUnder(heading: string): string[] {
  const start = readme.indexOf(`${heading}\n`)
  const table = readme.slice(start).split("\n\n").find((block) => block.trimStart().startsWith("| option"))
  return [...(table ?? "").matchAll(/^\| `([\w.*]+)`/gm)].map((m) => m[1].split(".")[0])
}

describe("README option tables", () => {
  it("list every plugin option, and only those", () => {
    expect([...new Set(rowsUnder("### Options"))].sort()).toEqual(fieldsOf("ProductSyncOptions").sort())
  })

  it("list every source option, and only those", () => {
    expect([...new Set(rowsUnder("### Source options"))].sort()).toEqual(fieldsOf("FeedSourceOptions").sort())
  })
})
