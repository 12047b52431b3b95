import fs from "node:fs"
import path from "node:path"
import { Browser, chromium, Page } from "playwright-core"
import { FeedServer } from "../fixtures/feed-server"
import { createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateFeed } = require("../../scripts/lib/feed-generator.cjs")

jest.setTimeout(300_000)

/**
 * The admin as a person uses it: Debian's Chromium (never a downloaded
 * browser) driven by playwright-core against a real `medusa start` with the
 * dashboard, a real login, and a feed slow enough to watch.
 */
const EMAIL = "admin@example.com"
const PASSWORD = "supersecret"
const SHOTS = path.join(__dirname, "../../.e2e")
const feed = new FeedServer()
let app: MedusaProcess
let browser: Browser

async function until<T>(what: string, probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (ok(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(value)})`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: false })

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true })
  await feed.listen(0)
  feed.reset(generateFeed(120), 10)
  feed.setFault({ kind: "delay", ms: 700 })
  const db = await createDatabase("mps_e2e")
  await createUser(db, EMAIL, PASSWORD)
  app = new MedusaProcess({
    ...db,
    MEDUSA_ADMIN_DISABLE: "false",
    PRODUCT_SYNC_FEED_URL: feed.url,
    PRODUCT_SYNC_BATCH_SIZE: "10",
  })
  await app.start(180_000)
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  })
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await feed.close()
})

async function logIn(page: Page) {
  await page.goto(`http://localhost:${app.port}/app/login`, { timeout: 180_000 })
  await page.locator('input[name="email"]').fill(EMAIL, { timeout: 180_000 })
  await page.locator('input[name="password"]').fill(PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
}

it("syncs from the Products page, shows progress and the running run, and lists it in the history", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await logIn(page)
  await page.goto(`http://localhost:${app.port}/app/products`)
  const widget = page.getByTestId("product-sync-widget")
  await widget.waitFor({ timeout: 120_000 })
  await widget.getByText("Never run").waitFor()
  await widget.getByTestId("sync-empty-state").waitFor()

  // A second tab, idle, opened before the run starts.
  const other = await context.newPage()
  await other.goto(`http://localhost:${app.port}/app/products`)
  const otherWidget = other.getByTestId("product-sync-widget")
  await otherWidget.getByText("Never run").waitFor({ timeout: 120_000 })

  const button = widget.getByRole("button", { name: "Sync now" })
  await button.click()
  const bar = widget.getByRole("progressbar", { name: "Sync progress" })
  await bar.waitFor()
  expect(await button.isDisabled()).toBe(true)
  const progressOf = async () => Number((await bar.getAttribute("aria-valuenow")) ?? 0)
  const first = await until("20 items", progressOf, (n) => n >= 20)
  await until("the bar to move", progressOf, (n) => n > first)
  expect(await bar.getAttribute("aria-valuemax")).toBe("120")
  await until("created count", async () => (await widget.getByTestId("stat-created").textContent()) ?? "", (t) => t !== "Created0")
  await shot(page, "widget-running")

  // The stale tab still offers the button; clicking it meets the running run.
  await otherWidget.getByRole("button", { name: "Sync now" }).click()
  const note = otherWidget.getByTestId("sync-conflict-note")
  await note.waitFor({ timeout: 15_000 })
  // "who" shows the user id until the admin's email has loaded.
  const said = await until("the admin's email in the note", async () => (await note.textContent()) ?? "", (t) => t.includes("admin@example.com"), 15_000)
  expect(said).toMatch(/^A sync started at .+ by admin@example\.com is already running\.$/)
  await shot(other, "widget-conflict")

  await widget.getByText("Completed", { exact: true }).waitFor({ timeout: 120_000 })
  expect(await widget.getByTestId("stat-created").textContent()).toBe("Created120")
  expect(await button.isDisabled()).toBe(false)
  // The run's products appear in the list above without a reload.
  await page.getByText("No records").waitFor({ state: "detached", timeout: 30_000 })
  await shot(page, "widget-completed")

  await page.goto(`http://localhost:${app.port}/app/settings/product-sync`)
  const table = page.getByTestId("sync-history-table")
  await table.waitFor({ timeout: 60_000 })
  const rows = table.locator("tbody tr")
  expect(await rows.count()).toBe(1)
  expect(await rows.first().textContent()).toContain("Manual")
  await rows.first().click()
  const drawer = page.getByTestId("sync-run-drawer")
  await drawer.getByText("Every item of this run was valid and written.").waitFor()
  await page.waitForTimeout(600) // the drawer's slide-in animation
  await shot(page, "history-detail")
  await page.keyboard.press("Escape")

  // The source, without secrets, and a preview of its first records.
  const source = page.getByTestId("sync-source-default")
  await source.getByRole("button", { name: "Preview" }).click()
  const preview = page.getByTestId("sync-source-preview")
  await preview.getByText("10 valid products, 0 errors").waitFor({ timeout: 30_000 })
  await page.waitForTimeout(600)
  await shot(page, "source-preview")

  // A synced product's page says where it comes from.
  const listed = await page.request.get(`http://localhost:${app.port}/admin/products?limit=1&fields=id,external_id`)
  const [synced] = (await listed.json()).products
  await page.goto(`http://localhost:${app.port}/app/products/${synced.id}`)
  const from = page.getByTestId("product-synced-from")
  await from.getByText("Synced from “default”").waitFor({ timeout: 60_000 })
  await from.scrollIntoViewIfNeeded() // widgets are appended to the end of their zone
  expect(await from.textContent()).toContain(`External id: ${synced.external_id}`)
  await shot(page, "product-synced-from")
  await context.close()
})
