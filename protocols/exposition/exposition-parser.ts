/**
 * The pull interface both exposition parsers (Prometheus text 0.0.4, OpenMetrics 1.0) implement,
 * shaped for a scrape loop that caches series by their raw text: `next()` moves to the next entry
 * and only what the caller asks for is materialised (labels are parsed on demand). The text parsers
 * scan the body's UTF-8 bytes (a string payload is encoded first); a parse error ends the payload
 * (the whole scrape fails).
 */
import type { DecodedHistogram } from "../remote/decoded-write.ts"

export type EntryKind = "series" | "help" | "type" | "unit"

/** Metric types as TYPE lines spell them (OpenMetrics adds the last four; 0.0.4 `untyped`). */
export type MetricType =
  | "counter"
  | "gauge"
  | "histogram"
  | "summary"
  | "untyped"
  | "unknown"
  | "gaugehistogram"
  | "stateset"
  | "info"

export interface ExpositionError {
  /** 1-based line of the payload. */
  readonly line: number
  readonly message: string
}

export interface Exemplar {
  /** Alternating name, value. */
  readonly labels: ReadonlyArray<string>
  readonly value: number
  readonly timestampMs: number | undefined
}

export interface ExpositionParser {
  /** The next entry, or undefined at the end of the payload or on an error (then see `error`). */
  next(): EntryKind | undefined
  /** Set when `next()` returned undefined because the payload is bad. */
  readonly error: ExpositionError | undefined
  /** 1-based line of the current entry. */
  readonly line: number

  // --- "series" entries ---
  /** The series exactly as written (`name{labels}`), a cache key for repeated scrapes. */
  readonly seriesText: string
  /**
   * `seriesText` as a string that shares no memory with the payload: what to store when the key is
   * kept past this scrape (seriesText may be a slice of a decoded part of the body, keeping it alive).
   */
  readonly seriesTextCopy: string
  /**
   * Whether the series is written exactly as `text` (a key from an earlier scrape): compared
   * with the payload's bytes, without making the seriesText string.
   */
  seriesTextIs(text: string): boolean
  readonly metricName: string
  /**
   * Appends the series' labels as alternating name, value (unescaped, in written order, the metric
   * name not included; empty values kept) to `out`. Returns an error message for a repeated label
   * name, which fails the scrape like a parse error.
   */
  labels(out: string[]): string | undefined
  /** The sample value; any NaN in the payload comes out as the canonical NaN (never the stale marker). */
  readonly value: number
  /** Explicit timestamp in ms, or undefined for "use the scrape time". */
  readonly timestampMs: number | undefined
  /** OpenMetrics only. */
  readonly exemplar: Exemplar | undefined
  /** Protobuf only: set when the series entry is a native histogram sample (value is then 0). */
  readonly histogram?: DecodedHistogram | undefined

  // --- "help" / "type" / "unit" entries ---
  readonly metaName: string
  readonly helpText: string
  readonly metricType: MetricType
  readonly unit: string
}
