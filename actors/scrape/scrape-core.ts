/**
 * The pure core of a scrape target: turns one parsed exposition into the samples to ingest, as
 * Prometheus does (spec §1.9–§1.12): target labels merged, metric relabeling, limits, first
 * duplicate wins, staleness markers for series that vanished, the five synthetic series. No I/O and
 * no clock: the shell passes the scrape time and the body. A cache keyed by the series' raw text
 * makes a repeated series cost one map lookup.
 */

import { relabel } from "../../protocols/config/relabel.ts"
import type { RelabelConfig } from "../../protocols/config/relabel-config.ts"
import type { ExpositionParser } from "../../protocols/exposition/exposition-parser.ts"
import { canonicalValue, staleMarker } from "../../protocols/values/special-nans.ts"
import { floatHistogramOf } from "../../storage/head/remote-histogram.ts"
import type { FloatHistogram } from "../../storage/promql/histogram.ts"
import { mergeTargetLabels } from "./target-label-merge.ts"

export interface ScrapeSettings {
  /** Final target labels (job, instance, …), without `__` labels. */
  readonly targetLabels: Readonly<Record<string, string>>
  readonly honorLabels: boolean
  readonly honorTimestamps: boolean
  readonly trackTimestampsStaleness: boolean
  readonly metricRelabelConfigs: ReadonlyArray<RelabelConfig>
  readonly sampleLimit: number
  readonly labelLimit: number
  readonly labelNameLengthLimit: number
  readonly labelValueLengthLimit: number
}

/** Samples to append, in order: flat sorted labels (name, value, …), time in ms, value. */
export interface ScrapeBatch {
  readonly labels: Array<ReadonlyArray<string>>
  readonly timestampsMs: number[]
  /** A Float64Array keeps the staleness marker's bits. */
  readonly values: Float64Array
  /** Native histogram samples (protobuf scrapes), index-aligned; absent when there are none. */
  readonly histograms?: ReadonlyArray<FloatHistogram | undefined>
}

export interface ScrapeResult extends ScrapeBatch {
  readonly up: boolean
  readonly error: string | undefined
  readonly samplesScraped: number
  readonly samplesPostMetricRelabeling: number
  readonly seriesAdded: number
}

/** As `/api/v1/metadata` shows it: 0.0.4 `untyped` is reported as `unknown`. */
export interface MetricMetadata {
  type: string
  help: string
  unit: string
}

interface CacheEntry {
  /** Final labels, or null when metric relabeling dropped the series. */
  readonly labels: ReadonlyArray<string> | null
  readonly key: string
  /** The scrape (ScrapeCache.iteration) that last saw this series text. */
  lastIteration: number
}

