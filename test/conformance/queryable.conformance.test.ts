/**
 * The Queryable contract (storage/queryable.ts), one suite for every implementation: blocks on
 * disk, blocks + head, the head, a merge of two heads holding the data split at a time boundary
 * (with the boundary sample in both, as a fresh block and its head overlap), the merge of one head.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { isStaleMarker, staleMarker } from "../../protocols/values/special-nans.ts"
import { blocksQueryable, openBlocks } from "../../storage/blocks/block-queryable.ts"
import { writeBlock } from "../../storage/blocks/block-writer.ts"
import { Head } from "../../storage/head/head.ts"
import { headBlockSeries } from "../../storage/head/head-block.ts"
import { headQueryable } from "../../storage/head/head-queryable.ts"
import { mergeQueryable } from "../../storage/merge/merge-queryable.ts"
import type { PlanMatcher } from "../../storage/promql/plan.ts"
import type { Labels } from "../../storage/promql/values.ts"
import type { Queryable } from "../../storage/queryable.ts"

type Sample = { labels: Labels; t: number; v: number }
const L = (o: Record<string, string>): Labels =>
  Object.entries(o)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flat()

const data: Sample[] = []
for (const [job, inst] of [
  ["api", "0"],
  ["api", "1"],
  ["db", "0"]
]) {
  for (let i = 0; i < 100; i++)
    data.push({ labels: L({ __name__: "up", job, instance: inst }), t: i * 15_000, v: i })
}
for (let i = 0; i < 10; i++)
  data.push({ labels: L({ __name__: "other", job: "api" }), t: i * 60_000, v: i * 2 })
data.push(
  { labels: L({ __name__: "gone" }), t: 0, v: 1 },
  { labels: L({ __name__: "gone" }), t: 15_000, v: staleMarker }
)

const headOf = (samples: Sample[]) => {
  const h = new Head({ chunkRangeMs: 2 * 3600_000, outOfOrderTimeWindowMs: 0 })
  for (const s of [...samples].sort((a, b) => a.t - b.t)) h.append(s.labels, s.t, s.v)
  return h
}

const split = 30 * 15_000
let blockDirs = 0
const scratch = mkdtempSync(join(tmpdir(), "vesta-queryable-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Writes the samples before `cut` as 2h blocks (from a head that saw them all) and opens them. */
const blocks = (d: Sample[], cut = Number.POSITIVE_INFINITY): Queryable => {
  const h = headOf(d)
  const dir = join(scratch, String(++blockDirs))
  mkdirSync(dir)
  for (let start = 0; start < Math.min(cut, h.maxTime + 1); start += 7_200_000) {
    const series = headBlockSeries(h, start, start + 7_200_000)
    if (series.length > 0)
      writeBlock(dir, series, { minTime: start, maxTime: start + 7_200_000 }, { durable: false })
  }
  const readers = openBlocks(dir)
  return blocksQueryable(() => readers)
}

const factories: Record<string, (d: Sample[]) => Queryable> = {
  blocks: (d) => blocks(d),
  "blocks + head": (d) =>
    mergeQueryable([
      blocks(d.filter((s) => s.t < 7_200_000)),
      headQueryable(headOf(d.filter((s) => s.t >= 7_200_000)))
    ]),
  head: (d) => headQueryable(headOf(d)),
  "head split in two, overlapping at the boundary": (d) =>
    mergeQueryable([
      headQueryable(headOf(d.filter((s) => s.t <= split))),
      headQueryable(headOf(d.filter((s) => s.t >= split)))
    ]),
  "merge of one": (d) => mergeQueryable([headQueryable(headOf(d))])
}

const read = (q: Queryable, ms: PlanMatcher[], min: number, max: number) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const querier = yield* q.querier(min, max)
        const set = yield* querier.select(ms)
        const out: Array<{ labels: string; ts: number[]; vs: number[] }> = []
        while (set.next()) {
          const s = set.at()
          const it = s.samples()
          const ts: number[] = []
          const vs: number[] = []
          while (it.next()) {
            ts.push(it.timeMs)
            vs.push(it.value)
          }
          out.push({ labels: s.labels.join(","), ts, vs })
        }
        return out
      })
    )
  )

for (const [name, make] of Object.entries(factories)) {
  describe(`Queryable contract: ${name}`, () => {
    const q = make(data)
    it("selects by equality and returns series sorted by labels with all samples in range", async () => {
      const r = await read(q, [{ type: "=", name: "__name__", value: "up" }], 0, 1_000_000)
      expect(r.map((s) => s.labels)).toEqual([
        "__name__,up,instance,0,job,api",
        "__name__,up,instance,0,job,db",
        "__name__,up,instance,1,job,api"
      ])
      expect(r[0].ts).toEqual(Array.from({ length: 67 }, (_, i) => i * 15_000))
    })
    it("clips to the querier's bounds, both inclusive", async () => {
      const r = await read(q, [{ type: "=", name: "job", value: "db" }], 15_000, 45_000)
      expect(r).toEqual([
        { labels: "__name__,up,instance,0,job,db", ts: [15_000, 30_000, 45_000], vs: [1, 2, 3] }
      ])
    })
    it("keeps samples at the split boundary once", async () => {
      const r = await read(q, [{ type: "=", name: "job", value: "db" }], split - 15_000, split + 15_000)
      expect(r[0].ts).toEqual([split - 15_000, split, split + 15_000])
    })
    it.each<[string, PlanMatcher[], string[]]>([
      [
        "regex",
        [
          { type: "=~", name: "__name__", value: "up|other" },
          { type: "=", name: "instance", value: "" }
        ],
        ["__name__,other,job,api"]
      ],
      [
        "negative regex",
        [
          { type: "!~", name: "job", value: "api" },
          { type: "=~", name: "__name__", value: ".+" }
        ],
        ["__name__,gone", "__name__,up,instance,0,job,db"]
      ],
      [
        "not equal selects missing labels",
        [{ type: "!=", name: "job", value: "api" }],
        ["__name__,gone", "__name__,up,instance,0,job,db"]
      ],
      ["no match", [{ type: "=", name: "job", value: "nope" }], []]
    ])("matches with %s", async (_n, ms, want) => {
      expect((await read(q, ms, 0, 10_000_000)).map((s) => s.labels)).toEqual(want)
    })
    it("returns staleness markers as stored", async () => {
      const r = await read(q, [{ type: "=", name: "__name__", value: "gone" }], 0, 100_000)
      expect(r[0].ts).toEqual([0, 15_000])
      expect(isStaleMarker(r[0].vs[1])).toBe(true)
    })
    it("lists label names and values", async () => {
      const [names, values] = await Effect.runPromise(
        Effect.scoped(
          Effect.gen(function* () {
            const querier = yield* q.querier(0, 10_000_000)
            return [
              yield* querier.labelNames([]),
              yield* querier.labelValues("job", [{ type: "=", name: "__name__", value: "up" }])
            ]
          })
        )
      )
      expect(names).toEqual(["__name__", "instance", "job"])
      expect(values).toEqual(["api", "db"])
    })
  })
}
