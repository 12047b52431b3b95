import fs from "node:fs"
import path from "node:path"
import { Browser, chromium, Page } from "playwright-core"
import { FeedServer } from "../fixtures/feed-server"
import { createDatabase, createUser, MedusaProcess } from "../fixtures/medusa-process"

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { generateFeed, generateProduct } = require("../../scripts/lib/feed-generator.cjs")

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
/** A second source whose pages do not announce a total. */
const untotalled = new FeedServer()
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
  await untotalled.listen(0)
  untotalled.reset(Array.from({ length: 200 }, (_, i) => generateProduct(5000 + i)), 10)
  untotalled.announceTotal = false
  untotalled.setFault({ kind: "delay", ms: 700 })
  const db = await createDatabase("mps_e2e")
  await createUser(db, EMAIL, PASSWORD)
  app = new MedusaProcess({
    ...db,
    MEDUSA_ADMIN_DISABLE: "false",
    PRODUCT_SYNC_SOURCES_MODULE: path.join(__dirname, "../fixtures/env-sources.cjs"),
    TEST_SOURCES: JSON.stringify({ default: feed.url, supplier: untotalled.url }),
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
  await untotalled.close()
})

async function logIn(page: Page) {
  await page.goto(`http://localhost:${app.port}/app/login`, { timeout: 180_000 })
  await page.locator('input[name="email"]').fill(EMAIL, { timeout: 180_000 })
  await page.locator('input[name="password"]').fill(PASSWORD)
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((url) => !url.pathname.includes("/login"), { timeout: 60_000 })
}

