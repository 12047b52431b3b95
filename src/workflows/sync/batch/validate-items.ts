import type { SourceItem } from "../../../sources"
import type { SyncRunStats } from "../../../types"
import { FeedProduct, validateFeedProduct, type ValidatedItem } from "../../../feed/feed-product"

const REPEATED = "external_id appears more than once in the feed; the first occurrence was synced"

/**
 * The valid products of a batch, each once (the run's read side turned the
 * repeats of earlier batches into errors already, see markRepeats). What is skipped, cannot
 * be mapped, fails validation or repeats an external id is counted or
 * recorded through `fail`, never thrown.
 */
export function validateItems(
  items: SourceItem[],
  stats: SyncRunStats,
  fail: (externalId: string | null, message: string) => void,
  /** Where the items may have been validated already (see Lookahead). */
  validate: (item: SourceItem) => ValidatedItem = (item) => validateFeedProduct(item.product)
): FeedProduct[] {
  const seen = new Set<string>()
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
      fail(checked.product.external_id, REPEATED)
    } else {
      seen.add(checked.product.external_id)
      valid.push(checked.product)
    }
  }
  return valid
}

/**
 * The items with each product whose external id an earlier item of the run
 * had (`seen`, which learns the new ones) turned into an error: the first
 * occurrence is synced, a repeat is an error, not an overwrite — whichever
 * batch, and whichever process, writes them.
 */
export function markRepeats(items: SourceItem[], seen: Set<string>, validate: (item: SourceItem) => ValidatedItem): SourceItem[] {
  return items.map((item) => {
    if (item.skipped || item.error !== undefined) return item
    const checked = validate(item)
    if (!checked.ok) return item
    if (!seen.has(checked.product.external_id)) {
      seen.add(checked.product.external_id)
      return item
    }
    return { index: item.index, id: checked.product.external_id, error: REPEATED }
  })
}

/** The external ids the items name, valid or not, as a batch's outcome counts them met. */
export function metIds(items: SourceItem[], validate: (item: SourceItem) => ValidatedItem): string[] {
  return items.flatMap((item) => {
    if (item.skipped) return []
    if (item.error !== undefined) return item.id === null ? [] : [item.id]
    const checked = validate(item)
    const id = checked.ok ? checked.product.external_id : (checked.external_id ?? item.id)
    return id === null || id === undefined ? [] : [id]
  })
}
