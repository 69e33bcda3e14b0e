/** The `prometheus_tsdb_exemplar_*` metrics Prometheus 2.42 exposes with exemplar storage on. */
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import type { ExemplarStore } from "./exemplar-store.ts"

export const registerExemplarMetrics = (metrics: MetricsRegistry, store: ExemplarStore): void => {
  metrics.collected(
    "prometheus_tsdb_exemplar_exemplars_appended_total",
    "Total number of appended exemplars.",
    "counter",
    () => store.stats().appended
  )
  metrics.collected(
    "prometheus_tsdb_exemplar_exemplars_in_storage",
    "Number of exemplars currently in circular storage.",
    "gauge",
    () => store.stats().inStorage
  )
  metrics.collected(
    "prometheus_tsdb_exemplar_series_with_exemplars_in_storage",
    "Number of series with exemplars currently in circular storage.",
    "gauge",
    () => store.stats().seriesInStorage
  )
  metrics.collected(
    "prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds",
    "The timestamp of the oldest exemplar stored in circular storage. Useful to check for what timerange the current exemplar buffer limit allows. This usually means the last timestamp for all exemplars for a typical setup. This is not true though if one of the series timestamp is in future compared to rest series.",
    "gauge",
    () => store.stats().oldestTimestampMs / 1000
  )
  metrics.collected(
    "prometheus_tsdb_exemplar_out_of_order_exemplars_total",
    "Total number of out of order exemplar ingestion failed attempts.",
    "counter",
    // 2.42 refuses out-of-order exemplars when they are appended, before this counter (tested
    // against it by remote write): it stays 0, and so does Vesta's.
    () => 0
  )
  metrics.collected(
    "prometheus_tsdb_exemplar_max_exemplars",
    "Total number of exemplars the exemplar storage can store, resizeable.",
    "gauge",
    () => store.stats().maxExemplars
  )
}
