/**
 * Prometheus's JSON shapes for query results (spec §3.3): times as seconds with exactly three
 * decimals when there is a millisecond part, values as Go formats them, label objects with keys
 * sorted. Built as text, since JSON.stringify cannot print `1795512260.500`.
 */
import { formatApiValue } from "../../../protocols/metrics/go-float.ts"

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
