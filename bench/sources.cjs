// The bench's sources (PRODUCT_SYNC_SOURCES_MODULE, set by scripts/bench.mjs):
// the generated JSON feed, and a file in Medusa's product CSV template read
// with the medusa-csv preset, for the comparison with Medusa's own importer.
module.exports.sources = {
  default: { url: process.env.BENCH_FEED },
  csv: { url: process.env.BENCH_CSV, preset: "medusa-csv" },
}
