/**
 * The engine's values: series labels as flat sorted arrays (name, value, …), vectors evaluated over
 * all steps of a query at once (values + presence per step), scalars per step, raw sample
 * windows for range selectors. Plain data and label helpers used across the engine.
 */

import type { FloatHistogram } from "./histogram.ts"

export type Labels = ReadonlyArray<string>

/** One series of an instant-vector result over all steps. */
export interface StepSeries {
  labels: Labels
  /** Delayed name removal: the name is dropped at the end of evaluation (or before grouping). */
  dropName: boolean
  readonly values: Float64Array
  readonly present: Uint8Array
  /** Native histogram samples: where set, the step holds this histogram (values[i] is unused). */
  hs?: Array<FloatHistogram | undefined>
}

export interface VectorValue {
  readonly kind: "vector"
  readonly series: StepSeries[]
}

export interface ScalarValue {
  readonly kind: "scalar"
  readonly values: Float64Array
}

export interface StringValue {
  readonly kind: "string"
  readonly value: string
}

/** Raw samples of one series (sorted by time). */
export interface RawSeries {
  readonly labels: Labels
  readonly ts: ArrayLike<number>
  readonly vs: ArrayLike<number>
  /** Native histogram samples at the same indexes (vs is 0 there). */
  readonly hs?: ArrayLike<FloatHistogram | undefined>
}

/** A range vector: for each step, the samples of each series inside that step's window. */
export interface MatrixValue {
  readonly kind: "matrix"
  readonly series: ReadonlyArray<{
    readonly labels: Labels
    dropName: boolean
    readonly windows: ReadonlyArray<Window>
  }>
}

/** Samples [from, to) of `data` that fall in one step's window. */
export interface Window {
  readonly data: RawSeries
  readonly from: number
  readonly to: number
  /** The window's bounds (exclusive start, inclusive end), for extrapolation. */
  readonly startMs: number
  readonly endMs: number
}

export type Value = VectorValue | ScalarValue | StringValue | MatrixValue

export const getLabel = (l: Labels, name: string): string => {
  for (let i = 0; i < l.length; i += 2) if (l[i] === name) return l[i + 1]
  return ""
}

export const hasLabel = (l: Labels, name: string): boolean => {
  for (let i = 0; i < l.length; i += 2) if (l[i] === name) return true
  return false
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Sets (or, with "", removes) a label, keeping the order. */
export const setLabel = (l: Labels, name: string, value: string): Labels => {
  const out: string[] = []
  let done = false
  for (let i = 0; i < l.length; i += 2) {
    const c = cmp(l[i], name)
    if (c === 0) {
      if (value !== "") out.push(name, value)
      done = true
      continue
    }
    if (c > 0 && !done) {
      if (value !== "") out.push(name, value)
      done = true
    }
    out.push(l[i], l[i + 1])
  }
  if (!done && value !== "") out.push(name, value)
  return out
}

export const withoutLabels = (l: Labels, names: ReadonlySet<string>): Labels => {
  const out: string[] = []
  for (let i = 0; i < l.length; i += 2) if (!names.has(l[i])) out.push(l[i], l[i + 1])
  return out
}

export const onlyLabels = (l: Labels, names: ReadonlySet<string>): Labels => {
  const out: string[] = []
  for (let i = 0; i < l.length; i += 2) if (names.has(l[i])) out.push(l[i], l[i + 1])
  return out
}

/** Labels Prometheus drops together with the metric name. */
export const nameLabels: ReadonlySet<string> = new Set(["__name__", "__type__", "__unit__"])

export const dropMetricName = (l: Labels): Labels => withoutLabels(l, nameLabels)

/** A map key for a label set. */
export const labelsKey = (l: Labels): string => l.join("\xff")

/** Byte-order comparison of label sets (pairwise name then value), as sorted results need. */
export const compareLabels = (a: Labels, b: Labels): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return compareUtf8(a[i], b[i])
  }
  return a.length - b.length
}

/** Compares strings by UTF-8 bytes (JS compares UTF-16 units, which differs above U+FFFF). */
export const compareUtf8 = (a: string, b: string): number => {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = x >= 0xd800 && x <= 0xdfff
    const ys = y >= 0xd800 && y <= 0xdfff
    if (xs !== ys) return xs ? 1 : -1 // a surrogate (≥ U+10000) sorts after any BMP char in UTF-8
    return x - y
  }
  return a.length - b.length
}

export const labelsToObject = (l: Labels): Record<string, string> => {
  const o: Record<string, string> = {}
  for (let i = 0; i < l.length; i += 2) o[l[i]] = l[i + 1]
  return o
}

export const labelsFromObject = (o: Readonly<Record<string, string>>): Labels =>
  Object.entries(o)
    .filter(([, v]) => v !== "")
    .sort(([a], [b]) => compareUtf8(a, b))
    .flat()

export const formatLabels = (l: Labels): string => {
  const o = labelsToObject(l)
  const name = o.__name__
  const rest = l.length / 2 - (name === undefined ? 0 : 1)
  const inner: string[] = []
  for (let i = 0; i < l.length; i += 2)
    if (l[i] !== "__name__") inner.push(`${l[i]}=${JSON.stringify(l[i + 1])}`)
  return `${name ?? ""}${rest > 0 || name === undefined ? `{${inner.join(", ")}}` : ""}`
}
