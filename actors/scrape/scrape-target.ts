/**
 * The Effect shell of one scrape target: wakes on the target's own grid (offset spread by hash,
 * like Prometheus), fetches, parses, runs the pure core, hands the batch to the sink and publishes
 * its status. When the target goes away it writes staleness markers for its series at the next
 * scheduled scrape time. It never crashes on bad payloads: those are scrape errors (`up` = 0).
 */
import { Clock, Effect, Ref } from "effect"
import type { ScrapeConfig } from "../../protocols/config/prometheus-config.ts"
import { OpenMetricsParser } from "../../protocols/exposition/openmetrics-parser.ts"
import { isProtobufExposition, ProtobufParser } from "../../protocols/exposition/protobuf-parser.ts"
import { TextParser } from "../../protocols/exposition/text-parser.ts"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import { SampleSink } from "./sample-sink.ts"
import {
  reportSeriesLabels,
  resolutionOf,
  ScrapeCache,
  type ScrapeSettings,
  scrapeOnce
} from "./scrape-core.ts"
import { isOpenMetrics, scrapeHttp } from "./scrape-http.ts"
import { nextScrapeMs, scrapeOffsetMs, type TargetStatus } from "./target-status.ts"

export interface TargetSpec {
  readonly key: string
  readonly url: string
  readonly labels: Readonly<Record<string, string>>
  readonly discoveredLabels: Readonly<Record<string, string>>
  readonly config: ScrapeConfig
  readonly userAgent: string
  /**
   * Scrape the protobuf format (and so native histograms) when the exporter offers it: with
   * `--enable-feature=native-histograms`, as 2.42, or `scrape_protocols` listing PrometheusProto.
   */
  readonly protobuf?: boolean
}

const usesProtobuf = (t: TargetSpec): boolean =>
  t.protobuf === true || (t.config.scrapeProtocols?.includes("PrometheusProto") ?? false)

export const settingsOf = (t: TargetSpec): ScrapeSettings => ({
  targetLabels: t.labels,
  honorLabels: t.config.honorLabels,
  honorTimestamps: t.config.honorTimestamps,
  trackTimestampsStaleness: t.config.trackTimestampsStaleness,
  metricRelabelConfigs: t.config.metricRelabelConfigs,
  sampleLimit: t.config.sampleLimit,
  labelLimit: t.config.labelLimit,
  labelNameLengthLimit: t.config.labelNameLengthLimit,
  labelValueLengthLimit: t.config.labelValueLengthLimit
})

export const initialStatus = (t: TargetSpec): TargetStatus => ({
  scrapePool: t.config.jobName,
  scrapeUrl: t.url,
  labels: t.labels,
  discoveredLabels: t.discoveredLabels,
  health: "unknown",
  lastError: "",
  lastScrapeMs: undefined,
  lastScrapeDurationSeconds: 0,
  scrapeIntervalMs: t.config.scrapeIntervalMs,
  scrapeTimeoutMs: t.config.scrapeTimeoutMs,
  metadata: []
})

/**
 * How a target's loop ends. By default its series get staleness markers (the target went away).
 * The owner sets `handover` before interrupting it when the series go on elsewhere (a reloaded
 * pool, another scraper): the loop then passes them over instead of marking them stale.
 */
export interface TargetStop {
  handover?: (labels: ReadonlyArray<ReadonlyArray<string>>, atMs: number, cache: ScrapeCache) => void
}

/** What a pool tells all its targets: an error that fails every scrape without a request (target_limit). */
export interface PoolControl {
  forcedError?: string
}

/**
 * Runs until interrupted; `status` is updated after every scrape. `inherited` is the cache of the
 * same target in the pool this one's replaced on reload.
 */
export const runScrapeTarget = (
  t: TargetSpec,
  status: Ref.Ref<TargetStatus>,
  stop: TargetStop = {},
  inherited?: ScrapeCache,
  pool: PoolControl = {}
) =>
  Effect.gen(function* () {
    const sink = yield* SampleSink
    const settings = settingsOf(t)
    const resolution = resolutionOf(settings)
    const cache = inherited ? ScrapeCache.inherit(inherited, resolution) : new ScrapeCache()
    cache.resolution = resolution
    const interval = t.config.scrapeIntervalMs
    const offset = scrapeOffsetMs(t.labels, t.url, interval)
    let next = nextScrapeMs(yield* Clock.currentTimeMillis, offset, interval)
    let scraped = inherited !== undefined
    let listed: ScrapeCache["metadata"] | undefined
    yield* Effect.addFinalizer(() => {
      // Prometheus ends a removed target's series, its five report series (up, scrape_*) included,
      // at the next scheduled scrape time.
      const labels = [...cache.previousLabels(), ...(scraped ? reportSeriesLabels(t.labels) : [])]
      if (stop.handover) {
        stop.handover(labels, next, cache)
        return Effect.void
      }
      return labels.length === 0
        ? Effect.void
        : sink
            .append({
              labels,
              timestampsMs: labels.map(() => next),
              values: new Float64Array(labels.length).fill(staleMarker)
            })
            .pipe(Effect.ignore)
    })
    for (;;) {
      const now = yield* Clock.currentTimeMillis
      if (next > now) yield* Effect.sleep(next - now)
      const start = next
      const started = performance.now()
      const forced = pool.forcedError
      const res = yield* Effect.promise(() =>
        forced !== undefined
          ? Promise.resolve({ ok: false as const, error: forced })
          : scrapeHttp({
              url: t.url,
              timeoutMs: t.config.scrapeTimeoutMs,
              bodySizeLimitBytes: t.config.bodySizeLimitBytes,
              http: t.config.http,
              userAgent: t.userAgent,
              protobuf: usesProtobuf(t)
            })
      )
      const parser = res.ok
        ? usesProtobuf(t) && isProtobufExposition(res.contentType)
          ? new ProtobufParser(res.body)
          : isOpenMetrics(res.contentType)
            ? new OpenMetricsParser(res.body)
            : new TextParser(res.body)
        : undefined
      // Whole nanoseconds, as Go's Duration.Seconds() gives (no float noise such as 0.0019625749999995605).
      const duration = Math.round((performance.now() - started) * 1e6) / 1e9
      const result = scrapeOnce(cache, parser, res.ok ? undefined : res.error, start, duration, settings)
      const appended = yield* Effect.result(sink.append(result))
      scraped = true
      const error = result.error ?? (appended._tag === "Failure" ? appended.failure.message : undefined)
      yield* Ref.update(status, (s) => ({
        ...s,
        health: error === undefined ? ("up" as const) : ("down" as const),
        lastError: error ?? "",
        lastScrapeMs: start,
        lastScrapeDurationSeconds: duration,
        // Listed again only when the scrape's metadata changed (the cache keeps the map otherwise).
        metadata:
          s.metadata.length > 0 && cache.metadata === listed
            ? s.metadata
            : [...(listed = cache.metadata)].map(([metric, m]) => ({ metric, ...m }))
      }))
      next = nextScrapeMs(Math.max(start, yield* Clock.currentTimeMillis), offset, interval)
    }
  }).pipe(Effect.annotateLogs({ component: "scrape", target: t.url }))
