import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parseBlockMeta } from "../blocks/block-meta.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { equalMatcher } from "../labels/matcher.ts"
import { compactBlocks } from "./compactor.ts"
import {
  bitsOf,
  labelsKey,
  makeBlock,
  promtoolAnalyze,
  promtoolDump,
  readBlock,
  rng,
  type Sample,
  type TestSeries
} from "./testing.ts"
import { deleteSeries } from "./tombstones-edit.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const scratch = mkdtempSync(join(tmpdir(), "vesta-compact-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => {
  const d = join(scratch, `db${++dirs}`)
  mkdirSync(d)
  return d
}

const h = 3600_000
const base = 1_700_000_000_000 - (1_700_000_000_000 % (2 * h))

/** Samples every `stepMs` in [from, to), values from `value(t)`. */
const samples = (
  from: number,
  to: number,
  stepMs: number,
  value: (t: number, i: number) => number
): Sample[] => {
  const out: Sample[] = []
  for (let t = from, i = 0; t < to; t += stepMs, i++) out.push(bitsOf(t, value(t, i)))
  return out
}

const specials = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  5e-324,
  1.7976931348623157e308
]

/** A mix of series: counters, noisy gauges, special values, some present only in some windows. */
const seriesFor = (from: number, to: number, seed: number, names: ReadonlyArray<string>): TestSeries[] => {
  const r = rng(seed)
  return names.map((name, k) => ({
    labels: { __name__: name, instance: `host-${k % 3}`, job: "node" },
    samples: samples(from, to, 15_000, (t, i) =>
      k % 4 === 0
        ? i * 3
        : k % 4 === 1
          ? r() * 1000
          : k % 4 === 2
            ? i % 17 === 0
              ? specials[i % 6]
              : i / 7
            : t / 1000
    )
  }))
}

/** Expected union of inputs: per series, per timestamp, the sample of the last block given. */
const union = (blocks: ReadonlyArray<ReadonlyArray<TestSeries>>): Map<string, Sample[]> => {
  const by = new Map<string, Map<number, Sample>>()
  for (const block of blocks)
    for (const s of block) {
      const key = labelsKey(
        Object.entries(s.labels)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .flat()
      )
      let m = by.get(key)
      if (m === undefined) by.set(key, (m = new Map()))
      for (const x of s.samples) m.set(x[0], x)
    }
  const out = new Map<string, Sample[]>()
  for (const [k, m] of by)
    if (m.size > 0)
      out.set(
        k,
        [...m.values()].sort((a, b) => a[0] - b[0])
      )
  return out
}

