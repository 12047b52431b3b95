export type Isolated<T, R> = {
  written: { item: T; result: R }[]
  failed: { item: T; message: string }[]
}

/**
 * Writes `items` in one call; when the call rejects, splits the batch in
 * halves and retries each, down to single items, so one bad product costs
 * about log2(batch) extra calls instead of the whole batch. The workflows
 * roll back a rejected call, so nothing of a failed half stays written.
 */
export async function writeIsolatingFailures<T, R>(
  items: T[],
  write: (items: T[]) => Promise<R[]>
): Promise<Isolated<T, R>> {
  if (!items.length) {
    return { written: [], failed: [] }
  }
  try {
    const results = await write(items)
    return {
      written: items.map((item, i) => ({ item, result: results[i] })),
      failed: [],
    }
  } catch (e) {
    if (items.length === 1) {
      return { written: [], failed: [{ item: items[0], message: (e as Error).message }] }
    }
    const middle = Math.ceil(items.length / 2)
    const [left, right] = [
      await writeIsolatingFailures(items.slice(0, middle), write),
      await writeIsolatingFailures(items.slice(middle), write),
    ]
    return {
      written: [...left.written, ...right.written],
      failed: [...left.failed, ...right.failed],
    }
  }
}
