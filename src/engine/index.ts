export { runSync } from "./run-sync"
export { validateFeedProduct, FeedProductSchema } from "./feed-product"
export type { FeedProduct } from "./feed-product"
