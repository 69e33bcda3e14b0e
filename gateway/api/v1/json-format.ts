/**
 * Prometheus's JSON shapes for query results (spec §3.3): times as seconds with exactly three
 * decimals when there is a millisecond part, values as Go formats them, label objects with keys
 * sorted, native histograms as count, sum and bucket rows. Built as text, since JSON.stringify
 * cannot print `1795512260.500`.
 */
import { formatApiValue } from "../../../protocols/metrics/go-float.ts"
import {
  bucketsAscending,
  exponentialBound,
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
 * A native histogram as Prometheus's JSON writes it: count and sum as strings, then the non-empty
 * buckets in ascending order as [rule, "lower", "upper", "count"] (no `buckets` key when all are
 * empty). Rules: 0 (lower, upper], 1 [lower, upper), 2 (lower, upper), 3 [lower, upper]; positive
 * and custom buckets are 0, negative ones 1, the zero bucket [-threshold, threshold] 3 (so "-0"
 * for a zero threshold of 0).
 */
export const histogramJson = (h: FloatHistogram): string => {
  let s = `{"count":"${formatApiValue(h.count)}","sum":"${formatApiValue(h.sum)}"`
  let first = true
  const row = (rule: number, lower: number, upper: number, count: number) => {
    if (count === 0) return
    s += first ? `,"buckets":[` : ","
    first = false
    s += `[${rule},"${formatApiValue(lower)}","${formatApiValue(upper)}","${formatApiValue(count)}"]`
  }
  if (isCustom(h)) for (const b of bucketsAscending(h)) row(0, b.lower, b.upper, b.count)
  else {
    for (let i = h.neg.length - 1; i >= 0; i--) {
      const idx = h.nOffset + i
      row(1, -exponentialBound(h.schema, idx), -exponentialBound(h.schema, idx - 1), h.neg[i])
    }
    row(3, -h.zeroThreshold, h.zeroThreshold, h.zeroCount)
    for (let i = 0; i < h.pos.length; i++) {
      const idx = h.pOffset + i
      row(0, exponentialBound(h.schema, idx - 1), exponentialBound(h.schema, idx), h.pos[i])
    }
  }
  return `${s}${first ? "" : "]"}}`
}

/** `[t,{histogram}]`. */
export const histogramPointJson = (ms: number, h: FloatHistogram): string =>
  `[${formatTime(ms)},${histogramJson(h)}]`
