/**
 * Native histograms between the remote-write wire form (spans plus deltas for integer counts or
 * absolute float counts, protocols/remote/histogram-decoder.ts) and the engine's float histogram
 * (dense buckets from an offset), in both directions: the receiver and log replay read them, the
 * write-ahead log and shard logs write them.
 */
import type { DecodedHistogram } from "../../protocols/remote/decoded-write.ts"
import type { EncodeSeries } from "../../protocols/remote/write-request-encoder.ts"
import { denseOf } from "../blocks/sample-chunks.ts"
import type { FloatHistogram, ResetHint } from "../promql/histogram.ts"
import type { SampleIterator } from "../queryable.ts"

const hints: ReadonlyArray<ResetHint> = ["unknown", "reset", "not_reset", "gauge"]

/** Integer deltas → absolute counts. */
const cumulate = (deltas: ReadonlyArray<number>): number[] => {
  const out: number[] = new Array(deltas.length)
  let c = 0
  for (let i = 0; i < deltas.length; i++) out[i] = c += deltas[i]
  return out
}

/** How many buckets the spans announce. */
const spanBuckets = (spans: ReadonlyArray<number>) => {
  let n = 0
  for (let i = 1; i < spans.length; i += 2) n += spans[i]
  return n
}

/** The sample as the engine's float histogram, or why it is invalid. */
export const floatHistogramOf = (d: DecodedHistogram): FloatHistogram | string => {
  const posCounts = d.float ? d.positiveCounts : cumulate(d.positiveDeltas)
  const negCounts = d.float ? d.negativeCounts : cumulate(d.negativeDeltas)
  if (posCounts.length !== spanBuckets(d.positiveSpans) || negCounts.length !== spanBuckets(d.negativeSpans))
    return "histogram spans and bucket counts disagree"
  if (d.schema !== -53 && (d.schema < -4 || d.schema > 8))
    return `histogram schema ${d.schema} out of range (-4 to 8, or -53 for custom buckets)`
  if (!d.float) {
    // Prometheus 2.42's check (the zero bucket is not counted), with its message.
    let inBuckets = 0
    for (const c of posCounts) inBuckets += c
    for (const c of negCounts) inBuckets += c
    if (inBuckets > d.count)
      return `${inBuckets} observations found in buckets, but the Count field is ${d.count}: histogram's observation count should be at least the number of observations found in the buckets`
  }
  const [pos, pOffset] = denseOf(d.positiveSpans, posCounts)
  const [neg, nOffset] = denseOf(d.negativeSpans, negCounts)
  return {
    schema: d.schema,
    zeroThreshold: d.zeroThreshold,
    zeroCount: d.zeroCount,
    count: d.count,
    sum: d.sum,
    pOffset,
    pos,
    nOffset,
    neg,
    ...(d.schema === -53 ? { customValues: [...d.customValues] } : {}),
    hint: hints[d.resetHint] ?? "unknown"
  }
}

/** A Histogram message (float counts, one span per side), for the logs' WriteRequests. */
export const histogramMessage = (t: number, h: FloatHistogram): Uint8Array => {
  const w = new ProtoWriter()
  w.key(2, 1).double(h.count)
  w.key(3, 1).double(h.sum)
  w.key(4, 0).varint(zigzag(h.schema))
  w.key(5, 1).double(h.zeroThreshold)
  w.key(7, 1).double(h.zeroCount)
  if (h.neg.length > 0) {
    w.key(8, 2).message((s) => s.key(1, 0).varint(zigzag(h.nOffset)).key(2, 0).varint(h.neg.length))
    w.key(10, 2).message((s) => {
      for (const c of h.neg) s.double(c)
    })
  }
  if (h.pos.length > 0) {
    w.key(11, 2).message((s) => s.key(1, 0).varint(zigzag(h.pOffset)).key(2, 0).varint(h.pos.length))
    w.key(13, 2).message((s) => {
      for (const c of h.pos) s.double(c)
    })
  }
  w.key(14, 0).varint(Math.max(0, hints.indexOf(h.hint)))
  w.key(15, 0).varint(t)
  if (h.customValues !== undefined && h.customValues.length > 0)
    w.key(16, 2).message((s) => {
      for (const v of h.customValues ?? []) s.double(v)
    })
  return w.done()
}

const zigzag = (v: number) => (v >= 0 ? v * 2 : -v * 2 - 1)

class ProtoWriter {
  private readonly parts: number[] = []
  private readonly f64 = new DataView(new ArrayBuffer(8))
  key(field: number, wire: number): this {
    return this.varint(field * 8 + wire)
  }
  varint(v: number): this {
    if (v < 0) {
      let u = BigInt.asUintN(64, BigInt(v))
      while (u >= 0x80n) {
        this.parts.push(Number(u & 0x7fn) | 0x80)
        u >>= 7n
      }
      this.parts.push(Number(u))
      return this
    }
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80)
      v = Math.floor(v / 0x80)
    }
    this.parts.push(v)
    return this
  }
  double(v: number): this {
    this.f64.setFloat64(0, v, true)
    for (let i = 0; i < 8; i++) this.parts.push(this.f64.getUint8(i))
    return this
  }
  /** A length-delimited body written by `f`. */
  message(f: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter()
    f(inner)
    const b = inner.done()
    this.varint(b.length)
    for (const x of b) this.parts.push(x)
    return this
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

/**
 * A series' samples in the remote-read / remote-write wire form: floats as samples, native
 * histograms as Histogram messages (field 4), each list in time order.
 */
export const wireSeries = (labels: ReadonlyArray<string>, it: SampleIterator): EncodeSeries => {
  const ts: number[] = []
  const vs: number[] = []
  let histograms: Uint8Array[] | undefined
  while (it.next()) {
    const h = it.histogram
    if (h !== undefined) {
      histograms ??= []
      histograms.push(histogramMessage(it.timeMs, h))
      continue
    }
    ts.push(it.timeMs)
    vs.push(it.value)
  }
  const values = new Float64Array(vs.length)
  for (let i = 0; i < vs.length; i++) values[i] = vs[i]
  return histograms === undefined
    ? { labels, timestamps: ts, values }
    : { labels, timestamps: ts, values, histograms }
}