const sortedEntries = (m: Map<string, Sample[]>) =>
  [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

const chunkBytesOf = (dir: string): string[] => {
  const r = BlockReader.openSync(dir)
  const out: string[] = []
  try {
    for (const id of r.select([]))
      for (const c of r.series(id).chunks) out.push(Buffer.from(r.chunk(c.ref).data).toString("hex"))
  } finally {
    r.close()
  }
  return out
}

/** promtool's dumps agree and are not trivially empty. */
const expectSameDump = (got: string, want: string, minLines: number) => {
  expect(want.split("\n").length).toBeGreaterThan(minLines)
  expect(got).toBe(want)
}

describe("compactBlocks", () => {
  it("merges adjacent blocks: samples equal, chunks copied byte for byte, meta per Prometheus", async () => {
    const db = freshDir()
    const inputs = [
      seriesFor(base, base + 2 * h, 1, ["a", "b", "c", "d", "only_first"]),
      seriesFor(base + 2 * h, base + 4 * h, 2, ["a", "b", "c", "d", "e"]),
      seriesFor(base + 4 * h, base + 6 * h, 3, ["a", "c", "d", "e", "zz"])
    ]
    const metas = inputs.map((s, i) =>
      makeBlock(db, s, { minTime: base + i * 2 * h, maxTime: base + (i + 1) * 2 * h })
    )
    const inDirs = metas.map((m) => join(db, m.ulid))
    const out = compactBlocks(db, [inDirs[2], inDirs[0], inDirs[1]], { durable: false })
    if (out === undefined) throw new Error("expected a block")
    const outDir = join(db, out.ulid)
    const onDisk = parseBlockMeta(readFileSync(join(outDir, "meta.json"), "utf8"), "meta.json")
    expect(onDisk).toEqual(out)
    expect(out.minTime).toBe(base)
    expect(out.maxTime).toBe(base + 6 * h)
    expect(out.compaction.level).toBe(2)
    expect(out.compaction.sources).toEqual(metas.map((m) => m.ulid).sort())
    expect(out.compaction.parents).toEqual(
      metas.map((m) => ({ ulid: m.ulid, minTime: m.minTime, maxTime: m.maxTime }))
    )
    const expected = union(inputs)
    const got = readBlock(outDir)
    expect(sortedEntries(got.series)).toEqual(sortedEntries(expected))
    let total = 0
    for (const s of expected.values()) total += s.length
    expect(out.stats.numSamples).toBe(total)
    expect(out.stats.numSeries).toBe(expected.size)
    // No overlap: every output chunk is an input chunk, unchanged.
    expect(chunkBytesOf(outDir).sort()).toEqual(inDirs.flatMap(chunkBytesOf).sort())
    // Inputs untouched, no leftovers.
    expect(readdirSync(db).sort()).toEqual([...metas.map((m) => m.ulid), out.ulid].sort())
    // promtool: the compacted block dumps exactly like the three inputs together.
    expectSameDump(await promtoolDump(scratch, [outDir]), await promtoolDump(scratch, inDirs), 5000)
    const analyze = await promtoolAnalyze(scratch, outDir)
    expect(analyze).toContain(`Series: ${expected.size}`)
  })

  it("deduplicates overlapping blocks (vertical compaction) into chunks of at most 120 samples", async () => {
    const db = freshDir()
    // Block 1: every 15 s over [0, 2h). Block 2: [1h, 3h): every 15 s on the same grid (same
    // values: true duplicates) plus points 7.5 s off the grid, interleaving with block 1.
    const v = (t: number) => Math.sin(t / 1e6) * 100
    const first: TestSeries[] = [
      { labels: { __name__: "m", k: "1" }, samples: samples(base, base + 2 * h, 15_000, v) },
      { labels: { __name__: "m", k: "2" }, samples: samples(base, base + 2 * h, 30_000, (_t, i) => i) }
    ]
    const second: TestSeries[] = [
      {
        labels: { __name__: "m", k: "1" },
        samples: [
          ...samples(base + h, base + 3 * h, 15_000, v),
          ...samples(base + h + 7_500, base + 3 * h, 15_000, v)
        ].sort((a, b) => a[0] - b[0])
      },
      { labels: { __name__: "m", k: "3" }, samples: samples(base + h, base + 3 * h, 60_000, (_t, i) => -i) }
    ]
    const m1 = makeBlock(db, first, { minTime: base, maxTime: base + 2 * h })
    const m2 = makeBlock(db, second, { minTime: base + h, maxTime: base + 3 * h })
    const inDirs = [join(db, m1.ulid), join(db, m2.ulid)]
    const out = compactBlocks(db, inDirs, { durable: false })
    if (out === undefined) throw new Error("expected a block")
    const outDir = join(db, out.ulid)
    const got = readBlock(outDir)
    expect(sortedEntries(got.series)).toEqual(sortedEntries(union([first, second])))
    expect(Math.max(...got.chunkSizes)).toBeLessThanOrEqual(120)
    const k1 = got.series.get(labelsKey(["__name__", "m", "k", "1"])) ?? []
    // On-grid [0, 3h) once each (the [1h, 2h) duplicates dropped) plus 480 off-grid points.
    expect(k1.length).toBe(720 + 480)
    expect(out.minTime).toBe(base)
    expect(out.maxTime).toBe(base + 3 * h)
    expectSameDump(await promtoolDump(scratch, [outDir]), await promtoolDump(scratch, inDirs), 1500)
    await promtoolAnalyze(scratch, outDir)
  })

  it("keeps the sample of the most recently written block on duplicate timestamps", () => {
    const db = freshDir()
    const older = makeBlock(db, [
      { labels: { __name__: "x" }, samples: samples(base, base + 600_000, 60_000, () => 1) }
    ])
    const newer = makeBlock(db, [
      { labels: { __name__: "x" }, samples: samples(base + 300_000, base + 900_000, 60_000, () => 2) }
    ])
    expect(newer.ulid > older.ulid).toBe(true)
    // The order of the arguments does not matter.
    const out = compactBlocks(db, [join(db, newer.ulid), join(db, older.ulid)], { durable: false })
    if (out === undefined) throw new Error("expected a block")
    const got = readBlock(join(db, out.ulid)).series.get(labelsKey(["__name__", "x"])) ?? []
    expect(got.map(([t]) => (t - base) / 60_000)).toEqual([...Array(15).keys()])
    expect(got.map((s) => s[1])).toEqual([...Array(15).keys()].map((i) => bitsOf(0, i < 5 ? 1 : 2)[1]))
  })

  it("applies tombstones: deleted samples and fully deleted series are gone, chunks re-encoded", async () => {
    const db = freshDir()
    const inputs = [
      seriesFor(base, base + 2 * h, 4, ["a", "b", "c"]),
      seriesFor(base + 2 * h, base + 4 * h, 5, ["a", "b", "c"])
    ]
    const metas = inputs.map((s, i) =>
      makeBlock(db, s, { minTime: base + i * 2 * h, maxTime: base + (i + 1) * 2 * h })
    )
    const inDirs = metas.map((m) => join(db, m.ulid))
    // Part of "a" everywhere (crossing the block boundary), all of "b" in block 2.
    const cut = [base + h + 7_000, base + 3 * h + 1]
    expect(
      deleteSeries(inDirs[0], [equalMatcher("__name__", "a")], cut[0], cut[1], { durable: false }).series
    ).toBe(1)
    expect(
      deleteSeries(inDirs[1], [equalMatcher("__name__", "a")], cut[0], cut[1], { durable: false }).series
    ).toBe(1)
    deleteSeries(inDirs[1], [equalMatcher("__name__", "b")], 0, base * 2, { durable: false })
    const before = await promtoolDump(scratch, inDirs)
    const out = compactBlocks(db, inDirs, { durable: false })
    if (out === undefined) throw new Error("expected a block")
    const outDir = join(db, out.ulid)
    const got = readBlock(outDir).series
    const expected = union(inputs)
    const aKey = labelsKey(["__name__", "a", "instance", "host-0", "job", "node"])
    expected.set(
      aKey,
      (expected.get(aKey) ?? []).filter(([t]) => t < cut[0] || t > cut[1])
    )
    const bKey = labelsKey(["__name__", "b", "instance", "host-1", "job", "node"])
    expected.set(
      bKey,
      (expected.get(bKey) ?? []).filter(([t]) => t < base + 2 * h)
    )
    expect(sortedEntries(got)).toEqual(sortedEntries(expected))
    expect(BlockReader.openSync(outDir).tombstones).toEqual([])
    expect(out.stats.numTombstones).toBeUndefined()
    expectSameDump(await promtoolDump(scratch, [outDir]), before, 1800)
  })

  it("returns undefined and writes nothing when every sample is deleted", () => {
    const db = freshDir()
    const m = makeBlock(db, seriesFor(base, base + h, 6, ["a", "b"]))
    deleteSeries(join(db, m.ulid), [], base - 1, base + h, { durable: false })
    expect(compactBlocks(db, [join(db, m.ulid)], { durable: false })).toBeUndefined()
    expect(readdirSync(db)).toEqual([m.ulid])
  })

  it("levels: output level is the highest input level + 1, sources are the union", () => {
    const db = freshDir()
    const a = makeBlock(db, seriesFor(base, base + 2 * h, 7, ["a"]), { minTime: base, maxTime: base + 2 * h })
    const b = makeBlock(db, seriesFor(base + 2 * h, base + 4 * h, 8, ["a"]), {
      minTime: base + 2 * h,
      maxTime: base + 4 * h
    })
    const ab = compactBlocks(db, [join(db, a.ulid), join(db, b.ulid)], { durable: false })
    const c = makeBlock(db, seriesFor(base + 4 * h, base + 6 * h, 9, ["a"]), {
      minTime: base + 4 * h,
      maxTime: base + 6 * h
    })
    if (ab === undefined) throw new Error("expected a block")
    const abc = compactBlocks(db, [join(db, ab.ulid), join(db, c.ulid)], { durable: false })
    expect(abc?.compaction.level).toBe(3)
    expect(abc?.compaction.sources).toEqual([a.ulid, b.ulid, c.ulid].sort())
    expect(abc?.compaction.parents?.map((p) => p.ulid)).toEqual([ab.ulid, c.ulid])
  })

  it("compacts promtool's two fixture blocks into one that promtool dumps exactly as dump.txt", async () => {
    const db = freshDir()
    const names = readdirSync(join(fixtures, "data")).sort()
    for (const n of names) cpSync(join(fixtures, "data", n), join(db, n), { recursive: true })
    const out = compactBlocks(
      db,
      names.map((n) => join(db, n)),
      { durable: false }
    )
    if (out === undefined) throw new Error("expected a block")
    const outDir = join(db, out.ulid)
    expect(out.minTime).toBe(1672534800000)
    expect(out.maxTime).toBe(1672543785001)
    expect(out.stats).toEqual({ numSamples: 1782 + 2849, numSeries: 10, numChunks: 15 + 24 })
    expect(out.compaction.sources).toEqual(names)
    expectSameDump(
      await promtoolDump(scratch, [outDir]),
      readFileSync(join(fixtures, "dump.txt"), "utf8"),
      4600
    )
    await promtoolAnalyze(scratch, outDir)
    // The fixtures do not overlap: their chunks (legacy trailing byte included) are copied as is.
    expect(chunkBytesOf(outDir).sort()).toEqual(names.flatMap((n) => chunkBytesOf(join(db, n))).sort())
  })

  it("a failure mid-compaction leaves the inputs intact and no block, visible or temporary", () => {
    const db = freshDir()
    const inputs = [
      seriesFor(base, base + 2 * h, 10, ["a", "b", "c"]),
      seriesFor(base + h, base + 3 * h, 11, ["a", "b", "c"])
    ]
    const metas = inputs.map((s) => makeBlock(db, s))
    const inDirs = metas.map((m) => join(db, m.ulid))
    // Damage the last chunk record's CRC of the second block: reading it fails late in the run.
    const seg = join(inDirs[1], "chunks", "000001")
    const bytes = readFileSync(seg)
    bytes[bytes.length - 1] ^= 0xff
    writeFileSync(seg, bytes)
    const snapshot = () =>
      readdirSync(db)
        .sort()
        .map((n) => [n, readdirSync(join(db, n)).sort().join(",")].join(":"))
    const before = snapshot()
    expect(() => compactBlocks(db, inDirs, { durable: false })).toThrow(/checksum|CRC|crc/)
    expect(snapshot()).toEqual(before)
    expect(readFileSync(seg)).toEqual(bytes)
    expect(existsSync(join(inDirs[0], "meta.json"))).toBe(true)
  })
})
