/**
 * Reading shard heads over the Bus. The shard side serves `vesta.ingest.head.<shard>`: the
 * request is a remote-read `ReadRequest` (protobuf, one query; hints.func "series" asks for the
 * series without samples), the reply a stream of messages, each a run of remote-read
 * `ChunkedReadResponse` frames (length, CRC-32C, message: one series with its chunks — XOR for
 * floats, histogram chunks for native histograms, as STREAMED_XOR_CHUNKS sends them), cut so no
 * message passes the bus's payload limit. Chunks carry ~1.3 bytes per float sample where samples
 * would take 16. The query side is a Queryable over all shards: one request per shard, answers
 * merged; a shard that does not answer fails the query (no silent gaps).
 */
import { Effect, Schedule, Stream } from "effect"
import { prometheus } from "../../protocols/gen/prometheus.js"
import { decodeFrames } from "../../protocols/remote/chunked-frame.ts"
import { decodeReadRequest, encodeChunkedFrame } from "../../protocols/remote/read-codec.ts"
import { decodeChunkedReadResponse } from "../../protocols/remote/read-response-decoder.ts"
import { DecodeError } from "../../protocols/remote/write-request-decoder.ts"
import { eachChunkSample, sampleChunks } from "../blocks/sample-chunks.ts"
import type { Bus } from "../bus/bus.ts"
import { HistogramIterator } from "../chunks/histogram-chunk.ts"
import { XorIterator } from "../chunks/xor-chunk.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { compareLabels, compareUtf8 } from "../promql/values.ts"
import {
  ArraySeriesSet,
  arraySeries,
  type Queryable,
  type Series,
  StorageUnavailableError,
  sampleArrays
} from "../queryable.ts"

export const headReadSubject = (shard: number) => `vesta.ingest.head.${shard}`

/** Frame bytes per reply message (the NATS default max payload is 1 MiB). */
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
  maxMs: number,
  seriesOnly = false
): Uint8Array =>
  prometheus.ReadRequest.encode({
    queries: [
      {
        startTimestampMs: minMs,
        endTimestampMs: maxMs,
        matchers: matchers.map((m) => ({ type: matcherTypes[m.type], name: m.name, value: m.value })),
        ...(seriesOnly ? { hints: { func: "series" } } : {})
      }
    ]
  }).finish()

/** One series as a frame: its samples re-encoded into chunks (none when only labels are asked). */
const seriesFrame = (s: Series, withSamples: boolean): Uint8Array => {
  if (!withSamples) return encodeChunkedFrame(s.labels, [], 0)
  const { ts, vs, hs } = sampleArrays(s.samples())
  return encodeChunkedFrame(s.labels, sampleChunks(ts, vs, hs), 0)
}

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
        const withSamples = q.func !== "series"
        const frames = yield* Effect.scoped(
          Effect.gen(function* () {
            const querier = yield* queryable.querier(q.startMs, q.endMs)
            const set = yield* querier.select(q.matchers)
            const out: Uint8Array[] = []
            while (set.next()) out.push(seriesFrame(set.at(), withSamples))
            return out
          })
        )
        const messages: Uint8Array[] = []
        let run: Uint8Array[] = []
        let bytes = 0
        const flush = () => {
          messages.push(Buffer.concat(run, bytes))
          run = []
          bytes = 0
        }
        for (const f of frames) {
          if (bytes > 0 && bytes + f.length > replyBytesMax) flush()
          run.push(f)
          bytes += f.length
        }
        if (bytes > 0 || messages.length === 0) flush()
        return Stream.fromIterable(messages)
      })
    )
  )

interface FetchedSeries {
  readonly labels: string[]
  readonly ts: Float64Array
  readonly vs: Float64Array
  readonly hs: Array<FloatHistogram | undefined> | undefined
}

/** The series of one reply message, their chunks decoded. */
const decodeReply = (message: Uint8Array): FetchedSeries[] => {
  const frames = decodeFrames(message)
  if (frames instanceof DecodeError) throw frames
  const out: FetchedSeries[] = []
  const xor = new XorIterator()
  const hit = new HistogramIterator()
  for (const f of frames) {
    const r = decodeChunkedReadResponse(f)
    if (r instanceof DecodeError) throw r
    for (const s of r.series) {
      const ts: number[] = []
      const vs: number[] = []
      let hs: Array<FloatHistogram | undefined> | undefined
      const add = (t: number, v: number, h: FloatHistogram | undefined) => {
        if (h !== undefined) hs ??= new Array<FloatHistogram | undefined>(ts.length).fill(undefined)
        hs?.push(h)
        ts.push(t)
        vs.push(v)
      }
      for (const c of s.chunks)
        if (!eachChunkSample(c.type, c.data, xor, hit, add))
          throw new Error(`head read: series ${s.labels.join(",")} has a chunk of unknown encoding ${c.type}`)
      const values = new Float64Array(vs.length)
      for (let i = 0; i < vs.length; i++) values[i] = vs[i]
      out.push({ labels: s.labels, ts: Float64Array.from(ts), vs: values, hs })
    }
  }
  return out
}

/** A Queryable over the heads of shards 0..shards-1, read through the Bus. */
/** `timeoutMs`: the wait for each reply of one attempt (a head answers in well under a second). */
export const busHeadsQueryable = (bus: Bus["Service"], shards: number, timeoutMs = 10_000): Queryable => ({
  querier: (minTimeMs, maxTimeMs) => {
    const fetch = (matchers: ReadonlyArray<PlanMatcher>, lo: number, hi: number, seriesOnly = false) =>
      Effect.forEach(
        Array.from({ length: shards }, (_, k) => k),
        (k) =>
          bus.request(headReadSubject(k), encodeHeadRead(matchers, lo, hi, seriesOnly), { timeoutMs }).pipe(
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
                try: () => [...msgs].flatMap(decodeReply),
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
          Effect.map(
            (series) =>
              new ArraySeriesSet(
                series
                  .map((s) => arraySeries(s.labels, s.ts, s.vs, s.hs))
                  .sort((a, b) => compareLabels(a.labels, b.labels))
              )
          )
        ),
      labelNames: (matchers) =>
        fetch(matchers, minTimeMs, maxTimeMs, true).pipe(
          Effect.map((series) => {
            const names = new Set<string>()
            for (const s of series) for (let i = 0; i < s.labels.length; i += 2) names.add(s.labels[i])
            return [...names].sort(compareUtf8)
          })
        ),
      labelValues: (name, matchers) =>
        fetch(matchers, minTimeMs, maxTimeMs, true).pipe(
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
