/**
 * The embedded default's storage side, wired for one process: one head behind a write-ahead log
 * (the file DurableLog) that remote writes and scrapes go through, its replay at start, the series
 * source the API reads, and the head's self-metrics.
 */

import { Effect, Layer, Result } from "effect"
import { SampleSink, SampleSinkError } from "../../actors/scrape/sample-sink.ts"
import type { SeriesSource } from "../../gateway/api/v1/series-routes.ts"
import { type SampleAppender, SlotMemos } from "../../gateway/remote/write-receiver.ts"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import { snappyEntry } from "../../protocols/remote/log-entry.ts"
import { SampleRanges } from "../../protocols/remote/sample-ranges.ts"
import { encodeLabelFields } from "../../protocols/remote/write-request-encoder.ts"
import { encodeExemplarRequest, type LoggedExemplar } from "../../storage/exemplars/exemplar-log.ts"
import type { ExemplarStore } from "../../storage/exemplars/exemplar-store.ts"
import type { Head, MemSeries } from "../../storage/head/head.ts"
import { histogramMessage } from "../../storage/head/remote-histogram.ts"
import type { DurableLog } from "../../storage/log/durable-log.ts"
import type { Labels } from "../../storage/promql/values.ts"
import type { Querier, Queryable } from "../../storage/queryable.ts"
import { encodeBatches } from "../../storage/shard/shard-router.ts"
import { applyLogEntry } from "../../storage/tsdb/apply-log-entry.ts"
import type { LocalTsdb } from "../../storage/tsdb/local-tsdb.ts"

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
    "prometheus_tsdb_head_out_of_order_samples_appended_total",
    "Total number of appended out of order samples.",
    "counter",
    () => head.stats.outOfOrderAppended
  )
  metrics.collected(
    "prometheus_tsdb_too_old_samples_total",
    "Total number of out of order samples ingestion failed attempts with out of support enabled, but sample outside of time window.",
    "counter",
    () => [[{ type: "float" }, head.stats.tooOld]]
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

/**
 * Appends into the head (which validates as Prometheus does) and, at commit, writes the accepted
 * samples to the write-ahead log and waits for the durable ack: a sample acknowledged to a client
 * is in the log. A crash between the two loses only unacknowledged samples; a client retry is
 * harmless (a repeated identical sample is a no-op).
 */
export interface WalHooks {
  /** Samples before this are already in a block: rejected as out of bounds. */
  readonly floor?: () => number
  /**
   * Called with each entry the log acknowledged, the newest sample time in it, and whether the
   * head took some of its samples as out-of-order data.
   */
  readonly logged?: (seq: number, maxT: number, outOfOrder: boolean) => void
  /**
   * Entries up to this sequence hold no out-of-order samples the head still needs (they are in
   * blocks): replay takes only their in-order samples. Default 0.
   */
  readonly outOfOrderFlushedSeq?: () => number
}

/** What the appender keeps in a caller's SeriesSlot. */
interface SeriesMemo {
  /** The head series, once created (checked against the head: truncation may have removed it). */
  series: MemSeries | undefined
  readonly labelBytes: Uint8Array
}

/**
 * `exemplars`: the exemplar store when `--enable-feature=exemplar-storage` is on (exemplars are kept
 * in memory only: not yet written to the WAL, so lost on restart).
 */
export const walAppender = (
  head: Head,
  wal: DurableLog,
  hooks: WalHooks = {},
  exemplars?: ExemplarStore
): SampleAppender => {
  // Scrape loops hand a slot per series: its head series and encoded labels are kept there instead
  // of joining and encoding the labels every scrape.
  const memos = new SlotMemos<SeriesMemo>((labels) => ({
    series: undefined,
    labelBytes: encodeLabelFields(labels)
  }))
  const seriesOf = (labels: ReadonlyArray<string>, m: SeriesMemo | undefined): MemSeries => {
    if (m === undefined) return head.getOrCreate(labels as Labels)
    const s = m.series
    if (s !== undefined && head.series(s.ref) === s) return s
    return (m.series = head.getOrCreate(labels as Labels))
  }
  return {
    begin: () => {
      const accepted = new SampleRanges()
      let refused = false
      let maxT = Number.NEGATIVE_INFINITY
      const oooBefore = head.stats.outOfOrderAppended
      const loggedExemplars: LoggedExemplar[] = []
      return {
        append: (labels, ts, vs, from, to, reject, slot) => {
          const floor = hooks.floor?.() ?? Number.NEGATIVE_INFINITY
          const halfRange = head.options.chunkRangeMs / 2
          const memo = slot === undefined ? undefined : memos.of(labels, slot)
          let series: MemSeries | undefined
          let run = from
          for (let j = from; j < to; j++) {
            const t = ts[j]
            let err: string | undefined
            // head.minValidTime, inlined: the newest time minus half a block range.
            if (t < floor || t < head.maxTime - halfRange) {
              err = head.appendBelowBounds(labels as Labels, series, t, vs[j])
            } else {
              series ??= seriesOf(labels, memo)
              err = head.appendTo(series, t, vs[j])
            }
            if (err === undefined) {
              if (t > maxT) maxT = t
              continue
            }
            reject(err)
            refused = true
            accepted.add(labels, ts, vs, run, j, memo?.labelBytes)
            run = j + 1
          }
          accepted.add(labels, ts, vs, run, to, memo?.labelBytes)
        },
        appendHistogram: (labels, t, h, reject, slot) => {
          const floor = hooks.floor?.() ?? Number.NEGATIVE_INFINITY
          let err: string | undefined
          if (t < floor || t < head.minValidTime) {
            head.stats.outOfBounds++
            err = "out of bounds"
          } else
            err = head.appendHistogramTo(
              seriesOf(labels, slot === undefined ? undefined : memos.of(labels, slot)),
              t,
              h
            )
          if (err !== undefined) {
            reject(err)
            refused = true
            return
          }
          if (t > maxT) maxT = t
          accepted.addHistogram(labels, histogramMessage(t, h))
        },
        appendExemplar:
          exemplars === undefined
            ? undefined
            : (labels, exLabels, value, ts) => {
                if (
                  exemplars.append(labels as Labels, { labels: exLabels as Labels, value, ts }) !== "appended"
                )
                  return false
                loggedExemplars.push({ series: labels as Labels, labels: exLabels as Labels, value, ts })
                return true
              },
        commit: (snappyBody) => {
          if (accepted.samples === 0 && loggedExemplars.length === 0) return Promise.resolve()
          const outOfOrder = head.stats.outOfOrderAppended !== oooBefore
          // The request as received when it holds just what was accepted (no encoding; its
          // exemplars come back on replay as they went in); otherwise the accepted samples, in
          // several entries when one would pass the log's entry limit, and the stored exemplars.
          const asReceived = snappyBody !== undefined && !refused && snappyBody.length < wal.entryMaxBytes
          const entries = asReceived
            ? [snappyEntry(snappyBody)]
            : accepted.samples === 0
              ? []
              : encodeBatches(accepted.toSeries(), wal.entryMaxBytes)
          if (!asReceived && loggedExemplars.length > 0) entries.push(encodeExemplarRequest(loggedExemplars))
          return Effect.runPromise(wal.append(entries)).then((ack) =>
            hooks.logged?.(ack.lastSeq, maxT, outOfOrder)
          )
        }
      }
    }
  }
}

// The scrape loop counts what the head refuses by itself (scrape-core's own checks).
const ignoreRejected = () => {}

/** Scraped samples go through the same appender as remote writes. */
export const headSinkLayer = (appender: SampleAppender) =>
  Layer.succeed(
    SampleSink,
    SampleSink.of({
      append: (b) =>
        Effect.tryPromise({
          try: () => {
            const tx = appender.begin()
            const hs = b.histograms
            const slots = b.slots
            for (let i = 0; i < b.labels.length; i++) {
              const h = hs?.[i]
              const slot = slots?.[i]
              if (h !== undefined) tx.appendHistogram(b.labels[i], b.timestampsMs[i], h, ignoreRejected, slot)
              else tx.append(b.labels[i], b.timestampsMs, b.values, i, i + 1, ignoreRejected, slot)
            }
            if (b.exemplars !== undefined && tx.appendExemplar !== undefined)
              for (const e of b.exemplars) tx.appendExemplar(b.labels[e.index], e.labels, e.value, e.ts)
            return tx.commit()
          },
          catch: (e) => new SampleSinkError({ reason: String(e) })
        })
    })
  )

/** Replays the write-ahead log into the head at start, logging progress (entries/s, ETA). */
export const replayWal = (head: Head, wal: DurableLog, hooks: WalHooks = {}, exemplars?: ExemplarStore) =>
  Effect.gen(function* () {
    const { firstSeq, lastSeq } = yield* wal.bounds
    const total = lastSeq - firstSeq + 1
    if (total <= 0) return 0
    const started = Date.now()
    let seq = firstSeq
    let samples = 0
    let lastLog = started
    while (seq <= lastSeq) {
      const entries = yield* wal.read(seq, 1000)
      if (entries.length === 0) break
      for (const e of entries) {
        const r = applyLogEntry(
          head,
          e.data,
          hooks.floor?.() ?? Number.NEGATIVE_INFINITY,
          e.seq > (hooks.outOfOrderFlushedSeq?.() ?? 0),
          exemplars === undefined
            ? undefined
            : (series, labels, value, ts) => exemplars.append(series, { labels, value, ts })
        )
        if (typeof r === "string") return yield* Effect.die(new Error(`write-ahead log entry ${e.seq}: ${r}`))
        samples += r.samples
        hooks.logged?.(e.seq, r.maxT, r.outOfOrder)
        seq = e.seq + 1
      }
      const now = Date.now()
      if (now - lastLog > 1000 || seq > lastSeq) {
        const done = seq - firstSeq
        const rate = done / Math.max((now - started) / 1000, 0.001)
        yield* Effect.logInfo("Replaying write-ahead log", {
          entries: `${done}/${total}`,
          entries_per_second: Math.round(rate),
          eta_seconds: ((total - done) / rate).toFixed(1)
        })
        lastLog = now
      }
    }
    return samples
  })

/**
 * /api/v1/series and label listings over the head and the local blocks (every block is a local
 * file, so the Queryable runs synchronously here).
 */
export const tsdbSeriesSource = (tsdb: LocalTsdb): SeriesSource =>
  queryableSeriesSource(tsdb.queryable, (e) => Effect.runSync(e))

/** Runs an Effect as a Promise that rejects with its typed failure itself (not a wrapper). */
export const runToPromise = <A, E>(e: Effect.Effect<A, E>): Promise<A> =>
  Effect.runPromise(Effect.result(e)).then((r) => {
    if (Result.isFailure(r)) throw r.failure
    return r.success
  })

/**
 * A SeriesSource over any Queryable: `run` executes each read (Effect.runSync for local storage,
 * Effect.runPromise for one that answers over the network; its typed failures reject the Promise
 * with the tagged error, which the routes turn into Prometheus's error answer).
 */
export const queryableSeriesSource = (
  queryable: Queryable,
  run: (e: Effect.Effect<unknown, unknown>) => unknown
): SeriesSource => {
  const read = <A>(f: (q: Querier) => Effect.Effect<A, unknown>, minMs: number, maxMs: number) =>
    run(Effect.scoped(Effect.flatMap(queryable.querier(minMs, maxMs), f)))
  return {
    series: (matchers, minMs, maxMs) =>
      read(
        (q) =>
          Effect.map(q.select(matchers), (set) => {
            const out: Labels[] = []
            while (set.next()) out.push(set.at().labels)
            return out
          }),
        minMs,
        maxMs
      ),
    labelNames: () => read((q) => q.labelNames([]), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    labelValues: (name) =>
      read((q) => q.labelValues(name, []), Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)
  } as SeriesSource
}
