import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { ChunkEncoding } from "../chunks/chunk-encoding.ts"
import { encodingXor } from "../chunks/xor-chunk.ts"
import { mergeQueryable } from "../merge/merge-queryable.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import { ArraySeriesSet, arraySeries, collectSamples, type Queryable } from "../queryable.ts"
import { blocksQueryable, openBlocks } from "./block-queryable.ts"
import { writeBlock } from "./block-writer.ts"
import { sampleChunks } from "./sample-chunks.ts"

const h = (count: number, pos: number[], extra: Partial<FloatHistogram> = {}): FloatHistogram => ({
  schema: 0,
  zeroThreshold: 0.001,
  zeroCount: count - pos.reduce((a, b) => a + b, 0),
  count,
  sum: count * 1.5,
  pOffset: 0,
  pos,
  nOffset: 0,
  neg: [],
  hint: "unknown",
  ...extra
})

const tmp = mkdtempSync(join(tmpdir(), "vesta-sample-chunks-"))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))
let n = 0

/** Writes one series into a block and reads it back through blocksQueryable. */
const roundTrip = (ts: number[], vs: number[], hs: Array<FloatHistogram | undefined>, integer = false) => {
  const dir = join(tmp, String(++n))
  const chunks = sampleChunks(ts, vs, hs, { integerHistograms: integer })
  writeBlock(dir, [{ labels: ["__name__", "x"], chunks }], undefined, { durable: false })
  const readers = openBlocks(dir)
  const got = Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* blocksQueryable(() => readers).querier(0, 1e15)
        const set = yield* q.select([{ type: "=", name: "__name__", value: "x" }])
        expect(set.next()).toBe(true)
        return collectSamples(set.at())
      })
    )
  )
  return { chunks, got }
}

describe("sampleChunks", () => {
  it("floats and histograms in one series: separate XOR and histogram chunks, read back in order", () => {
    const ts = [1000, 2000, 3000, 4000, 5000]
    const hs = [undefined, h(3, [1, 2]), h(5, [2, 3]), undefined, h(1, [1])]
    const { chunks, got } = roundTrip(ts, [1.5, 0, 0, -2, 0], hs)
    expect(chunks.map((c) => c.encoding)).toEqual([
      encodingXor,
      ChunkEncoding.floatHistogram,
      encodingXor,
      ChunkEncoding.floatHistogram
    ])
    expect([...got.ts]).toEqual(ts)
    expect([...got.vs]).toEqual([1.5, 0, 0, -2, 0])
    expect(got.hs?.map((x) => x && { count: x.count, pos: x.pos, zeroCount: x.zeroCount })).toEqual([
      undefined,
      { count: 3, pos: [1, 2], zeroCount: 0 },
      { count: 5, pos: [2, 3], zeroCount: 0 },
      undefined,
      { count: 1, pos: [1], zeroCount: 0 }
    ])
  })

  it("cuts on a counter reset, a layout change and 120 samples; hints read as the TSDB gives them", () => {
    const ts = Array.from({ length: 130 }, (_, i) => i * 1000)
    const hs = ts.map((_, i) =>
      i < 10 ? h(10 + i, [10 + i]) : i < 20 ? h(i - 9, [i - 9]) : h(i, [i], { schema: 1 })
    )
    const { chunks, got } = roundTrip(ts, new Array(130).fill(0), hs)
    expect(chunks.map((c) => c.numSamples)).toEqual([10, 10, 110])
    expect(got.hs?.map((x) => x?.hint)).toEqual(
      ts.map((_, i) => (i === 0 || i === 10 || i === 20 ? "unknown" : "not_reset"))
    )
    expect(got.hs?.map((x) => x?.count)).toEqual(hs.map((x) => x.count))
    expect(got.hs?.[25]?.schema).toBe(1)
    const long = roundTrip(
      ts,
      new Array(130).fill(0),
      ts.map((_, i) => h(i + 1, [i + 1]))
    )
    expect(long.chunks.map((c) => c.numSamples)).toEqual([120, 10])
  })

  it("gauge histograms keep the gauge hint; integer chunks when asked and counts are integral", () => {
    const ts = [0, 1000, 2000]
    const hs = [h(5, [5], { hint: "gauge" }), h(2, [2], { hint: "gauge" }), h(4, [4], { hint: "gauge" })]
    const { chunks, got } = roundTrip(ts, [0, 0, 0], hs, true)
    expect(chunks.map((c) => c.encoding)).toEqual([ChunkEncoding.histogram])
    expect(got.hs?.map((x) => [x?.hint, x?.count])).toEqual([
      ["gauge", 5],
      ["gauge", 2],
      ["gauge", 4]
    ])
    const fractional = roundTrip([0], [0], [h(1.5, [1.5])], true)
    expect(fractional.chunks[0].encoding).toBe(ChunkEncoding.floatHistogram)
  })

  it("empty buckets inside the run and separate runs come back as the same dense buckets", () => {
    const a = h(6, [1, 0, 0, 2, 0], { pOffset: -3, neg: [0, 3], nOffset: 2, zeroCount: 0 })
    const b = h(9, [2, 0, 0, 2, 0, 0, 1], { pOffset: -3, neg: [1, 3], nOffset: 2, zeroCount: 0 })
    const { chunks, got } = roundTrip([0, 1000], [0, 0], [a, b])
    expect(chunks.length).toBe(1)
    const [x, y] = got.hs ?? []
    expect([x?.pOffset, x?.pos, x?.nOffset, x?.neg]).toEqual([-3, [1, 0, 0, 2, 0, 0, 0], 2, [0, 3]])
    expect([y?.pOffset, y?.pos, y?.nOffset, y?.neg]).toEqual([-3, [2, 0, 0, 2, 0, 0, 1], 2, [1, 3]])
  })

  it("chunks never span a multiple of cutEveryMs", () => {
    const ts = [0, 500, 999, 1000, 1500]
    const chunks = sampleChunks(
      ts,
      [0, 0, 0, 0, 0],
      [h(1, [1]), h(2, [2]), undefined, h(3, [3]), h(4, [4])],
      {
        cutEveryMs: 1000
      }
    )
    expect(chunks.map((c) => [c.minTime, c.maxTime])).toEqual([
      [0, 500],
      [999, 999],
      [1000, 1500]
    ])
  })
})

describe("the Queryable seam carries histograms", () => {
  const q = (series: ReturnType<typeof arraySeries>[]): Queryable => ({
    querier: () =>
      Effect.succeed({
        select: () => Effect.succeed(new ArraySeriesSet(series)),
        labelNames: () => Effect.succeed([]),
        labelValues: () => Effect.succeed([])
      })
  })

  it("mergeQueryable keeps histogram samples from either side; float-only series stay float-only", () => {
    const x = h(2, [2])
    const merged = mergeQueryable([
      q([arraySeries(["a", "1"], [1, 3], [7, 0], [undefined, x]), arraySeries(["a", "2"], [1], [4])]),
      q([arraySeries(["a", "1"], [2, 3], [8, 0], [undefined, x]), arraySeries(["a", "2"], [2], [5])])
    ])
    const out = Effect.runSync(
      Effect.scoped(
        Effect.gen(function* () {
          const set = yield* (yield* merged.querier(0, 10)).select([])
          const r = []
          while (set.next()) r.push(collectSamples(set.at()))
          return r
        })
      )
    )
    expect([...out[0].ts]).toEqual([1, 2, 3])
    expect(out[0].hs).toEqual([undefined, undefined, x])
    expect([...out[1].vs]).toEqual([4, 5])
    expect(out[1].hs).toBeUndefined()
  })
})
