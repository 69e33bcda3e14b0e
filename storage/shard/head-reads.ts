/**
 * Reading shard heads over the Bus. The shard side serves `vesta.ingest.head.<shard>`: the
 * request is a remote-read `ReadRequest` (protobuf, one query), the reply a stream of
 * `ReadResponse` messages (SAMPLES, native histograms in TimeSeries.histograms), each holding a
 * slice of the matching series so no message passes the bus's payload limit. The query side is a Queryable over all shards: one request per
 * shard, answers merged; a shard that does not answer fails the query (no silent gaps).
 */
import { Effect, Schedule, Stream } from "effect"
import { prometheus } from "../../protocols/gen/prometheus.js"
import { decodeReadRequest, encodeReadResponse } from "../../protocols/remote/read-codec.ts"
import { decodeReadResponse } from "../../protocols/remote/read-response-decoder.ts"
import { DecodeError } from "../../protocols/remote/write-request-decoder.ts"
import type { EncodeSeries } from "../../protocols/remote/write-request-encoder.ts"
import type { Bus } from "../bus/bus.ts"
import { seriesSamples, wireSeries } from "../head/remote-histogram.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { compareLabels, compareUtf8 } from "../promql/values.ts"
import { ArraySeriesSet, arraySeries, type Queryable, StorageUnavailableError } from "../queryable.ts"

export const headReadSubject = (shard: number) => `vesta.ingest.head.${shard}`

/** Series bytes per reply message (the NATS default max payload is 1 MiB). */
const replyBytesMax = 512 * 1024

const matcherTypes: Record<PlanMatcher["type"], prometheus.LabelMatcher.Type> = {
  "=": prometheus.LabelMatcher.Type.EQ,
  "!=": prometheus.LabelMatcher.Type.NEQ,
  "=~": prometheus.LabelMatcher.Type.RE,
  "!~": prometheus.LabelMatcher.Type.NRE
}

export const encodeHeadRead = (
  matchers: ReadonlyArray<PlanMatcher>,
  minMs: number,
  maxMs: number
): Uint8Array =>
  prometheus.ReadRequest.encode({
    queries: [
      {
        startTimestampMs: minMs,
        endTimestampMs: maxMs,
        matchers: matchers.map((m) => ({ type: matcherTypes[m.type], name: m.name, value: m.value }))
      }
    ]
  }).finish()

/** Serves one shard's head reads until the Scope closes. */
export const serveHeadReads = (bus: Bus["Service"], shard: number, queryable: Queryable) =>
  bus.serve(headReadSubject(shard), (request) =>
    Stream.unwrap(
      Effect.gen(function* () {
        const req = decodeReadRequest(request.data)
        if (req instanceof DecodeError || req.queries.length !== 1)
          return yield* Effect.fail(
            new Error(
              `head read: bad request: ${req instanceof DecodeError ? req.message : "one query expected"}`
            )
          )
        const q = req.queries[0]
        const series = yield* Effect.scoped(
          Effect.gen(function* () {
            const querier = yield* queryable.querier(q.startMs, q.endMs)
            const set = yield* querier.select(q.matchers)
            const out: EncodeSeries[] = []
            while (set.next()) {
              const s = set.at()
              out.push(wireSeries(s.labels, s.samples()))
            }
            return out
          })
        )
        const messages: Uint8Array[] = []
        let batch: EncodeSeries[] = []
        let bytes = 0
        for (const s of series) {
          batch.push(s)
          bytes += 16 * s.timestamps.length + 32 * s.labels.length
          for (const h of s.histograms ?? []) bytes += h.length
          if (bytes >= replyBytesMax) {
            messages.push(encodeReadResponse([batch]))
            batch = []
            bytes = 0
          }
        }
        if (batch.length > 0 || messages.length === 0) messages.push(encodeReadResponse([batch]))
        return Stream.fromIterable(messages)
      })
    )
  )

/** A Queryable over the heads of shards 0..shards-1, read through the Bus. */
/** `timeoutMs`: the wait for each reply of one attempt (a head answers in well under a second). */
export const busHeadsQueryable = (bus: Bus["Service"], shards: number, timeoutMs = 10_000): Queryable => ({
  querier: (minTimeMs, maxTimeMs) => {
    const fetch = (matchers: ReadonlyArray<PlanMatcher>, lo: number, hi: number) =>
      Effect.forEach(
        Array.from({ length: shards }, (_, k) => k),
        (k) =>
          bus.request(headReadSubject(k), encodeHeadRead(matchers, lo, hi), { timeoutMs }).pipe(
            Stream.runCollect,
            // A shard moving between processes (lease handover) or a request lost in a NATS
            // reconnect: ask again a few times before failing the query.
            Effect.retry({
              times: 4,
              schedule: Schedule.spaced("500 millis"),
              while: (e) => e._tag === "BusTimeoutError" || e._tag === "BusNoRespondersError"
            }),
            Effect.mapError((cause) => new StorageUnavailableError({ source: `ingest shard ${k}`, cause })),
            Effect.flatMap((msgs) =>
              Effect.try({
                try: () =>
                  [...msgs].flatMap((m) => {
                    const r = decodeReadResponse(m)
                    if (r instanceof DecodeError) throw r
                    return r.flatMap((q) => q.series)
                  }),
                catch: (cause) => new StorageUnavailableError({ source: `ingest shard ${k}`, cause })
              })
            )
          ),
        { concurrency: "unbounded" }
      ).pipe(Effect.map((parts) => parts.flat()))
    return Effect.succeed({
      select: (matchers, hints) =>
        fetch(
          matchers,
          Math.max(minTimeMs, hints?.startMs ?? minTimeMs),
          Math.min(maxTimeMs, hints?.endMs ?? maxTimeMs)
        ).pipe(
          Effect.flatMap((series) =>
            Effect.try({
              try: () =>
                new ArraySeriesSet(
                  series
                    .map((s) => {
                      const { ts, vs, hs } = seriesSamples(s)
                      return arraySeries(s.labels, ts, vs, hs)
                    })
                    .sort((a, b) => compareLabels(a.labels, b.labels))
                ),
              catch: (cause) => new StorageUnavailableError({ source: "ingest shards", cause })
            })
          )
        ),
      labelNames: (matchers) =>
        fetch(matchers, minTimeMs, maxTimeMs).pipe(
          Effect.map((series) => {
            const names = new Set<string>()
            for (const s of series) for (let i = 0; i < s.labels.length; i += 2) names.add(s.labels[i])
            return [...names].sort(compareUtf8)
          })
        ),
      labelValues: (name, matchers) =>
        fetch(matchers, minTimeMs, maxTimeMs).pipe(
          Effect.map((series) => {
            const values = new Set<string>()
            for (const s of series)
              for (let i = 0; i < s.labels.length; i += 2)
                if (s.labels[i] === name) values.add(s.labels[i + 1])
            return [...values].sort(compareUtf8)
          })
        )
    })
  }
})
