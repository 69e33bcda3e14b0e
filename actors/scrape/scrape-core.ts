/**
 * The pure core of a scrape target: turns one parsed exposition into the samples to ingest, as
 * Prometheus does (spec §1.9–§1.12): target labels merged, metric relabeling, limits, first
 * duplicate wins, staleness markers for series that vanished, the five synthetic series. No I/O and
 * no clock: the shell passes the scrape time and the body. A cache keyed by the series' raw text
 * makes a repeated series cost one map lookup.
 */

import type { SeriesSlot } from "../../gateway/remote/write-receiver.ts"
import { relabel } from "../../protocols/config/relabel.ts"
import type { RelabelConfig } from "../../protocols/config/relabel-config.ts"
import type { Exemplar, ExpositionParser } from "../../protocols/exposition/exposition-parser.ts"
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
  /** Index-aligned handles of the cached series, for a sink's per-series memo (see SeriesSlot). */
  readonly slots?: ReadonlyArray<SeriesSlot | undefined>
  /** OpenMetrics exemplars of the batch's samples; absent when there are none. */
  readonly exemplars?: ReadonlyArray<ScrapedExemplar>
}

/** An exemplar on sample `index` of the batch: labels sorted name/value pairs, ts in ms. */
export interface ScrapedExemplar {
  readonly index: number
  readonly labels: ReadonlyArray<string>
  readonly value: number
  readonly ts: number
}

/** Exemplar labels sorted by name, as flat name/value pairs. */
const sortedPairs = (flat: ReadonlyArray<string>): string[] => {
  const pairs: Array<[string, string]> = []
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i] as string, flat[i + 1] as string])
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
  return pairs.flat()
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

/**
 * One final series of a target (several series texts may resolve to the same labels). Its
 * per-scrape state is kept as scrape numbers (ScrapeCache.iteration) instead of per-scrape sets,
 * so a sample costs one map lookup (by its text) and a few field writes.
 */
export class ScrapedSeries implements SeriesSlot {
  readonly labels: ReadonlyArray<string>
  readonly key: string
  sinkMemo: unknown = undefined
  /** The last scrape that took a sample for it: a second one in that scrape is a duplicate. */
  seenAt = Number.NEGATIVE_INFINITY
  /** The last scrape that counted it as known (for scrape_series_added). */
  knownAt = Number.NEGATIVE_INFINITY
  /** The last scrape that wrote it without an explicit timestamp (it goes stale when missing). */
  writtenAt = Number.NEGATIVE_INFINITY
  constructor(labels: ReadonlyArray<string>, key: string) {
    this.labels = labels
    this.key = key
  }
}

interface CacheEntry {
  /** The series text (the `series` map's key). */
  readonly text: string
  /** The final series, or null when metric relabeling dropped the series. */
  readonly series: ScrapedSeries | null
  /** The scrape (ScrapeCache.iteration) that last saw this series text. */
  lastIteration: number
}

interface MetaLine {
  readonly kind: "help" | "type" | "unit"
  readonly name: string
  /** The type (as reported), help text or unit. */
  readonly value: string
}

/**
 * A scrape's TYPE/HELP/UNIT lines into the metadata map. While they repeat the last good scrape's
 * lines one for one they are only compared, and that scrape's map is kept as it is.
 */
class MetadataReader {
  private readonly prev: ReadonlyArray<MetaLine>
  private readonly prevMap: Map<string, MetricMetadata>
  private matched = 0
  /** Set once the lines differ from the last scrape's. */
  private map: Map<string, MetricMetadata> | undefined
  private lines: MetaLine[] = []

  constructor(prev: ReadonlyArray<MetaLine>, prevMap: Map<string, MetricMetadata>) {
    this.prev = prev
    this.prevMap = prevMap
  }

  add(kind: MetaLine["kind"], name: string, value: string): void {
    if (this.map === undefined) {
      const p = this.prev[this.matched]
      if (p !== undefined && p.kind === kind && p.name === name && p.value === value) {
        this.matched++
        return
      }
      this.diverge()
    }
    this.apply({ kind, name, value })
  }

  finish(): { map: Map<string, MetricMetadata>; lines: ReadonlyArray<MetaLine> } {
    if (this.map === undefined && this.matched === this.prev.length)
      return { map: this.prevMap, lines: this.prev }
    if (this.map === undefined) this.diverge()
    return { map: this.map as Map<string, MetricMetadata>, lines: this.lines }
  }

  private diverge(): void {
    this.map = new Map()
    for (let i = 0; i < this.matched; i++) this.apply(this.prev[i])
  }

  private apply(line: MetaLine): void {
    const map = this.map as Map<string, MetricMetadata>
    const m = map.get(line.name) ?? { type: "unknown", help: "", unit: "" }
    if (line.kind === "type") m.type = line.value
    else if (line.kind === "help") m.help = line.value
    else m.unit = line.value
    map.set(line.name, m)
    this.lines.push(line)
  }
}

