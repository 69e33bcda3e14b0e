/**
 * Vertical compaction of overlapping native histogram chunks (they used to fail the compaction):
 * histograms, floats and both kinds in one series merge by timestamp, the newer block winning a
 * shared one; integer counts give integer-histogram chunks again.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { blocksQueryable, openBlocks } from "../blocks/block-queryable.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { writeBlock } from "../blocks/block-writer.ts"
import { sampleChunks } from "../blocks/sample-chunks.ts"
import { ChunkEncoding } from "../chunks/chunk-encoding.ts"
import { equalMatcher } from "../labels/matcher.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import { compactBlocks } from "./compactor.ts"

const scratch = mkdtempSync(join(tmpdir(), "vesta-compact-hist-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const hist = (k: number): FloatHistogram => ({
  schema: 0,
  zeroThreshold: 1e-128,
  zeroCount: 1,
  count: 6 + k,
  sum: 10 * k,
  pOffset: 0,
  pos: [2, 3 + k],
  nOffset: 0,
  neg: [],
  hint: "unknown"
})

type Point = [t: number, v: number | FloatHistogram]

const block = (dir: string, series: Record<string, Point[]>) =>
  writeBlock(
    dir,
    Object.entries(series)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([name, points]) => ({
        labels: ["__name__", name],
        chunks: sampleChunks(
          points.map(([t]) => t),
          points.map(([, v]) => (typeof v === "number" ? v : 0)),
          points.map(([, v]) => (typeof v === "number" ? undefined : v)),
          { integerHistograms: true }
        )
      })),
    { minTime: 0, maxTime: 1_000_000 },
    { durable: false }
  )

const read = (dir: string): Record<string, Point[]> => {
  const blocks = openBlocks(dir)
  const out = Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* blocksQueryable(() => blocks).querier(0, 1_000_000)
        const set = yield* q.select([{ type: "=~", name: "__name__", value: ".+" }])
        const r: Record<string, Point[]> = {}
        while (set.next()) {
          const s = set.at()
          const it = s.samples()
          const points: Point[] = []
          // Reset hints as read back depend on the chunk layout; the samples are what must match.
          while (it.next())
            points.push([it.timeMs, it.histogram ? { ...it.histogram, hint: "unknown" } : it.value])
          r[s.labels[1]] = points
        }
        return r
      })
    )
  )
  for (const b of blocks) b.close()
  return out
}

const range = (from: number, to: number, f: (t: number) => number | FloatHistogram): Point[] =>
  Array.from({ length: to - from }, (_, i) => [(from + i) * 1000, f(from + i)])

describe("compaction with native histograms", () => {
  it("merges overlapping histogram and mixed chunks, the newer block winning shared timestamps", () => {
    const inputs = join(scratch, "in")
    mkdirSync(inputs)
    const older = {
      h: range(0, 60, (k) => hist(k)),
      mixed: range(0, 60, (k) => k / 2),
      f: range(0, 10, (k) => k)
    }
    block(inputs, older)
    const newer = {
      h: range(30, 90, (k) => hist(k + 1000)),
      mixed: range(30, 90, (k) => hist(k))
    }
    block(inputs, newer)
    const before = read(inputs)
    expect(before.h.length).toBe(90) // reads already merge overlapping blocks
    const out = join(scratch, "out")
    mkdirSync(out)
    const made = compactBlocks(
      out,
      readdirSync(inputs).map((d) => join(inputs, d)),
      { durable: false }
    )
    expect(made).toBeDefined()
    const after = read(out)
    expect(after).toEqual({
      f: older.f,
      h: [...older.h.slice(0, 30), ...newer.h],
      mixed: [...older.mixed.slice(0, 30), ...newer.mixed]
    })
    expect(after).toEqual(before)
    // Integer counts come back as integer-histogram chunks; floats stay XOR.
    const r = BlockReader.openSync(join(out, made!.ulid))
    const encodings = new Set<number>()
    for (const id of r.select([equalMatcher("__name__", "h")]))
      for (const c of r.series(id).chunks) encodings.add(r.chunk(c.ref).encoding)
    r.close()
    expect([...encodings]).toEqual([ChunkEncoding.histogram])
  })
})
