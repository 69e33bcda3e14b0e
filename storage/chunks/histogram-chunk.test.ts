import { readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { BitReader, BitWriter } from "./bit-stream.ts"
import { ChunkEncoding } from "./chunk-encoding.ts"
import { ChunkSegmentError } from "./chunk-segment.ts"
import { readHeadChunkFile } from "./head-chunk-file.ts"
import { HistogramAppender } from "./histogram-appender.ts"
import { CounterResetHeader, HistogramIterator } from "./histogram-chunk.ts"
import { countOf, type HistogramPoint, histogramSeries } from "./testdata/histogram-series.ts"
import { readVarbitInt, readVarbitUint, writeVarbitInt, writeVarbitUint } from "./varbit.ts"

describe("varbit integers", () => {
  // Both sides of every bucket edge; the signed ranges are −(2^(n−1) − 1) … 2^(n−1).
  const signedEdges = [
    0, 1, -1, 4, 5, -3, -4, 32, 33, -31, -32, 256, 257, -255, -256, 2048, 2049, -2047, -2048
  ]
  const wide = [
    131072,
    131073,
    -131071,
    -131072,
    2 ** 24,
    2 ** 24 + 1,
    -(2 ** 24) + 1,
    -(2 ** 24),
    2 ** 53 - 1,
    -(2 ** 53) + 1
  ]
  it.each([...signedEdges, ...wide])("signed %d round-trips", (v) => {
    const w = new BitWriter()
    writeVarbitInt(w, v)
    writeVarbitInt(w, v)
    const r = new BitReader(w.view(), 0)
    expect([readVarbitInt(r), readVarbitInt(r)]).toEqual([v, v])
  })

  it.each<[number, number]>([
    [0, 1],
    [4, 5],
    [5, 9],
    [-3, 5],
    [-4, 9],
    [2048, 17],
    [2049, 24],
    [2 ** 24, 32],
    [2 ** 24 + 1, 64],
    [2 ** 52, 64],
    [2 ** 53 - 1, 64],
    [-(2 ** 53) + 1, 64] // the 64-bit bucket starts beyond 2^55, past exact doubles
  ])("signed %d takes %d bits", (v, bits) => {
    const w = new BitWriter()
    writeVarbitInt(w, v)
    expect(Math.ceil(bits / 8)).toBe(w.length)
  })

  it.each([
    0,
    1,
    7,
    8,
    63,
    64,
    511,
    512,
    4095,
    4096,
    2 ** 18 - 1,
    2 ** 18,
    2 ** 25 - 1,
    2 ** 25,
    2 ** 53 - 1
  ])("unsigned %d round-trips", (v) => {
    const w = new BitWriter()
    writeVarbitUint(w, v)
    writeVarbitUint(w, 3)
    const r = new BitReader(w.view(), 0)
    expect([readVarbitUint(r), readVarbitUint(r)]).toEqual([v, 3])
  })
})

/** Bucket index → count for one side, skipping empty buckets (a recoded layout adds zeros). */
const bucketMap = (spans: ReadonlyArray<number>, counts: ArrayLike<number>): Record<number, number> => {
  const out: Record<number, number> = {}
  let idx = 0
  let k = 0
  for (let s = 0; s < spans.length; s += 2) {
    idx += spans[s]
    for (let j = 0; j < spans[s + 1]; j++, idx++, k++) if (counts[k] !== 0) out[idx] = counts[k]
  }
  return out
}

const expected = (p: HistogramPoint) => ({
  t: p.t,
  count: countOf(p),
  zeroCount: p.zeroCount,
  sum: p.sum,
  schema: p.schema,
  zeroThreshold: p.zeroThreshold,
  positive: bucketMap(p.positiveSpans, p.positiveCounts),
  negative: bucketMap(p.negativeSpans, p.negativeCounts)
})

describe("histogram chunks written by Prometheus 2.42 (testdata/prom-2.42-histograms.chunks_head)", () => {
  const file = new Uint8Array(
    readFileSync(join(import.meta.dirname, "testdata", "prom-2.42-histograms.chunks_head"))
  )
  const records = readHeadChunkFile(file)
  if (records instanceof ChunkSegmentError) throw new Error(records.message)

  it("holds one CRC-checked 120-sample chunk per series, in the encodings expected", () => {
    expect(records.map((r) => [Number(r.seriesRef), r.encoding, r.outOfOrder])).toEqual([
      [1, ChunkEncoding.histogram, false],
      [2, ChunkEncoding.histogram, false],
      [3, ChunkEncoding.histogram, false],
      [5, ChunkEncoding.histogram, false],
      [4, ChunkEncoding.floatHistogram, false]
    ])
    expect(records[records.length - 1].end).toBe(file.length)
  })

  // Prometheus numbers series from 1 in the order the write request created them.
  it.each(histogramSeries.map((s, i) => [s.labels.map(([, v]) => v).join(" "), s, i + 1] as const))(
    "%s decodes to the samples sent",
    (_name, series, ref) => {
      const rec = records.find((r) => r.seriesRef === BigInt(ref))!
      const it = new HistogramIterator(rec.encoding, rec.data)
      expect(it.sampleCount).toBe(120)
      expect(it.float).toBe(series.points[0].float)
      const gauge = series.points[0].resetHint === 3
      expect(it.counterResetHeader).toBe(gauge ? CounterResetHeader.gauge : CounterResetHeader.unknown)
      const got: Array<ReturnType<typeof expected>> = []
      while (it.next()) {
        got.push({
          t: it.timeMs,
          count: it.count,
          zeroCount: it.zeroCount,
          sum: it.sum,
          schema: it.schema,
          zeroThreshold: it.zeroThreshold,
          positive: bucketMap(it.positiveSpans, it.positiveBuckets),
          negative: bucketMap(it.negativeSpans, it.negativeBuckets)
        })
      }
      expect(got).toEqual(series.points.slice(0, 120).map(expected))
      expect([rec.minTime, rec.maxTime]).toEqual([got[0].t, got[119].t])
    }
  )

  it("keeps the sent spans unless Prometheus widened the layout", () => {
    for (const [i, s] of histogramSeries.entries()) {
      const rec = records.find((r) => r.seriesRef === BigInt(i + 1))!
      const it = new HistogramIterator(rec.encoding, rec.data)
      const last = s.points[119]
      expect([it.positiveSpans, it.negativeSpans]).toEqual([last.positiveSpans, last.negativeSpans])
    }
  })

  it.each(records.map((r) => [Number(r.seriesRef), r] as const))(
    "series %i re-encodes to Prometheus's exact bytes",
    (_ref, rec) => {
      const it = new HistogramIterator(rec.encoding, rec.data)
      const a = new HistogramAppender(it.float, it, it.counterResetHeader)
      while (it.next())
        a.append(it.timeMs, it.count, it.zeroCount, it.sum, it.positiveBuckets, it.negativeBuckets)
      // 2.42 still had the bit writer's trailing-byte quirk (spec §5.7).
      const again = a.bytes({ legacyTrailingZeroByte: true })
      expect(Buffer.from(again).toString("hex")).toBe(Buffer.from(rec.data).toString("hex"))
    }
  )

  it("seeks and is reused across chunks", () => {
    const it = new HistogramIterator()
    const [a, b] = records
    it.reset(a.encoding, a.data)
    expect(it.seek(a.minTime + 15_000 * 100 + 1)).toBe(true)
    expect(it.timeMs).toBe(a.minTime + 15_000 * 101)
    expect(it.seek(a.maxTime + 1)).toBe(false)
    it.reset(b.encoding, b.data)
    expect(it.next() && it.timeMs).toBe(b.minTime)
  })

  it.each([
    [
      "an XOR chunk",
      ChunkEncoding.xor,
      new Uint8Array([0, 0, 0]),
      "encoding 1 is not a histogram chunk encoding"
    ],
    [
      "a short chunk",
      ChunkEncoding.histogram,
      new Uint8Array([0, 1]),
      "histogram chunk shorter than its 3-byte header"
    ]
  ])("refuses %s", (_n, enc, data, message) => {
    expect(() => new HistogramIterator(enc, data)).toThrow(message)
  })

  it("throws RangeError on a truncated chunk", () => {
    const rec = records[0]
    const it = new HistogramIterator(rec.encoding, rec.data.subarray(0, rec.data.length >> 1))
    expect(() => {
      while (it.next()) {
        /* drain */
      }
    }).toThrow(RangeError)
  })
})

describe("HistogramAppender layouts beyond the fixture (round trip through the decoder)", () => {
  it.each<[string, boolean, import("./histogram-appender.ts").HistogramLayout]>([
    [
      "largest power-of-two threshold 2^10",
      false,
      { schema: 8, zeroThreshold: 1024, positiveSpans: [0, 1], negativeSpans: [] }
    ],
    [
      "smallest power-of-two threshold 2^-243",
      true,
      { schema: -4, zeroThreshold: 2 ** -243, positiveSpans: [], negativeSpans: [3, 1] }
    ],
    [
      "threshold 2^11 stored as a float",
      false,
      { schema: 0, zeroThreshold: 2048, positiveSpans: [0, 1], negativeSpans: [] }
    ],
    [
      "custom bounds (schema -53): short and long encodings",
      false,
      {
        schema: -53,
        zeroThreshold: 0,
        positiveSpans: [0, 3],
        negativeSpans: [],
        customValues: [0.005, 1, 33554.43, 1e9, -1, 0.0001]
      }
    ],
    ["no buckets at all", true, { schema: 0, zeroThreshold: 0, positiveSpans: [], negativeSpans: [] }]
  ])("%s", (_n, float, layout) => {
    const nPos = layout.positiveSpans.reduce((a, v, i) => a + (i % 2 ? v : 0), 0)
    const nNeg = layout.negativeSpans.reduce((a, v, i) => a + (i % 2 ? v : 0), 0)
    const a = new HistogramAppender(float, layout, CounterResetHeader.notCounterReset)
    const sent: Array<[number, number[], number[]]> = []
    for (let i = 0; i < 5; i++) {
      const pos = Array.from({ length: nPos }, (_, j) => (float ? i * 1.5 + j : i * 3 + j))
      const neg = Array.from({ length: nNeg }, (_, j) => (float ? i / 4 + j : i + j))
      const count = 2 * i + pos.reduce((x, y) => x + y, 0) + neg.reduce((x, y) => x + y, 0)
      a.append(1000 + i * 15_000 + (i === 3 ? 7 : 0), count, 2 * i, i * 0.1, pos, neg)
      sent.push([1000 + i * 15_000 + (i === 3 ? 7 : 0), pos, neg])
    }
    const it = new HistogramIterator(
      float ? ChunkEncoding.floatHistogram : ChunkEncoding.histogram,
      a.bytes()
    )
    expect(it.counterResetHeader).toBe(CounterResetHeader.notCounterReset)
    expect([it.schema, it.zeroThreshold, it.positiveSpans, it.negativeSpans]).toEqual([
      layout.schema,
      layout.zeroThreshold,
      layout.positiveSpans,
      layout.negativeSpans
    ])
    expect(it.customValues).toEqual(layout.customValues ?? [])
    for (const [t, pos, neg] of sent) {
      expect(it.next()).toBe(true)
      expect([it.timeMs, [...it.positiveBuckets], [...it.negativeBuckets]]).toEqual([t, pos, neg])
    }
    expect(it.next()).toBe(false)
  })

  it("refuses a sample that does not fit the layout", () => {
    const a = new HistogramAppender(
      false,
      { schema: 0, zeroThreshold: 0, positiveSpans: [0, 2], negativeSpans: [] },
      0
    )
    expect(() => a.append(0, 1, 0, 1, [1], [])).toThrow("histogram has 1/0 buckets, the chunk layout 2/0")
  })
})
