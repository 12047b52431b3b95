import type { MapContext } from "../types"
import type { PageRecord } from "./page-reader"
import type { SourceItem } from "./types"

export type RecordMapper = (record: unknown, ctx: MapContext) => unknown

const ID_FIELDS = ["external_id", "id", "g:id", "sku", "handle", "Product Handle"]

/** The id of a record, where one can be read, so an error can name it. */
export function recordId(record: unknown): string | null {
  const first = Array.isArray(record) ? record[0] : record
  if (!first || typeof first !== "object") return null
  for (const name of ID_FIELDS) {
    const value = (first as Record<string, unknown>)[name]
    if ((typeof value === "string" && value.trim()) || typeof value === "number") return String(value).trim()
  }
  return null
}

/**
 * One record → its products. A mapper that throws or returns something that
 * is not an object is an item error naming the record; null skips it.
 */
export async function mapRecord(
  record: PageRecord,
  mapper: RecordMapper | null,
  ctx: MapContext
): Promise<SourceItem[]> {
  const where = `record ${ctx.index + 1}`
  if (record.error !== undefined) {
    return [{ index: ctx.index, id: null, error: `${where}: ${record.error}` }]
  }
  const id = recordId(record.value)
  if (!mapper) return [{ index: ctx.index, id, product: record.value }]
  let result: unknown
  try {
    result = await mapper(record.value, ctx)
  } catch (e) {
    return [{ index: ctx.index, id, error: `${where}${id ? ` (${id})` : ""}: mapping failed: ${(e as Error)?.message ?? String(e)}` }]
  }
  if (result === null || result === undefined) return [{ index: ctx.index, id, skipped: true }]
  const products = Array.isArray(result) ? result : [result]
  return products.map((product) =>
    product && typeof product === "object" && !Array.isArray(product)
      ? { index: ctx.index, id: recordId(product) ?? id, product }
      : { index: ctx.index, id, error: `${where}${id ? ` (${id})` : ""}: mapping returned ${JSON.stringify(product) ?? String(product)}, not a product object` }
  )
}
