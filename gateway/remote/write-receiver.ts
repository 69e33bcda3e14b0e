/**
 * `/api/v1/write`, the remote-write receiver for 1.0 and 2.0 (spec §2.3, §2.4): content negotiation
 * (415 for other types/encodings), snappy block + protobuf, labels sorted and checked, each sample
 * handed to the appender; a bad sample is reported (400) while the good ones are kept, as
 * Prometheus does; 2.0 answers carry the `-Written` headers. 204 on success, and only once the
 * appender made the samples durable. Native histograms are stored; exemplars go to `appendExemplar` when the appender has one.
 */
import { Effect } from "effect"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import { hasMetricName, normalizeLabels } from "../../protocols/remote/label-set.ts"
import { uncompressBlock } from "../../protocols/remote/snappy-block.ts"
import { DecodeError, WriteRequestDecoder } from "../../protocols/remote/write-request-decoder.ts"
import { WriteRequestV2Decoder } from "../../protocols/remote/write-request-v2-decoder.ts"
import { floatHistogramOf } from "../../storage/head/remote-histogram.ts"
import type { FloatHistogram } from "../../storage/promql/histogram.ts"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

/** Why a sample was refused, in Prometheus's words. */
export type Reject = (reason: string) => void

/**
 * A long-lived caller's handle for one series (a scrape target's cached series, handed with the
 * same labels array every time): an appender may keep its per-series work in `sinkMemo` (the head
 * series it resolved to, the encoded labels) for the next transaction instead of redoing it.
 */
export interface SeriesSlot {
  sinkMemo: unknown
}

/**
 * One appender's memos in callers' slots: `of(labels, slot)` gives the memo made for that slot,
 * making it (with `make`) the first time or when the slot holds another appender's or was handed
 * with other labels.
 */
export class SlotMemos<M> {
  private readonly make: (labels: ReadonlyArray<string>) => M
  constructor(make: (labels: ReadonlyArray<string>) => M) {
    this.make = make
  }
  of(labels: ReadonlyArray<string>, slot: SeriesSlot): M {
    const m = slot.sinkMemo as { owner: unknown; labels: unknown; value: M } | undefined
    if (m !== undefined && m.owner === this && m.labels === labels) return m.value
    const value = this.make(labels)
    slot.sinkMemo = { owner: this, labels, value }
    return value
  }
}

/**
 * One request's worth of appends: validated and applied per sample, made durable at commit. The
 * arrays handed to `append` must stay as they are until `commit` has been called, which happens in
 * the same synchronous run as the appends (they may be a decoder's reused buffers).
 */
export interface AppendTransaction {
  /**
   * Appends samples [from, to) of ts/vs to one series (labels sorted and valid); `reject` is
   * called with the reason for each sample refused.
   */
  readonly append: (
    labels: ReadonlyArray<string>,
    ts: ArrayLike<number>,
    vs: Float64Array,
    from: number,
    to: number,
    reject: Reject,
    slot?: SeriesSlot
  ) => void
  /** Appends one native histogram sample to a series (labels sorted and valid). */
  readonly appendHistogram: (
    labels: ReadonlyArray<string>,
    t: number,
    h: FloatHistogram,
    reject: Reject,
    slot?: SeriesSlot
  ) => void
  /**
   * Resolves once the accepted samples are durable; only then does the client get its 2xx.
   * `snappyBody`, when given, is the request as received: a snappy-compressed remote-write 1.0
   * WriteRequest whose series, under the receiver's label rules (label-set.ts), are exactly those
   * appended. An appender that accepted every sample may log it as it is (log-entry.ts) instead
   * of encoding the samples again.
   */
  readonly commit: (snappyBody?: Uint8Array) => Promise<void>
  /**
   * Stores one exemplar of a series (labels sorted and valid; exemplar labels flat name/value
   * pairs, ts in ms); absent when exemplar storage is off. Returns true when it was stored.
   */
  readonly appendExemplar?: (
    labels: ReadonlyArray<string>,
    exemplarLabels: ReadonlyArray<string>,
    value: number,
    ts: number
  ) => boolean
}

