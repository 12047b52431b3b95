/**
 * A product as a feed or a `map` function gives it (README, "The feed").
 * Amounts are in main units (19.9 = €19.90) and may be decimal strings.
 */
export type { FeedProductInput as FeedProduct } from "../feed/feed-product"
