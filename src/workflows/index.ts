// The plugin's workflows, for apps that start syncs from their own code or
// customise them through hooks: `import { … } from "medusa-product-sync/workflows"`.
export * from "./sync/workflows/request-product-sync"
export * from "./sync/workflows/sync-product-batch"
export * from "./sync/workflows/cancel-product-sync"
export * from "./sync/workflows/apply-held-removal"
export * from "./sync/batch/change-product-options"
export * from "./sync/steps"
export type * from "./sync/batch/types"
