/**
 * `/api/v1/read`, remote read (spec §2.5), so a Prometheus can use Vesta in `remote_read`: queries
 * answered through the Queryable seam; response type negotiated from `accepted_response_types`
 * (SAMPLES when empty): a snappy `ReadResponse`, or `STREAMED_XOR_CHUNKS` frames with XOR chunks of
 * up to 120 samples. Native histograms go as TimeSeries.histograms, or as histogram chunks.
 * External labels are added where a series lacks them.
 */
import { Effect } from "effect"
import {
  decodeReadRequest,
  encodeChunkedFrame,
  encodeReadResponse,
  type XorChunk
} from "../../protocols/remote/read-codec.ts"
import { compressBlock, uncompressBlock } from "../../protocols/remote/snappy-block.ts"
import { DecodeError } from "../../protocols/remote/write-request-decoder.ts"
import { sampleChunks } from "../../storage/blocks/sample-chunks.ts"
import { XorAppender } from "../../storage/chunks/xor-chunk.ts"
import { wireSeries } from "../../storage/head/remote-histogram.ts"
import type { FloatHistogram } from "../../storage/promql/histogram.ts"
import { compareUtf8 } from "../../storage/promql/values.ts"
import { arraySeries, type Queryable, sampleArrays } from "../../storage/queryable.ts"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

export interface ReadHandlerOptions {
  readonly queryable: Queryable
  readonly externalLabels: () => Readonly<Record<string, string>>
  readonly maxDecodedBytes: number
}

interface Fetched {
  labels: string[]
  ts: number[]
  vs: Float64Array
  /** Set when the series has native histogram samples (index-aligned with ts). */
  hs?: Array<FloatHistogram | undefined>
}

const withExternal = (labels: ReadonlyArray<string>, ext: Readonly<Record<string, string>>): string[] => {
  const map = new Map<string, string>()
  for (const [k, v] of Object.entries(ext)) map.set(k, v)
  for (let i = 0; i < labels.length; i += 2) map.set(labels[i], labels[i + 1])
  return [...map].sort(([a], [b]) => compareUtf8(a, b)).flat()
}

const toChunks = (s: Fetched): XorChunk[] => {
  if (s.hs !== undefined) return sampleChunks(s.ts, s.vs, s.hs)
  const out: XorChunk[] = []
  for (let i = 0; i < s.ts.length; i += 120) {
    const a = new XorAppender()
    const end = Math.min(s.ts.length, i + 120)
    for (let k = i; k < end; k++) a.append(s.ts[k], s.vs[k])
    out.push({ minTime: s.ts[i], maxTime: s.ts[end - 1], data: a.bytes() })
  }
  return out
}

export const readRoutes = (o: ReadHandlerOptions): ReadonlyArray<Route> => [
  {
    method: "POST",
    path: "/api/v1/read",
    handler: (req) =>
      Effect.gen(function* () {
        const body = yield* Effect.result(req.body())
        if (body._tag === "Failure") return text(400, `${body.failure.message}\n`)
        const raw = uncompressBlock(body.success, o.maxDecodedBytes)
        if (!raw.ok) return text(400, `${raw.error}\n`)
        const request = decodeReadRequest(raw.bytes)
        if (request instanceof DecodeError)
          return text(400, `cannot decode remote read request: ${request.message}\n`)
        const accepted = request.acceptedResponseTypes.length === 0 ? [0] : request.acceptedResponseTypes
        const responseType = accepted.find((t) => t === 0 || t === 1)
        if (responseType === undefined)
          return text(400, `none of the accepted response types ${JSON.stringify(accepted)} is implemented\n`)
        const ext = o.externalLabels()
        const results = yield* Effect.forEach(request.queries, (q) =>
          Effect.scoped(
            Effect.gen(function* () {
              // Matchers on external labels are checked against them and dropped before selecting.
              const own = q.matchers.filter((m) => !(m.name in ext))
              const querier = yield* o.queryable.querier(q.startMs, q.endMs)
              const set = yield* querier.select(own)
              const out: Fetched[] = []
              while (set.next()) {
                const s = set.at()
                out.push({ labels: withExternal(s.labels, ext), ...sampleArrays(s.samples()) })
              }
              return out
            })
          )
        ).pipe(Effect.result)
        if (results._tag === "Failure") return text(500, `${results.failure.message}\n`)
        if (responseType === 0) {
          const encoded = encodeReadResponse(
            results.success.map((r) =>
              r.map((s) =>
                s.hs === undefined
                  ? { labels: s.labels, timestamps: s.ts, values: s.vs }
                  : wireSeries(s.labels, arraySeries(s.labels, Float64Array.from(s.ts), s.vs, s.hs).samples())
              )
            )
          )
          return {
            status: 200,
            headers: { "content-type": "application/x-protobuf", "content-encoding": "snappy" },
            body: compressBlock(encoded)
          }
        }
        const frames: Uint8Array[] = []
        results.success.forEach((r, queryIndex) => {
          for (const s of r) frames.push(encodeChunkedFrame(s.labels, toChunks(s), queryIndex))
        })
        return {
          status: 200,
          headers: {
            "content-type": "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse"
          },
          body: Buffer.concat(frames)
        }
      })
  }
]