export interface SampleAppender {
  readonly begin: () => AppendTransaction
}

export interface WriteReceiverOptions {
  readonly appender: SampleAppender
  /** Compressed body limit and decoded length limit. */
  readonly maxBodyBytes: number
  readonly maxDecodedBytes: number
  /** Samples further in the future than this are rejected (a bound Prometheus lacks). */
  readonly maxFutureMs: number
  readonly metrics: MetricsRegistry
}

export const writeReceiverRoutes = (o: WriteReceiverOptions): ReadonlyArray<Route> => {
  const received = o.metrics.counter(
    "prometheus_remote_storage_samples_received_total",
    "Total number of samples received by the remote write receiver."
  )
  const receivedHistograms = o.metrics.counter(
    "prometheus_remote_storage_histograms_received_total",
    "Total number of histograms received by the remote write receiver."
  )
  const rejected = o.metrics.counter(
    "vesta_remote_write_samples_rejected_total",
    "Samples of remote write requests that were rejected, by reason.",
    ["reason"]
  )
  const decoder = new WriteRequestDecoder()
  const decoderV2 = new WriteRequestV2Decoder()
  /**
   * Decodes, checks and appends one request and starts its commit, all in one synchronous run
   * (the decoders' buffers are reused by the next request).
   */
  const ingest = (body: Uint8Array, snappyBody: Uint8Array, v2: boolean) => {
    const d = v2 ? decoderV2.decode(body) : decoder.decode(body)
    if (d instanceof DecodeError) return d
    const { symbols, labelRefs, labelStart, sampleStart, timestampsMs, values } = d
    let firstError: string | undefined
    let accepted = 0
    // Whether the body holds exactly what was appended (nothing refused before the appender).
    let asReceived = !v2
    const reject: Reject = (reason) => {
      firstError ??= reason
      rejected.labels({ reason }).inc()
      accepted--
    }
    const tx = o.appender.begin()
    const limitT = Date.now() + o.maxFutureMs
    // Each series' checked labels, for its histograms (undefined: invalid or nameless).
    const withExemplars = tx.appendExemplar !== undefined && d.exemplarCount > 0
    const seriesLabels: Array<ReadonlyArray<string> | undefined> =
      d.histograms.length > 0 || withExemplars ? new Array(d.seriesCount) : []
    for (let i = 0; i < d.seriesCount; i++) {
      const l0 = labelStart[i]
      const flat: string[] = new Array(labelStart[i + 1] - l0)
      for (let k = 0; k < flat.length; k++) flat[k] = symbols[labelRefs[l0 + k]]
      const from = sampleStart[i]
      const to = sampleStart[i + 1]
      const labels = normalizeLabels(flat)
      if (typeof labels === "string") {
        firstError ??= labels
        rejected.labels({ reason: "invalid labels" }).inc(to - from)
        asReceived = false
        continue
      }
      if (!hasMetricName(labels)) continue // Prometheus skips these silently
      if (d.histograms.length > 0) seriesLabels[i] = labels
      // Prometheus 2.42 stores a series' exemplars only when the series has samples in the request.
      else if (withExemplars && to > from) seriesLabels[i] = labels
      accepted += to - from
      let run = from
      for (let j = from; j < to; j++) {
        if (timestampsMs[j] <= limitT) continue
        tx.append(labels, timestampsMs, values, run, j, reject)
        reject("out of bounds")
        asReceived = false
        run = j + 1
      }
      tx.append(labels, timestampsMs, values, run, to, reject)
    }
    let histogramsAccepted = 0
    const rejectHistogram: Reject = (reason) => {
      firstError ??= reason
      rejected.labels({ reason }).inc()
      histogramsAccepted--
    }
    for (const dh of d.histograms) {
      const labels = seriesLabels[dh.seriesIndex]
      if (labels === undefined) {
        asReceived = false
        continue
      }
      histogramsAccepted++
      const h = floatHistogramOf(dh)
      if (typeof h === "string") {
        rejectHistogram(h)
        asReceived = false
      } else if (dh.timestampMs > limitT) {
        rejectHistogram("out of bounds")
        asReceived = false
      } else tx.appendHistogram(labels, dh.timestampMs, h, rejectHistogram)
    }
    let exemplarsWritten = 0
    // 2.42 rolls a request with a refused sample back whole, its exemplars with it (Vesta keeps
    // the accepted samples; the exemplars follow Prometheus).
    if (withExemplars && tx.appendExemplar !== undefined && firstError === undefined) {
      for (let j = 0; j < d.exemplarCount; j++) {
        const labels = seriesLabels[d.exemplarSeries[j]]
        if (labels === undefined) continue
        // Prometheus logs and counts refused exemplars; the request still succeeds.
        if (tx.appendExemplar(labels, d.exemplarLabels(j), d.exemplarValues[j], d.exemplarTimestampsMs[j]))
          exemplarsWritten++
      }
    }
    let durable: Promise<void>
    try {
      durable = tx.commit(asReceived ? snappyBody : undefined)
    } catch (e) {
      durable = Promise.reject(e)
    }
    durable.catch(() => {}) // awaited by the handler; not an unhandled rejection meanwhile
    return {
      durable,
      accepted,
      firstError,
      histogramsAccepted,
      exemplarsWritten
    }
  }
  return [
    {
      method: "POST",
      path: "/api/v1/write",
      bodyLimitBytes: o.maxBodyBytes,
      handler: (req) =>
        Effect.gen(function* () {
          const contentType = String(req.headers["content-type"] || "application/x-protobuf")
          const proto = contentType.match(/proto=([^;\s]+)/)?.[1]
          const v2 = proto === "io.prometheus.write.v2.Request"
          if (
            contentType.split(";")[0].trim() !== "application/x-protobuf" ||
            (proto !== undefined && proto !== "prometheus.WriteRequest" && !v2)
          ) {
            return text(
              415,
              `unsupported content type ${JSON.stringify(contentType)}: use prometheus.WriteRequest or io.prometheus.write.v2.Request\n`
            )
          }
          const encoding = req.headers["content-encoding"]
          if (encoding !== undefined && encoding !== "snappy")
            return text(415, `unsupported content encoding ${JSON.stringify(encoding)}\n`)
          const body = yield* Effect.result(req.body())
          if (body._tag === "Failure")
            return text(
              body.failure._tag === "HttpBodyTooLargeError" ? 413 : 400,
              `${body.failure.message}\n`
            )
          const raw = uncompressBlock(body.success, o.maxDecodedBytes)
          if (!raw.ok) return text(400, `${raw.error}\n`)
          const r = ingest(raw.bytes, body.success, v2)
          if (r instanceof DecodeError) return text(400, `cannot decode remote write request: ${r.message}\n`)
          const { firstError } = r
          const count = r.accepted
          const durable = yield* Effect.result(Effect.tryPromise(() => r.durable))
          // 2.0 receivers report what they wrote, on success and on error (spec §2.4).
          const written = (n: number, histograms = 0, exemplars = 0): Record<string, string> =>
            v2
              ? {
                  "x-prometheus-remote-write-samples-written": String(n),
                  "x-prometheus-remote-write-histograms-written": String(histograms),
                  "x-prometheus-remote-write-exemplars-written": String(exemplars)
                }
              : {}
          if (durable._tag === "Failure") {
            return text(503, `cannot store samples durably: ${String(durable.failure.cause)}\n`, written(0))
          }
          received.inc(count)
          receivedHistograms.inc(r.histogramsAccepted)
          return firstError
            ? text(400, `${firstError}\n`, written(count, r.histogramsAccepted, r.exemplarsWritten))
            : { status: 204, headers: written(count, r.histogramsAccepted, r.exemplarsWritten) }
        })
    }
  ]
}
