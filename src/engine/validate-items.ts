import type { SourceItem } from "../sources"
import type { SyncRunStats } from "../types"
import { FeedProduct, validateFeedProduct, type ValidatedItem } from "./feed-product"

/**
 * The valid products of a batch, each once per run. What is skipped, cannot
 * be mapped, fails validation or repeats an external id is counted or
 * recorded through `fail`, never thrown.
 */
export function validateItems(
  items: SourceItem[],
  /** External ids met earlier in this run: a repeat is an error, not an overwrite. */
  seen: Set<string>,
  stats: SyncRunStats,
  fail: (externalId: string | null, message: string) => void,
  /** Where the items may have been validated already (see Lookahead). */
  validate: (item: SourceItem) => ValidatedItem = (item) => validateFeedProduct(item.product)
): FeedProduct[] {
  const valid: FeedProduct[] = []
  for (const item of items) {
    if (item.skipped) {
      stats.skipped++
      continue
    }
    if (item.error !== undefined) {
      fail(item.id, item.error)
      continue
    }
    const checked = validate(item)
    if (!checked.ok) {
      fail(checked.external_id ?? item.id, `${checked.message} (record ${item.index + 1})`)
    } else if (seen.has(checked.product.external_id)) {
      fail(checked.product.external_id, "external_id appears more than once in the feed; the first occurrence was synced")
    } else {
      seen.add(checked.product.external_id)
      valid.push(checked.product)
    }
  }
  return valid
}