const sortFlat = (m: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string[] => {
  const entries = m instanceof Map ? [...m] : Object.entries(m)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.flat()
}

/** The scrape loop's memory between scrapes of one target. */
export class ScrapeCache {
  readonly series = new Map<string, CacheEntry>()
  /** Series (by key) written without explicit timestamps by the last successful scrape. */
  previous = new Map<string, ReadonlyArray<string>>()
  /**
   * Series keys of the last successful scrape (plus any seen by failed scrapes since), for
   * `scrape_series_added`: like 2.42, a series that comes back after a successful scrape without it
   * counts as added again, and a failed scrape forgets nothing.
   */
  known = new Set<string>()
  /** Counts scrapes; a successful scrape drops `series` entries it did not see (churn stays bounded). */
  iteration = 0
  /** Metric family metadata (TYPE/HELP/UNIT) from the last successful scrape. */
  metadata = new Map<string, MetricMetadata>()
  /** What `series` entries were resolved with (target labels, honor_labels, metric relabeling, limits). */
  resolution = ""

  /**
   * The cache a reloaded target starts from: its staleness and series-added memory go on (as
   * Prometheus keeps a target's cache across a reload); resolved series only if resolved alike.
   */
  static inherit(from: ScrapeCache, resolution: string): ScrapeCache {
    const c = new ScrapeCache()
    c.previous = from.previous
    c.known = from.known
    c.iteration = from.iteration
    c.metadata = from.metadata
    c.resolution = resolution
    if (from.resolution === resolution) for (const [k, v] of from.series) c.series.set(k, v)
    return c
  }
}

/** The settings that decide a series' final labels, as a comparable string. */
export const resolutionOf = (s: ScrapeSettings): string =>
  JSON.stringify(
    [
      s.targetLabels,
      s.honorLabels,
      s.metricRelabelConfigs,
      s.labelLimit,
      s.labelNameLengthLimit,
      s.labelValueLengthLimit
    ],
    (k, v) => (k === "compiled" ? undefined : v)
  )

class Collector {
  readonly labels: Array<ReadonlyArray<string>> = []
  readonly timestamps: number[] = []
  values = new Float64Array(256)
  /** Index-aligned with labels once a native histogram was pushed. */
  histograms: Array<FloatHistogram | undefined> | undefined
  push(labels: ReadonlyArray<string>, t: number, v: number) {
    this.histograms?.push(undefined)
    this.values[this.add(labels, t)] = v
  }
  pushHistogram(labels: ReadonlyArray<string>, t: number, h: FloatHistogram) {
    this.histograms ??= new Array<FloatHistogram | undefined>(this.labels.length).fill(undefined)
    this.histograms.push(h)
    this.add(labels, t)
  }
  private add(labels: ReadonlyArray<string>, t: number): number {
    const i = this.labels.length
    if (i === this.values.length) {
      const grown = new Float64Array(i * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.labels.push(labels)
    this.timestamps.push(t)
    return i
  }
  batch(): ScrapeBatch {
    const b = {
      labels: this.labels,
      timestampsMs: this.timestamps,
      values: this.values.subarray(0, this.labels.length)
    }
    return this.histograms === undefined ? b : { ...b, histograms: this.histograms }
  }
}

const checkLabelLimits = (
  labels: ReadonlyArray<string>,
  s: ScrapeSettings,
  name: string
): string | undefined => {
  const count = labels.length / 2
  if (s.labelLimit > 0 && count > s.labelLimit) {
    return `label_limit exceeded (metric: ${name}, number of labels: ${count}, limit: ${s.labelLimit})`
  }
  for (let i = 0; i < labels.length; i += 2) {
    if (s.labelNameLengthLimit > 0 && labels[i].length > s.labelNameLengthLimit) {
      return `label_name_length_limit exceeded (metric: ${name}, label name: ${labels[i]}, length: ${labels[i].length}, limit: ${s.labelNameLengthLimit})`
    }
    if (s.labelValueLengthLimit > 0 && labels[i + 1].length > s.labelValueLengthLimit) {
      return `label_value_length_limit exceeded (metric: ${name}, label value: ${labels[i + 1]}, length: ${labels[i + 1].length}, limit: ${s.labelValueLengthLimit})`
    }
  }
  return undefined
}

/** Labels for a series seen for the first time: merge, relabel, check limits. */
const resolve = (p: ExpositionParser, s: ScrapeSettings): CacheEntry | string => {
  const flat: string[] = []
  const dup = p.labels(flat)
  if (dup) return dup
  const scraped = new Map<string, string>([["__name__", p.metricName]])
  for (let i = 0; i < flat.length; i += 2) scraped.set(flat[i], flat[i + 1])
  const merged = mergeTargetLabels(scraped, s.targetLabels, s.honorLabels)
  const relabeled = relabel(Object.fromEntries(merged), s.metricRelabelConfigs)
  if (!relabeled?.__name__) return { labels: null, key: "", lastIteration: 0 }
  const labels = sortFlat(relabeled)
  const over = checkLabelLimits(labels, s, p.metricName)
  if (over) return over
  return { labels, key: labels.join("\xff"), lastIteration: 0 }
}

/** The five series every scrape reports about itself, in the order they are appended. */
export const reportSeriesNames = [
  "up",
  "scrape_duration_seconds",
  "scrape_samples_scraped",
  "scrape_samples_post_metric_relabeling",
  "scrape_series_added"
] as const

const reportLabels = (targetLabels: Readonly<Record<string, string>>, name: string) =>
  sortFlat({ ...targetLabels, __name__: name })

/** Labels of the report series of a target, e.g. for their staleness markers when it goes away. */
export const reportSeriesLabels = (targetLabels: Readonly<Record<string, string>>): string[][] =>
  reportSeriesNames.map((name) => reportLabels(targetLabels, name))

/**
 * One scrape: `parser` over the body (or undefined when the request itself failed, with
 * `requestError`). Updates `cache` only when the scrape succeeds.
 */
export const scrapeOnce = (
  cache: ScrapeCache,
  parser: ExpositionParser | undefined,
  requestError: string | undefined,
  scrapeTimeMs: number,
  durationSeconds: number,
  s: ScrapeSettings
): ScrapeResult => {
  const out = new Collector()
  const current = new Map<string, ReadonlyArray<string>>()
  const seenThisScrape = new Set<string>()
  let scraped = 0
  let kept = 0
  let added = 0
  let error = requestError
  let overLimit = false
  const metadata = new Map<string, MetricMetadata>()
  if (parser && !error) {
    for (let kind = parser.next(); kind !== undefined; kind = parser.next()) {
      if (kind !== "series") {
        const m = metadata.get(parser.metaName) ?? { type: "unknown", help: "", unit: "" }
        if (kind === "type") m.type = parser.metricType === "untyped" ? "unknown" : parser.metricType
        else if (kind === "help") m.help = parser.helpText
        else m.unit = parser.unit
        metadata.set(parser.metaName, m)
        continue
      }
      scraped++
      let entry = cache.series.get(parser.seriesText)
      if (!entry) {
        const r = resolve(parser, s)
        if (typeof r === "string") {
          error = r
          break
        }
        entry = r
        cache.series.set(parser.seriesText, entry)
      }
      entry.lastIteration = cache.iteration
      if (entry.labels === null) continue
      if (seenThisScrape.has(entry.key)) continue // same series twice: the first value wins
      seenThisScrape.add(entry.key)
      kept++
      // 2.42 keeps parsing past the limit so that scrape_samples_scraped and
      // scrape_samples_post_metric_relabeling report the whole payload (checked against the peer).
      if (s.sampleLimit > 0 && kept > s.sampleLimit) {
        overLimit = true
        continue
      }
      const explicit = parser.timestampMs !== undefined && s.honorTimestamps
      const t = explicit ? (parser.timestampMs as number) : scrapeTimeMs
      const dh = parser.histogram
      if (dh !== undefined) {
        const h = floatHistogramOf(dh)
        if (typeof h === "string") {
          error = `${parser.metricName}: ${h}`
          break
        }
        out.pushHistogram(entry.labels, t, h)
      } else out.push(entry.labels, t, canonicalValue(parser.value))
      if (!explicit || s.trackTimestampsStaleness) current.set(entry.key, entry.labels)
      if (!cache.known.has(entry.key)) {
        cache.known.add(entry.key)
        added++
      }
    }
    if (!error && parser.error) error = `line ${parser.error.line}: ${parser.error.message}`
    if (!error && overLimit) error = `sample_limit exceeded (limit: ${s.sampleLimit})`
  }
  const up = error === undefined
  const result = up ? out : new Collector() // a failed scrape commits nothing from the body
  // Series of the last good scrape that are missing now (all of them when this one failed) end here.
  for (const [key, labels] of cache.previous)
    if (!up || !current.has(key)) result.push(labels, scrapeTimeMs, staleMarker)
  cache.previous = up ? current : new Map()
  if (up) {
    cache.metadata = metadata
    cache.known = seenThisScrape
    for (const [text, e] of cache.series) if (e.lastIteration !== cache.iteration) cache.series.delete(text)
  }
  cache.iteration++
  const synthetic: Array<[string, number]> = [
    ["up", up ? 1 : 0],
    ["scrape_duration_seconds", durationSeconds],
    ["scrape_samples_scraped", scraped],
    // A failed scrape still reports what passed relabeling before the scrape stopped (2.42).
    ["scrape_samples_post_metric_relabeling", kept],
    ["scrape_series_added", up ? added : 0]
  ]
  for (const [name, value] of synthetic) result.push(reportLabels(s.targetLabels, name), scrapeTimeMs, value)
  const b = result.batch()
  return {
    ...b,
    up,
    error,
    samplesScraped: scraped,
    samplesPostMetricRelabeling: kept,
    seriesAdded: up ? added : 0
  }
}