const sortFlat = (m: ReadonlyMap<string, string> | Readonly<Record<string, string>>): string[] => {
  const entries = m instanceof Map ? [...m] : Object.entries(m)
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return entries.flat()
}

/** The scrape loop's memory between scrapes of one target. */
export class ScrapeCache {
  /** Series text → its resolution (depends on `resolution`). */
  readonly series = new Map<string, CacheEntry>()
  /** Final series by key (labels joined): independent of the resolution, so kept across reloads. */
  bySeriesKey = new Map<string, ScrapedSeries>()
  /** Series written without explicit timestamps by the last successful scrape. */
  previous: ScrapedSeries[] = []
  /** The last successful scrape's series entries in payload order (the next scrape's first guesses). */
  order: CacheEntry[] = []
  /**
   * The last successful scrape's number. For `scrape_series_added`, a series is known when it
   * was counted (knownAt) by that scrape or a failed one since: like 2.42, a series that comes back
   * after a successful scrape without it counts as added again, and a failed scrape forgets nothing.
   */
  lastSuccess = -1
  /** Counts scrapes; a successful scrape drops `series` entries it did not see (churn stays bounded). */
  iteration = 0
  /**
   * Metric family metadata (TYPE/HELP/UNIT) from the last successful scrape; the same map object
   * as long as the payload's metadata lines do not change.
   */
  metadata = new Map<string, MetricMetadata>()
  /** Those lines, in payload order. */
  metaLines: ReadonlyArray<MetaLine> = []
  /** What `series` entries were resolved with (target labels, honor_labels, metric relabeling, limits). */
  resolution = ""
  /**
   * The five report series' labels for these target labels, with their slots: the same every
   * scrape, so a sink keeps its per-series memo (SeriesSlot) for them as for scraped series.
   */
  report:
    | {
        readonly of: Readonly<Record<string, string>>
        readonly labels: ReadonlyArray<string[]>
        readonly slots: ReadonlyArray<SeriesSlot>
      }
    | undefined

  /** Labels of the series the last successful scrape wrote without explicit timestamps. */
  previousLabels(): Array<ReadonlyArray<string>> {
    return this.previous.map((p) => p.labels)
  }

