// Deterministic product feeds for the demo, the tests and the benchmark.
// CommonJS so that jest (TypeScript through swc) and the .mjs scripts can both load it.
const fs = require("node:fs")

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const NOUNS = ["Shirt", "Hoodie", "Cap", "Mug", "Poster", "Socks", "Jacket", "Tote", "Sticker", "Scarf"]
const ADJECTIVES = ["Classic", "Organic", "Vintage", "Bold", "Everyday", "Limited", "Cozy", "Urban"]
const COLORS = ["Black", "White", "Navy", "Olive", "Sand", "Red"]
const TAGS = Array.from({ length: 20 }, (_, i) => `tag-${i}`)

/**
 * One feed product: 2 options (Size with 3 values, Color with 1), 3 variants,
 * prices in EUR and USD, 2 tags, 2 images. `version` > 0 changes title and
 * prices; `priceVersion` > 0 prices only; `textVersion` > 0 title and
 * description only; `extraSize` adds a fourth size (an option value and a
 * variant). With `stock`, variants carry an `inventory_quantity`
 * (`stockVersion` > 0 changes it).
 */
function generateProduct(i, { seed = 1, version = 0, priceVersion = 0, textVersion = 0, extraSize = false, stock = false, stockVersion = 0 } = {}) {
  const rand = mulberry32(seed * 1_000_003 + i)
  const noun = NOUNS[Math.floor(rand() * NOUNS.length)]
  const adjective = ADJECTIVES[Math.floor(rand() * ADJECTIVES.length)]
  const color = COLORS[Math.floor(rand() * COLORS.length)]
  const base = 5 + Math.round(rand() * 9500) / 100 + version + priceVersion / 2
  const sizes = extraSize ? ["S", "M", "L", "XL"] : ["S", "M", "L"]
  return {
    external_id: `ext-${i}`,
    title: `${adjective} ${noun} ${i}${version ? ` v${version}` : ""}${textVersion ? ` (${textVersion})` : ""}`,
    handle: `sync-product-${i}`,
    description: `The ${adjective.toLowerCase()} ${noun.toLowerCase()} number ${i}.${textVersion ? ` Now in its edition ${textVersion}.` : ""}`,
    status: "published",
    thumbnail: `https://cdn.example.com/p/${i}/main.jpg`,
    images: [`https://cdn.example.com/p/${i}/main.jpg`, `https://cdn.example.com/p/${i}/side.jpg`],
    tags: [TAGS[i % TAGS.length], TAGS[(i * 7 + 3) % TAGS.length]],
    options: [
      { title: "Size", values: sizes },
      { title: "Color", values: [color] },
    ],
    variants: sizes.map((size, k) => ({
      sku: `SKU-${i}-${size}`,
      title: `${size} / ${color}`,
      options: { Size: size, Color: color },
      prices: [
        { currency_code: "eur", amount: Math.round((base + k) * 100) / 100 },
        { currency_code: "usd", amount: Math.round((base + k) * 110) / 100 },
      ],
      ...(stock ? { inventory_quantity: ((i * 7 + k) % 50) + stockVersion } : { manage_inventory: false }),
    })),
    metadata: { generated: true },
  }
}

/** Products 0..n-1; indices in `changed` get version 1. */
function generateFeed(n, { seed = 1, changed = new Set() } = {}) {
  return Array.from({ length: n }, (_, i) => generateProduct(i, { seed, version: changed.has(i) ? 1 : 0 }))
}

/** Every k-th index in [0, n): the "10 % changed" set is changedEvery(n, 10). */
function changedEvery(n, k) {
  return new Set(Array.from({ length: Math.floor(n / k) }, (_, j) => j * k))
}

/**
 * Writes products [from, n) to `file` as one JSON array, product by product;
 * `changed`, `priceChanged`, `textChanged`, `sizeAdded`, `stockChanged` are
 * sets of indices, `stock` adds stock to all.
 */
async function writeFeedFile(file, n, options = {}) {
  const out = fs.createWriteStream(file)
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once("drain", r)))
  await write("[\n")
  const from = options.from ?? 0
  for (let i = from; i < n; i++) {
    const product = generateProduct(i, {
      seed: options.seed,
      version: options.changed?.has(i) ? 1 : 0,
      priceVersion: options.priceChanged?.has(i) ? 1 : 0,
      textVersion: options.textChanged?.has(i) ? 1 : 0,
      extraSize: !!options.sizeAdded?.has(i),
      stock: !!options.stock,
      stockVersion: options.stockChanged?.has(i) ? 1 : 0,
    })
    await write((i > from ? ",\n" : "") + JSON.stringify(product))
  }
  await write("\n]\n")
  await new Promise((resolve, reject) => out.end((e) => (e ? reject(e) : resolve())))
}

module.exports = { generateProduct, generateFeed, changedEvery, writeFeedFile, mulberry32 }
