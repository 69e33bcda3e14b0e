/**
 * The embedded default's storage side, wired for one process: one head, a SampleSink that appends
 * scraped batches to it (rejected samples counted with Prometheus's metric names), the series
 * source the API reads, and the head's self-metrics.
 */
import { Effect, Layer } from "effect"
import { SampleSink } from "../../actors/scrape/sample-sink.ts"
import type { SeriesSource } from "../../gateway/api/v1/series-routes.ts"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import type { Head } from "../../storage/head/head.ts"

export const registerHeadMetrics = (metrics: MetricsRegistry, head: Head): void => {
  metrics.collected(
    "prometheus_tsdb_head_series",
    "Total number of series in the head block.",
    "gauge",
    () => head.numSeries
  )
  metrics.collected(
    "prometheus_tsdb_head_samples_appended_total",
    "Total number of appended samples.",
    "counter",
    () => head.stats.samplesAppended
  )
  metrics.collected(
    "prometheus_tsdb_out_of_order_samples_total",
    "Total number of out of order samples ingestion failed attempts due to out of order being disabled.",
    "counter",
    () => head.stats.outOfOrder
  )
  metrics.collected(
    "prometheus_tsdb_out_of_bound_samples_total",
    "Total number of out of bound samples ingestion failed attempts.",
    "counter",
    () => head.stats.outOfBounds
  )
  metrics.collected(
    "prometheus_tsdb_head_series_created_total",
    "Total number of series created in the head",
    "counter",
    () => head.stats.seriesCreated
  )
  metrics.collected("prometheus_tsdb_head_min_time", "Minimum time bound of the head block.", "gauge", () =>
    Number.isFinite(head.minTime) ? head.minTime : Number.NaN
  )
  metrics.collected("prometheus_tsdb_head_max_time", "Maximum timestamp of the head block.", "gauge", () =>
    Number.isFinite(head.maxTime) ? head.maxTime : Number.NaN
  )
}

/** Scraped samples go straight into the head; a rejected sample is dropped, as a scrape does. */
export const headSinkLayer = (head: Head) =>
  Layer.succeed(
    SampleSink,
    SampleSink.of({
      append: (b) =>
        Effect.sync(() => {
          for (let i = 0; i < b.labels.length; i++) head.append(b.labels[i], b.timestampsMs[i], b.values[i])
        })
    })
  )

export const headSeriesSource = (head: Head): SeriesSource => ({
  series: (matchers, minMs, maxMs) => head.select(matchers, minMs, maxMs).map((s) => s.labels),
  labelNames: () => head.labelNames(),
  labelValues: (name) => head.labelValues(name)
})
