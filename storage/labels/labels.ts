/**
 * A series' label set as one flat array, names and values alternating, sorted by name in UTF-8
 * byte order: `["__name__", "up", "job", "node"]`. The same representation the PromQL engine uses
 * (storage/promql/values.ts), so label sets pass between the layers without conversion. This file
 * reads, compares and derives label sets; hashing, building, printing and interning live beside it.
 */
import { compareUtf8 } from "./utf8-order.ts"

/**
 * Invariants (checked by `validateLabels`, assumed everywhere else): even length; names unique,
 * non-empty and strictly ascending in UTF-8 byte order; no empty value (Prometheus treats a label
 * with an empty value as absent, so it is never stored).
 */
export type Labels = ReadonlyArray<string>

export const emptyLabels: Labels = Object.freeze([]) as Labels

export const metricNameLabel = "__name__"

/** The value of `name`, or "" when absent (Prometheus's rule: absent and empty are the same). */
export const getLabel = (l: Labels, name: string): string => {
  for (let i = 0; i < l.length; i += 2) if (l[i] === name) return l[i + 1]
  return ""
}

export const hasLabel = (l: Labels, name: string): boolean => {
  for (let i = 0; i < l.length; i += 2) if (l[i] === name) return true
  return false
}

export const labelCount = (l: Labels): number => l.length >>> 1

/**
 * Builds a label set from pairs in any order. Pairs with an empty value are dropped; a repeated
 * name is bad input and comes back as a message naming it (the caller decides whose fault it is).
 */
export const labelsFromPairs = (pairs: Iterable<readonly [string, string]>): Labels | string => {
  const list: Array<readonly [string, string]> = []
  for (const p of pairs) if (p[1] !== "") list.push(p)
  list.sort((a, b) => compareUtf8(a[0], b[0]))
  const out: string[] = new Array(list.length * 2)
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && list[i][0] === list[i - 1][0]) return `duplicate label name "${list[i][0]}"`
    out[2 * i] = list[i][0]
    out[2 * i + 1] = list[i][1]
  }
  return out
}

/** `labelsFromPairs` over an object's entries; objects cannot repeat a key, so this cannot fail. */
export const labelsFromObject = (o: Readonly<Record<string, string>>): Labels =>
  labelsFromPairs(Object.entries(o)) as Labels

export const labelsToObject = (l: Labels): Record<string, string> => {
  const o: Record<string, string> = {}
  for (let i = 0; i < l.length; i += 2) o[l[i]] = l[i + 1]
  return o
}

/** Undefined when `l` keeps the invariants of `Labels`, else what is wrong and where. */
export const validateLabels = (l: Labels): string | undefined => {
  if (l.length % 2 !== 0) return `label array has odd length ${l.length}`
  for (let i = 0; i < l.length; i += 2) {
    if (l[i] === "") return `empty label name at position ${i >>> 1}`
    if (l[i + 1] === "") return `label "${l[i]}" has an empty value`
    if (i > 0) {
      const c = compareUtf8(l[i - 2], l[i])
      if (c === 0) return `duplicate label name "${l[i]}"`
      if (c > 0) return `label "${l[i]}" is out of order after "${l[i - 2]}"`
    }
  }
  return undefined
}

/**
 * Orders label sets as Prometheus does (series in an index, results of a select): pair by pair,
 * the first differing name decides, then the first differing value; a prefix sorts first.
 */
export const compareLabels = (a: Labels, b: Labels): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a[i]
    const y = b[i]
    if (x !== y) return compareUtf8(x, y)
  }
  return a.length - b.length
}

export const labelsEqual = (a: Labels, b: Labels): boolean => {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** A copy with `name` set to `value` (an empty value removes the label), order kept. */
export const withLabel = (l: Labels, name: string, value: string): Labels => {
  const out: string[] = []
  let placed = false
  for (let i = 0; i < l.length; i += 2) {
    const c = placed ? -1 : compareUtf8(l[i], name)
    if (c === 0) {
      if (value !== "") out.push(name, value)
      placed = true
      continue
    }
    if (c > 0) {
      if (value !== "") out.push(name, value)
      placed = true
    }
    out.push(l[i], l[i + 1])
  }
  if (!placed && value !== "") out.push(name, value)
  return out
}

/** A copy without the named labels. */
export const withoutLabels = (l: Labels, names: Iterable<string>): Labels => {
  const drop = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names)
  const out: string[] = []
  for (let i = 0; i < l.length; i += 2) if (!drop.has(l[i])) out.push(l[i], l[i + 1])
  return out
}

/** A copy with only the named labels (PromQL `by (...)`, `on (...)`). */
export const keepLabels = (l: Labels, names: Iterable<string>): Labels => {
  const keep = names instanceof Set ? (names as ReadonlySet<string>) : new Set(names)
  const out: string[] = []
  for (let i = 0; i < l.length; i += 2) if (keep.has(l[i])) out.push(l[i], l[i + 1])
  return out
}

/** Calls `f` for each pair, in order. */
export const forEachLabel = (l: Labels, f: (name: string, value: string) => void): void => {
  for (let i = 0; i < l.length; i += 2) f(l[i], l[i + 1])
}