it("runs and watches syncs on the Product sync page, found in the sidebar; the product list links there", async () => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await logIn(page)

  // The compact widget on the product list: status and the way to the page.
  await page.goto(`http://localhost:${app.port}/app/products`)
  const widget = page.getByTestId("product-sync-widget")
  await widget.waitFor({ timeout: 120_000 })
  await widget.getByText("Never run").waitFor()
  expect(await widget.getByTestId("sync-widget-summary").textContent()).toBe("never synced")
  expect(await widget.getByRole("link", { name: "Open Product sync" }).getAttribute("href")).toBe("/app/product-sync")

  // The page, from the main sidebar.
  await page.getByRole("link", { name: "Product sync", exact: true }).first().click()
  await page.waitForURL(/\/app\/product-sync$/)
  const main = page.getByTestId("sync-source-default")
  await main.waitFor({ timeout: 60_000 })
  await main.getByText("Never run").waitFor()

  // A source with a total: a bar that fills, a percentage, a rate.
  await main.getByRole("button", { name: "Sync default now" }).click()
  const bar = main.getByRole("progressbar", { name: "Sync progress" })
  await bar.waitFor()
  const progressOf = async () => Number((await bar.getAttribute("aria-valuenow")) ?? 0)
  const first = await until("20 items", progressOf, (n) => n >= 20)
  await until("the bar to move", progressOf, (n) => n > first)
  expect(await bar.getAttribute("aria-valuemax")).toBe("120")
  const text = await main.getByTestId("sync-progress-text").textContent()
  expect(text).toMatch(/^\d+ of 120 items \(\d+%\) · [\d.]+ items\/s · elapsed .+ · reading \S+/)
  await shot(page, "page-running")

  // A source without a total: items so far, the rate, the page being read — no percentage.
  const supplier = page.getByTestId("sync-source-supplier")
  await supplier.getByRole("button", { name: "Sync supplier now" }).click()
  const counted = supplier.getByTestId("sync-progress-text")
  const countOf = async () => Number(((await counted.textContent()) ?? "").split(" ")[0].replace(/,/g, "")) || 0
  const seen = await until("supplier items", countOf, (n) => n >= 20)
  await until("the supplier count to move", countOf, (n) => n > seen)
  expect(await counted.textContent()).toMatch(/^\d+ items so far · [\d.]+ items\/s · elapsed .+ · reading feed\?page=\d+/)
  expect(await supplier.getByRole("progressbar", { name: "Sync progress" }).getAttribute("aria-valuenow")).toBeNull()
  await shot(page, "page-two-sources")

  // Cancel the one without a total, with the confirmation.
  await supplier.getByRole("button", { name: "Cancel sync" }).click()
  await page.getByRole("button", { name: "Cancel sync" }).last().click()
  await supplier.getByText("Cancelled", { exact: true }).waitFor({ timeout: 30_000 })

  await main.getByText("Completed", { exact: true }).waitFor({ timeout: 120_000 })
  expect(await main.getByTestId("stat-created").textContent()).toBe("Created120")

  // A second tab on the product list whose live stream a proxy drops: it falls back to polling,
  // slowly while idle, so its button stays enabled.
  const other = await context.newPage()
  await other.route("**/admin/sync/stream**", (route) => route.abort())
  await other.goto(`http://localhost:${app.port}/app/products`)
  const otherWidget = other.getByTestId("product-sync-widget")
  await otherWidget.getByText("Completed").waitFor({ timeout: 120_000 })

  // A double click starts one run and says nothing about a conflict.
  await main.getByRole("button", { name: "Sync default now" }).dblclick()
  await main.getByRole("progressbar", { name: "Sync progress" }).waitFor({ timeout: 30_000 })
  await page.waitForTimeout(1500)
  expect(await main.getByTestId("sync-conflict-note").count()).toBe(0)
  // The stale tab's click meets that run: the note names who started it, never an id.
  await otherWidget.getByRole("button", { name: "Sync now" }).click()
  const note = otherWidget.getByTestId("sync-conflict-note")
  await note.waitFor({ timeout: 15_000 })
  expect(await note.textContent()).not.toContain("user_")
  const said = await until("the admin's email in the note", async () => (await note.textContent()) ?? "", (t) => t.includes("admin@example.com"), 15_000)
  expect(said).toMatch(/^A sync started at .+ by admin@example\.com is already running\.$/)
  await shot(other, "widget-conflict")
  await main.getByText("Completed", { exact: true }).waitFor({ timeout: 120_000 })

  // The history: three runs; one run's detail.
  const table = page.getByTestId("sync-history-table")
  await until("three runs", async () => table.locator("tbody tr").count(), (n) => n === 3)
  await table.locator("tbody tr").last().click()
  const drawer = page.getByTestId("sync-run-drawer")
  await drawer.getByText("Every item of this run was valid and written.").waitFor()
  await page.waitForTimeout(600) // the drawer's slide-in animation
  await shot(page, "history-detail")
  await page.keyboard.press("Escape")

  // A preview of the source's first records.
  await main.getByRole("button", { name: "Preview" }).click()
  const preview = page.getByTestId("sync-source-preview")
  await preview.getByText("10 valid products, 0 errors").waitFor({ timeout: 30_000 })
  await page.waitForTimeout(600)
  await shot(page, "source-preview")
  await page.keyboard.press("Escape")

  // Before a feed change goes live: a dry run's plan in the run's drawer — the risk first, a filter, a product opened.
  const changed = generateFeed(120)
  const cut = (v: any) => ({ ...v, prices: v.prices.map((pr: any) => ({ ...pr, amount: Math.round(pr.amount * 30) / 100 })) })
  changed[0] = { ...changed[0], title: `${changed[0].title} (new)`, variants: changed[0].variants.map(cut) } // prices −70 %
  changed[1] = { ...changed[1], title: `${changed[1].title} (new)` }
  feed.reset(changed, 10)
  const api = (url: string) => `http://localhost:${app.port}${url}`
  const dry = (await (await page.request.post(api("/admin/sync/trigger"), { data: { source: "default", dry_run: true } })).json()).run
  await until("the dry run to end", async () => (await (await page.request.get(api(`/admin/sync/runs/${dry.id}`))).json()).run.status, (s) => s !== "running")
  await page.reload() // started through the API: the idle page does not poll the history
  await until("four runs", async () => table.locator("tbody tr").count(), (n) => n === 4)
  await table.locator("tbody tr").first().click()
  await drawer.getByTestId("sync-run-changes-tab").click()
  const plan = drawer.getByTestId("sync-run-changes")
  const risk = plan.getByTestId("sync-change-risk-price_drop")
  await risk.waitFor({ timeout: 30_000 })
  expect(await risk.textContent()).toBe("1 product with a price falling by more than the source's riskyPriceDrop")
  expect(await plan.getByTestId("sync-change-action-update").textContent()).toBe("2 would be updated")
  await risk.click()
  await until("one filtered row", async () => plan.getByTestId("sync-change-row").count(), (n) => n === 1)
  await plan.getByTestId("sync-change-row").click()
  const diff = await plan.getByTestId("sync-change-diff").textContent()
  expect(diff).toContain(`title: ${generateFeed(1)[0].title} → ${changed[0].title}`)
  expect(diff).toMatch(/price SKU-0-S EUR: [\d.]+ → [\d.]+ \(-70 %\)/)
  await page.waitForTimeout(600)
  await shot(page, "run-plan")
  // Run for real: a real run of the same source writes the plan.
  await plan.getByTestId("sync-run-for-real").click()
  await until("a real run after the plan", async () => (await (await page.request.get(api("/admin/sync/runs?limit=1"))).json()).runs[0], (r: any) => r.id !== dry.id && !r.dry_run && r.status === "completed")
  const applied = (await (await page.request.get(api("/admin/sync/runs?limit=1"))).json()).runs[0]
  expect(applied.stats).toMatchObject({ updated: 2, unchanged: 118, failed: 0 })
  await page.keyboard.press("Escape")

  // A synced product's page says where it comes from.
  const listed = await page.request.get(`http://localhost:${app.port}/admin/products?limit=1&fields=id,external_id&external_id=ext-0`)
  const [synced] = (await listed.json()).products
  await page.goto(`http://localhost:${app.port}/app/products/${synced.id}`)
  const from = page.getByTestId("product-synced-from")
  await from.getByText("Synced from “default”").waitFor({ timeout: 60_000 })
  await from.scrollIntoViewIfNeeded() // widgets are appended to the end of their zone
  expect(await from.textContent()).toContain(`External id: ${synced.external_id}`)
  // Its last changes by sync: the real run changed its title and prices; the dry run is not listed.
  const last = from.getByTestId("product-sync-change")
  await last.first().waitFor()
  expect(await last.count()).toBe(2)
  expect(await last.first().textContent()).toMatch(new RegExp(`· Changed: title, prices \\(${applied.id}\\)$`))
  await last.first().click()
  await from.getByTestId("sync-change-diff").waitFor()
  await shot(page, "product-synced-from")

  // Sync it alone: a targeted run of its source for its external id, whose outcome the card shows.
  await from.getByRole("button", { name: "Sync this product now" }).click()
  await from.getByText(/^Synced: /).waitFor({ timeout: 60_000 })
  const latest = await (await page.request.get(`http://localhost:${app.port}/admin/sync/runs?limit=1`)).json()
  expect(latest.runs[0]).toMatchObject({ source: "default", mode: "targeted", only: [synced.external_id], status: "completed", stats: { created: 0, failed: 0, removed: 0 } })
  // Ready for another once the run ended.
  await until("the button enabled again", async () => from.getByRole("button", { name: "Sync this product now" }).isEnabled(), (enabled) => enabled)
  await page.mouse.move(0, 0) // not hovering the button it clicked
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur())
  await page.waitForTimeout(300) // the button's colour transition
  await shot(page, "product-sync-now")

  // Stop syncing it from its page: the card says so, and the API agrees.
  await from.getByRole("button", { name: "Stop syncing this product" }).click()
  await from.getByText("Not synced: every sync leaves this product alone, and never removes it.").waitFor({ timeout: 15_000 })
  const locked = await page.request.get(`http://localhost:${app.port}/admin/sync/products/${synced.id}`)
  expect((await locked.json()).sync).toMatchObject({ locked: true, locked_at: expect.any(String) })
  await from.getByRole("button", { name: "Sync this product again" }).waitFor()
  await shot(page, "product-sync-locked")
  await context.close()
})
