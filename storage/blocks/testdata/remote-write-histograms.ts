/**
 * Test support: native histogram series (storage/chunks/testdata/histogram-series.ts shape) as a
 * remote-write 1.0 request for a real Prometheus 2.42, and the same points as the engine's float
 * histograms, so a test can put one set of histograms into both and compare what comes out.
 */
import { compressBlock } from "../../../protocols/remote/snappy-block.ts"
import { countOf, type HistogramPoint, type HistogramSeries } from "../../chunks/testdata/histogram-series.ts"
import type { FloatHistogram } from "../../promql/histogram.ts"

/** Just the protobuf writing the remote-write messages need. */
class Proto {
  private readonly parts: number[] = []
  varint(v: number | bigint): this {
    let u = BigInt.asUintN(64, BigInt(v))
    while (u >= 0x80n) {
      this.parts.push(Number(u & 0x7fn) | 0x80)
      u >>= 7n
    }
    this.parts.push(Number(u))
    return this
  }
  key(field: number, wire: number): this {
    return this.varint((field << 3) | wire)
  }
  uint(field: number, v: number): this {
    return this.key(field, 0).varint(v)
  }
  sint(field: number, v: number): this {
    return this.key(field, 0).varint(zigzag(v))
  }
  double(field: number, v: number): this {
    const b = Buffer.alloc(8)
    b.writeDoubleLE(v)
    this.key(field, 1)
    this.parts.push(...b)
    return this
  }
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2).varint(b.length)
    this.parts.push(...b)
    return this
  }
  string(field: number, s: string): this {
    return this.bytes(field, Buffer.from(s))
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts)
  }
}

const zigzag = (v: number) => (v >= 0 ? BigInt(v) * 2n : -BigInt(v) * 2n - 1n)

const spans = (p: Proto, field: number, flat: ReadonlyArray<number>) => {
  for (let i = 0; i < flat.length; i += 2)
    p.bytes(
      field,
      new Proto()
        .sint(1, flat[i])
        .uint(2, flat[i + 1])
        .done()
    )
}

const packedSint = (p: Proto, field: number, vs: ReadonlyArray<number>) => {
  const q = new Proto()
  for (const v of vs) q.varint(zigzag(v))
  p.bytes(field, q.done())
}

const packedDouble = (p: Proto, field: number, vs: ReadonlyArray<number>) => {
  const b = Buffer.alloc(8 * vs.length)
  vs.forEach((v, i) => {
    b.writeDoubleLE(v, 8 * i)
  })
  p.bytes(field, b)
}

/** Absolute counts → the delta form integer histograms travel in. */
const deltas = (counts: ReadonlyArray<number>) => counts.map((c, i) => c - (i === 0 ? 0 : counts[i - 1]))

const histogramMessage = (h: HistogramPoint): Uint8Array => {
  const p = new Proto()
  if (h.float) p.double(2, countOf(h))
  else p.uint(1, countOf(h))
  p.double(3, h.sum).sint(4, h.schema).double(5, h.zeroThreshold)
  if (h.float) p.double(7, h.zeroCount)
  else p.uint(6, h.zeroCount)
  spans(p, 8, h.negativeSpans)
  if (h.float) packedDouble(p, 10, h.negativeCounts)
  else packedSint(p, 9, deltas(h.negativeCounts))
  spans(p, 11, h.positiveSpans)
  if (h.float) packedDouble(p, 13, h.positiveCounts)
  else packedSint(p, 12, deltas(h.positiveCounts))
  return p.uint(14, h.resetHint).uint(15, h.t).done()
}

/** A snappy-compressed remote-write 1.0 WriteRequest carrying the series' histograms. */
export const histogramWriteRequest = (series: ReadonlyArray<HistogramSeries>): Uint8Array => {
  const req = new Proto()
  for (const s of series) {
    const ts = new Proto()
    for (const [name, value] of s.labels) ts.bytes(1, new Proto().string(1, name).string(2, value).done())
    for (const h of s.points) ts.bytes(4, histogramMessage(h))
    req.bytes(1, ts.done())
  }
  return compressBlock(req.done())
}

/** POSTs the series to a Prometheus remote-write receiver; throws unless it answers 204. */
export const remoteWriteHistograms = async (baseUrl: string, series: ReadonlyArray<HistogramSeries>) => {
  const res = await fetch(`${baseUrl}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0"
    },
    body: histogramWriteRequest(series)
  })
  const text = await res.text()
  if (res.status !== 204) throw new Error(`remote write: ${res.status} ${text}`)
}

/** Span-aligned counts → one dense run (empty buckets in the gaps) and its first index. */
const dense = (flat: ReadonlyArray<number>, counts: ReadonlyArray<number>): [number[], number] => {
  if (flat.length === 0) return [[], 0]
  const out: number[] = []
  let k = 0
  for (let i = 0; i < flat.length; i += 2) {
    if (i > 0) for (let g = 0; g < flat[i]; g++) out.push(0)
    for (let j = 0; j < flat[i + 1]; j++) out.push(counts[k++])
  }
  return [out, flat[0]]
}

const hints = ["unknown", "reset", "not_reset", "gauge"] as const

/** The point as the engine's float histogram. */
export const floatHistogramOf = (p: HistogramPoint): FloatHistogram => {
  const [pos, pOffset] = dense(p.positiveSpans, p.positiveCounts)
  const [neg, nOffset] = dense(p.negativeSpans, p.negativeCounts)
  return {
    schema: p.schema,
    zeroThreshold: p.zeroThreshold,
    zeroCount: p.zeroCount,
    count: countOf(p),
    sum: p.sum,
    pOffset,
    pos,
    nOffset,
    neg,
    hint: hints[p.resetHint] ?? "unknown"
  }
}
