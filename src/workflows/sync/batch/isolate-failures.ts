import { isSystemFailure, SystemFailure } from "./system-failure"

export type Isolated<T, R> = {
  written: { item: T; result: R }[]
  failed: { item: T; message: string }[]
}

const RETRY_DELAYS_MS = [250, 1000, 4000]
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Writes `items` in one call; when the call rejects, splits the batch in
 * halves and retries each, down to single items, so one bad product costs
 * about log2(batch) extra calls instead of the whole batch. The workflows
 * roll back a rejected call, so nothing of a failed half stays written.
 *
 * A failure of the system (the database went away) is not the items'
 * fault: the same call is retried after a pause, and if it keeps failing
 * a SystemFailure is thrown, so the run fails before its checkpoint moves
 * past these items, instead of recording them all as bad.
 */
export async function writeIsolatingFailures<T, R>(
  items: T[],
  write: (items: T[]) => Promise<R[]>,
  retryDelaysMs: number[] = RETRY_DELAYS_MS
): Promise<Isolated<T, R>> {
  if (!items.length) {
    return { written: [], failed: [] }
  }
  try {
    const results = await retryingSystemFailures(() => write(items), items.length, retryDelaysMs)
    return {
      written: items.map((item, i) => ({ item, result: results[i] })),
      failed: [],
    }
  } catch (e) {
    if (e instanceof SystemFailure) throw e
    if (items.length === 1) {
      return { written: [], failed: [{ item: items[0], message: (e as Error).message }] }
    }
    const middle = Math.ceil(items.length / 2)
    const [left, right] = [
      await writeIsolatingFailures(items.slice(0, middle), write, retryDelaysMs),
      await writeIsolatingFailures(items.slice(middle), write, retryDelaysMs),
    ]
    return {
      written: [...left.written, ...right.written],
      failed: [...left.failed, ...right.failed],
    }
  }
}

async function retryingSystemFailures<R>(call: () => Promise<R>, count: number, delays: number[]): Promise<R> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (e) {
      if (!isSystemFailure(e)) throw e
      if (attempt >= delays.length) {
        throw new SystemFailure(
          `writing ${count} product(s) failed ${attempt + 1} times for a reason that is not theirs: ${(e as Error).message}; nothing of this batch was committed, resume the run once the database is back`
        )
      }
      await sleep(delays[attempt])
    }
  }
}