  /**
   * The cache a reloaded target starts from: its staleness and series-added memory go on (as
   * Prometheus keeps a target's cache across a reload); resolved series texts only if resolved alike.
   */
  static inherit(from: ScrapeCache, resolution: string): ScrapeCache {
    const c = new ScrapeCache()
    c.bySeriesKey = from.bySeriesKey
    c.previous = from.previous
    c.lastSuccess = from.lastSuccess
    c.iteration = from.iteration
    c.metadata = from.metadata
    c.metaLines = from.metaLines
    c.resolution = resolution
    if (from.resolution === resolution) {
      for (const [k, v] of from.series) c.series.set(k, v)
      c.order = from.order
    }
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
  readonly slots: Array<SeriesSlot | undefined> = []
  values = new Float64Array(256)
  /** Index-aligned with labels once a native histogram was pushed. */
  histograms: Array<FloatHistogram | undefined> | undefined
  exemplars: ScrapedExemplar[] | undefined
  /** The exemplar of the sample pushed last; without a timestamp it takes the sample's (as 2.42). */
  pushExemplar(ex: Exemplar, t: number) {
    this.exemplars ??= []
    this.exemplars.push({
      index: this.labels.length - 1,
      labels: sortedPairs(ex.labels),
      value: ex.value,
      ts: ex.timestampMs ?? t
    })
  }
  push(labels: ReadonlyArray<string>, t: number, v: number, slot: SeriesSlot | undefined) {
    this.histograms?.push(undefined)
    this.values[this.add(labels, t, slot)] = v
  }
  pushHistogram(labels: ReadonlyArray<string>, t: number, h: FloatHistogram, slot: SeriesSlot) {
    this.histograms ??= new Array<FloatHistogram | undefined>(this.labels.length).fill(undefined)
    this.histograms.push(h)
    this.add(labels, t, slot)
  }
  private add(labels: ReadonlyArray<string>, t: number, slot: SeriesSlot | undefined): number {
    const i = this.labels.length
    if (i === this.values.length) {
      const grown = new Float64Array(i * 2)
      grown.set(this.values)
      this.values = grown
    }
    this.labels.push(labels)
    this.timestamps.push(t)
    this.slots.push(slot)
    return i
  }
  batch(): ScrapeBatch {
    const b = {
      labels: this.labels,
      timestampsMs: this.timestamps,
      values: this.values.subarray(0, this.labels.length),
      slots: this.slots
    }
    const withExemplars = this.exemplars === undefined ? b : { ...b, exemplars: this.exemplars }
    return this.histograms === undefined ? withExemplars : { ...withExemplars, histograms: this.histograms }
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

/** Labels for a series text seen for the first time: merge, relabel, check limits. */
const resolve = (p: ExpositionParser, s: ScrapeSettings, cache: ScrapeCache): CacheEntry | string => {
  const text = p.seriesTextCopy
  const flat: string[] = []
  const dup = p.labels(flat)
  if (dup) return dup
  const scraped = new Map<string, string>([["__name__", p.metricName]])
  for (let i = 0; i < flat.length; i += 2) scraped.set(flat[i], flat[i + 1])
  const merged = mergeTargetLabels(scraped, s.targetLabels, s.honorLabels)
  const relabeled = relabel(Object.fromEntries(merged), s.metricRelabelConfigs)
  if (!relabeled?.__name__) return { text, series: null, lastIteration: 0 }
  const labels = sortFlat(relabeled)
  const over = checkLabelLimits(labels, s, p.metricName)
  if (over) return over
  const key = labels.join("\xff")
  let series = cache.bySeriesKey.get(key)
  if (series === undefined) cache.bySeriesKey.set(key, (series = new ScrapedSeries(labels, key)))
  return { text, series, lastIteration: 0 }
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
  const it = cache.iteration
  const current: ScrapedSeries[] = []
  const order: CacheEntry[] = []
  let scraped = 0
  let kept = 0
  let added = 0
  let error = requestError
  let overLimit = false
  const metadata = new MetadataReader(cache.metaLines, cache.metadata)
  if (parser && !error) {
    for (let kind = parser.next(); kind !== undefined; kind = parser.next()) {
      if (kind !== "series") {
        metadata.add(
          kind,
          parser.metaName,
          kind === "type"
            ? parser.metricType === "untyped"
              ? "unknown"
              : parser.metricType
            : kind === "help"
              ? parser.helpText
              : parser.unit
        )
        continue
      }
      // A target usually writes its series in the same order every scrape: the entry at this
      // position last time is checked first, against the payload's bytes (no key string, no hash).
      const guess = cache.order[scraped]
      let entry =
        guess !== undefined && parser.seriesTextIs(guess.text) ? guess : cache.series.get(parser.seriesText)
      scraped++
      if (!entry) {
        const r = resolve(parser, s, cache)
        if (typeof r === "string") {
          error = r
          break
        }
        entry = r
        cache.series.set(r.text, entry)
      }
      order.push(entry)
      entry.lastIteration = it
      const series = entry.series
      if (series === null) continue
      if (series.seenAt === it) continue // same series twice: the first value wins
      series.seenAt = it
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
        out.pushHistogram(series.labels, t, h, series)
      } else out.push(series.labels, t, canonicalValue(parser.value), series)
      const ex = parser.exemplar
      if (ex !== undefined) out.pushExemplar(ex, t)
      if (!explicit || s.trackTimestampsStaleness) {
        series.writtenAt = it
        current.push(series)
      }
      if (series.knownAt < cache.lastSuccess) added++
      series.knownAt = it
    }
    if (!error && parser.error) error = `line ${parser.error.line}: ${parser.error.message}`
    if (!error && overLimit) error = `sample_limit exceeded (limit: ${s.sampleLimit})`
  }
  const up = error === undefined
  const result = up ? out : new Collector() // a failed scrape commits nothing from the body
  // Series of the last good scrape that are missing now (all of them when this one failed) end here.
  for (const p of cache.previous)
    if (!up || p.writtenAt !== it) result.push(p.labels, scrapeTimeMs, staleMarker, p)
  cache.previous = up ? current : []
  if (up) {
    const m = metadata.finish()
    cache.metadata = m.map
    cache.metaLines = m.lines
    cache.order = order
    cache.lastSuccess = it
    for (const [text, e] of cache.series) if (e.lastIteration !== it) cache.series.delete(text)
    // Final series no text maps to any more, and not known (a later scrape would count them as added).
    for (const [key, p] of cache.bySeriesKey) if (p.seenAt !== it) cache.bySeriesKey.delete(key)
  }
  cache.iteration++
  // Values of reportSeriesNames, in order.
  const synthetic = [
    up ? 1 : 0,
    durationSeconds,
    scraped,
    // A failed scrape still reports what passed relabeling before the scrape stopped (2.42).
    kept,
    up ? added : 0
  ]
  if (cache.report?.of !== s.targetLabels)
    cache.report = {
      of: s.targetLabels,
      labels: reportSeriesLabels(s.targetLabels),
      slots: reportSeriesNames.map(() => ({ sinkMemo: undefined }))
    }
  for (let i = 0; i < synthetic.length; i++)
    result.push(cache.report.labels[i], scrapeTimeMs, synthetic[i], cache.report.slots[i])
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
