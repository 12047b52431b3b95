/**
 * A value with its object keys in sorted order, so that two values that mean
 * the same hash the same whatever order a feed wrote their keys in. `leaf`
 * turns what is neither array nor object into something JSON can hold
 * (a `map` function in a source's configuration).
 */
export const stable = (value: unknown, leaf: (v: unknown) => unknown = (v) => v): unknown => {
  if (Array.isArray(value)) return value.map((v) => stable(v, leaf))
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, stable((value as Record<string, unknown>)[k], leaf)]))
  }
  return leaf(value)
}
