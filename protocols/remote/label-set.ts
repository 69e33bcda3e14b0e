/**
 * The receiver's label rules for remote-written series (spec §2.3): names must be valid, no name
 * twice, pairs sorted by name, pairs with an empty value dropped; a series without `__name__` is
 * skipped silently, as Prometheus does. The same rules run again when a write-ahead log holding
 * request bodies as received is replayed, so both paths keep exactly the same series.
 */

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Sorted pairs (the same array when already in shape), or why the label set is invalid. */
export const normalizeLabels = (flat: string[]): string[] | string => {
  let ok = true
  for (let i = 0; i < flat.length; i += 2) {
    if (flat[i + 1] === "" || (i > 0 && flat[i - 2] >= flat[i]) || !labelName.test(flat[i])) {
      ok = false
      break
    }
  }
  return ok ? flat : sortAndCheck(flat)
}

const sortAndCheck = (flat: string[]): string[] | string => {
  const pairs: Array<[string, string]> = []
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]])
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const out: string[] = []
  for (let i = 0; i < pairs.length; i++) {
    const [n, v] = pairs[i]
    if (!labelName.test(n)) return `invalid label name ${JSON.stringify(n)}`
    if (i > 0 && pairs[i - 1][0] === n) return `duplicate label name ${JSON.stringify(n)}`
    if (v === "") continue
    out.push(n, v)
  }
  return out
}

/** Whether sorted pairs carry a metric name. */
export const hasMetricName = (sorted: ReadonlyArray<string>): boolean => {
  for (let i = 0; i < sorted.length; i += 2) if (sorted[i] === "__name__") return true
  return false
}
