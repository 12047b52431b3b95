// How an app customises a sync without forking it: hooks of the plugin's
// batch workflow, and Medusa's own product hooks seeing where a write came from.
const { StepResponse } = require("@medusajs/framework/workflows-sdk")
const { createProductsWorkflow } = require("@medusajs/core-flows")
const { syncProductBatchWorkflow } = require("medusa-product-sync/workflows")

// The "supplier" source sends net prices: the store sells at +25 %.
syncProductBatchWorkflow.hooks.productsPrepared(({ source, create, update }) => {
  if (source !== "supplier") return new StepResponse({})
  const withMargin = (product) => ({
    ...product,
    variants: product.variants?.map((v) => ({ ...v, prices: v.prices?.map((p) => ({ ...p, amount: Math.round(p.amount * 125) / 100 })) })),
    metadata: { ...product.metadata, priced_by: "hook" },
  })
  return new StepResponse({ create: create.map(withMargin), update: update.map(withMargin) })
})

// What the test reads back: each committed batch, and the origin Medusa's hook saw.
globalThis.productSyncHookLog = []
syncProductBatchWorkflow.hooks.batchCommitted(({ source, created, updated }) => {
  globalThis.productSyncHookLog.push({ hook: "batchCommitted", source, created: created.map((c) => c.external_id), updated: updated.length })
})
createProductsWorkflow.hooks.productsCreated(({ products, additional_data }) => {
  globalThis.productSyncHookLog.push({ hook: "productsCreated", count: products.length, origin: additional_data?.product_sync?.source })
})
