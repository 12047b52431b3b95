// `node -r ts-node/register bench/parse.ts <name> <file> <options json>`, started by
// scripts/bench.mjs in a fresh process per format: reads, maps and validates
// every record of a catalog file as a dry run would, writes nothing, and
// prints records/s and the peak RSS growth of this process. Not shipped.
import { validateFeedProduct } from "../src/feed/feed-product"
import { FeedSource } from "../src/sources/feed-source"

async function main() {
  const [name, file, options] = [process.argv[2], process.argv[3], JSON.parse(process.argv[4] ?? "{}")]
  global.gc?.()
  const before = process.memoryUsage().rss
  let peak = before
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20)
  const source = new FeedSource({ name: "bench", url: file, attempts: 1, timeoutMs: 30_000, backoffMs: 10, ...options })
  let records = 0
  let products = 0
  let invalid = 0
  const started = performance.now()
  for await (const chunk of source.read({ from: null, chunkSize: 100 })) {
    records += chunk.records
    for (const item of chunk.items) {
      if (item.error !== undefined || !validateFeedProduct(item.product).ok) invalid++
      else products++
    }
    peak = Math.max(peak, process.memoryUsage().rss)
  }
  const ms = performance.now() - started
  clearInterval(sampler)
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10
  process.stdout.write(`BENCH ${JSON.stringify({ name, ms, records, products, invalid, records_per_s: Math.round((records * 1000) / ms), rss_before_mb: mb(before), rss_peak_mb: mb(peak) })}\n`)
}

void main()
