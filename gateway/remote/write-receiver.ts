/**
 * `/api/v1/write`, the remote-write receiver for 1.0 and 2.0 (spec §2.3, §2.4): content negotiation
 * (415 for other types/encodings), snappy block + protobuf, labels sorted and checked, each sample
 * handed to the appender; a bad sample is reported (400) while the good ones are kept, as
 * Prometheus does; 2.0 answers carry the `-Written` headers. 204 on success, and only once the
 * appender made the samples durable. Native histograms and exemplars are not stored yet.
 */
import { Effect } from "effect"
import type { MetricsRegistry } from "../../protocols/metrics/registry.ts"
import { uncompressBlock } from "../../protocols/remote/snappy-block.ts"
import { DecodeError, decodeWriteRequest } from "../../protocols/remote/write-request-decoder.ts"
import { decodeWriteRequestV2 } from "../../protocols/remote/write-request-v2-decoder.ts"
import type { Route } from "../http/http-types.ts"
import { text } from "../http/http-types.ts"

/** One request's worth of appends: validated and applied per sample, made durable at commit. */
export interface AppendTransaction {
  /** Appends one sample; returns Prometheus's reason when it is rejected. */
  readonly append: (labels: ReadonlyArray<string>, t: number, v: number) => string | undefined
  /** Resolves once the accepted samples are durable; only then does the client get its 2xx. */
  readonly commit: () => Promise<void>
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

const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/

/** Sorted pairs, or why the label set is invalid. */
const sortLabels = (flat: string[]): string[] | string => {
  const pairs: Array<[string, string]> = []
  for (let i = 0; i < flat.length; i += 2) pairs.push([flat[i], flat[i + 1]])
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const out: string[] = []
  for (let i = 0; i < pairs.length; i++) {
    const [n, v] = pairs[i]
    if (!labelName.test(n)) return `invalid label name ${JSON.stringify(n)}`
    if (i > 0 && pairs[i - 1][0] === n) return `duplicate label name ${JSON.stringify(n)}`
    if (v === "") continue
    out.push(n, v)
  }
  return out
}

export const writeReceiverRoutes = (o: WriteReceiverOptions): ReadonlyArray<Route> => {
  const received = o.metrics.counter(
    "prometheus_remote_storage_samples_received_total",
    "Total number of samples received by the remote write receiver."
  )
  const rejected = o.metrics.counter(
    "vesta_remote_write_samples_rejected_total",
    "Samples of remote write requests that were rejected, by reason.",
    ["reason"]
  )
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
          const decoded = v2 ? decodeWriteRequestV2(raw.bytes) : decodeWriteRequest(raw.bytes)
          if (decoded instanceof DecodeError)
            return text(400, `cannot decode remote write request: ${decoded.message}\n`)
          let firstError: string | undefined
          let count = 0
          const tx = o.appender.begin()
          const limitT = Date.now() + o.maxFutureMs
          for (const s of decoded.series) {
            const labels = sortLabels(s.labels)
            if (typeof labels === "string") {
              firstError ??= labels
              rejected.labels({ reason: "invalid labels" }).inc(s.timestamps.length)
              continue
            }
            if (!labels.includes("__name__")) continue // Prometheus skips these silently
            for (let i = 0; i < s.timestamps.length; i++) {
              const t = s.timestamps[i]
              const err = t > limitT ? "out of bounds" : tx.append(labels, t, s.values[i])
              if (err) {
                firstError ??= err
                rejected.labels({ reason: err }).inc()
              } else count++
            }
          }
          const durable = yield* Effect.result(Effect.tryPromise(() => tx.commit()))
          // 2.0 receivers report what they wrote, on success and on error (spec §2.4).
          const written = (n: number): Record<string, string> =>
            v2
              ? {
                  "x-prometheus-remote-write-samples-written": String(n),
                  "x-prometheus-remote-write-histograms-written": "0",
                  "x-prometheus-remote-write-exemplars-written": "0"
                }
              : {}
          if (durable._tag === "Failure") {
            return text(503, `cannot store samples durably: ${String(durable.failure.cause)}\n`, written(0))
          }
          received.inc(count)
          if (v2 && !firstError && decoded.histograms > 0)
            firstError = "native histograms are not supported yet"
          return firstError
            ? text(400, `${firstError}\n`, written(count))
            : { status: 204, headers: written(count) }
        })
    }
  ]
}
