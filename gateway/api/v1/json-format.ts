/**
 * Prometheus's JSON shapes for query results (spec §3.3): times as seconds with exactly three
 * decimals when there is a millisecond part, values as Go formats them, label objects with keys
 * sorted, native histograms as count, sum and bucket rows. Built as text, since JSON.stringify
 * cannot print `1795512260.500`.
 */
import { formatApiValue } from "../../../protocols/metrics/go-float.ts"
import {
  type Bucket,
  bucketsAscending,
  type FloatHistogram,
  isCustom
} from "../../../storage/promql/histogram.ts"

/** `1795512260`, `1795512260.500`, `-1.500`. */
export const formatTime = (ms: number): string => {
  const neg = ms < 0
  const abs = Math.abs(ms)
  const secs = Math.floor(abs / 1000)
  const frac = abs % 1000
  return `${neg ? "-" : ""}${secs}${frac === 0 ? "" : `.${String(frac).padStart(3, "0")}`}`
}

/** Flat sorted labels → `{"a":"b",…}`. */
export const labelsJson = (labels: ReadonlyArray<string>): string => {
  let s = "{"
  for (let i = 0; i < labels.length; i += 2)
    s += `${i === 0 ? "" : ","}${JSON.stringify(labels[i])}:${JSON.stringify(labels[i + 1])}`
  return `${s}}`
}

export const pointJson = (ms: number, v: number): string => `[${formatTime(ms)},"${formatApiValue(v)}"]`

/**
 * Boundary rule of a bucket in the API JSON: 0 (lower, upper], 1 [lower, upper), 2 (lower, upper),
 * 3 [lower, upper]. Positive and custom buckets are 0, negative ones 1, the zero bucket 3.
 */
const boundaryRule = (h: FloatHistogram, b: Bucket): number =>
  b.zero ? 3 : !isCustom(h) && b.upper <= 0 ? 1 : 0

/**
 * A native histogram as Prometheus's JSON writes it: count and sum as strings, then the non-empty
 * buckets in ascending order as [rule, "lower", "upper", "count"] (no `buckets` key when all are
 * empty). The zero bucket spans [-threshold, threshold] (so "-0" for a zero threshold of 0).
 */
export const histogramJson = (h: FloatHistogram): string => {
  let s = `{"count":"${formatApiValue(h.count)}","sum":"${formatApiValue(h.sum)}"`
  let first = true
  for (const b of bucketsAscending(h)) {
    if (b.count === 0) continue
    s += first ? `,"buckets":[` : ","
    first = false
    const lower = b.zero ? -h.zeroThreshold : b.lower
    s += `[${boundaryRule(h, b)},"${formatApiValue(lower)}","${formatApiValue(b.upper)}","${formatApiValue(b.count)}"]`
  }
  return `${s}${first ? "" : "]"}}`
}

/** `[t,{histogram}]`. */
export const histogramPointJson = (ms: number, h: FloatHistogram): string =>
  `[${formatTime(ms)},${histogramJson(h)}]`
