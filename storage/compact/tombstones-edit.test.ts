import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { parseBlockMeta } from "../blocks/block-meta.ts"
import { decodeTombstones } from "../blocks/tombstones.ts"
import { equalMatcher, Matcher } from "../labels/matcher.ts"
import { compactBlocks } from "./compactor.ts"
import { bitsOf, labelsKey, makeBlock, promtoolDump, readBlock, type Sample } from "./testing.ts"
import { cleanTombstones, deleteSeries, mergeIntervals } from "./tombstones-edit.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const scratch = mkdtempSync(join(tmpdir(), "vesta-tombstones-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => {
  const d = join(scratch, `db${++dirs}`)
  mkdirSync(d)
  return d
}

const matcher = (type: "=" | "!=" | "=~" | "!~", name: string, value: string): Matcher => {
  const m = Matcher.make(type, name, value)
  if (m instanceof Matcher) return m
  throw m
}

const tombstonesOf = (dir: string) => decodeTombstones(readFileSync(join(dir, "tombstones")), "tombstones")
const metaOf = (dir: string) => parseBlockMeta(readFileSync(join(dir, "meta.json"), "utf8"), "meta.json")

/** Samples at t = 0, 10, …, 990 (value = t). */
const ramp: Sample[] = Array.from({ length: 100 }, (_, i) => bitsOf(i * 10, i * 10))

const threeSeries = (db: string) =>
  makeBlock(db, [
    { labels: { __name__: "up", job: "a" }, samples: ramp },
    { labels: { __name__: "up", job: "b" }, samples: ramp },
    { labels: { __name__: "other", job: "a" }, samples: ramp.slice(0, 10) }
  ])

describe("mergeIntervals", () => {
  it("joins overlapping and adjacent closed intervals", () => {
    expect(
      mergeIntervals([
        [10, 20],
        [21, 30],
        [5, 12],
        [40, 50],
        [45, 45],
        [52, 60]
      ])
    ).toEqual([
      [5, 30],
      [40, 50],
      [52, 60]
    ])
  })
})

describe("deleteSeries", () => {
  it("adds merged tombstones for matching series with data in the interval, atomically, and counts them in meta.json", () => {
    const db = freshDir()
    const m = threeSeries(db)
    const dir = join(db, m.ulid)
    // "other" has data only up to t=90: the interval misses it.
    expect(deleteSeries(dir, [matcher("=~", "job", "a")], 500, 600, { durable: false })).toEqual({
      series: 1,
      tombstones: 1
    })
    expect(deleteSeries(dir, [equalMatcher("__name__", "up")], 601, 700)).toEqual({
      series: 2,
      tombstones: 2
    })
    expect(deleteSeries(dir, [equalMatcher("job", "b")], 100, 200)).toEqual({ series: 1, tombstones: 3 })
    // No series match / no overlap with the block: nothing changes.
    const before = readFileSync(join(dir, "tombstones"))
    expect(deleteSeries(dir, [equalMatcher("job", "zzz")], 0, 1000)).toEqual({ series: 0, tombstones: 3 })
    expect(deleteSeries(dir, [], 5000, 6000)).toEqual({ series: 0, tombstones: 3 })
    expect(readFileSync(join(dir, "tombstones"))).toEqual(before)
    // Series IDs in index order: other{job=a}, up{job=a}, up{job=b}.
    const ids = tombstonesOf(dir).map((t) => t.seriesId)
    expect(tombstonesOf(dir).map((t) => [t.minTime, t.maxTime])).toEqual([
      [500, 700],
      [100, 200],
      [601, 700]
    ])
    expect(ids[1]).toBe(ids[2])
    expect(metaOf(dir).stats.numTombstones).toBe(3)
    expect(metaOf(dir).stats.numSamples).toBe(210)
    expect(readdirSync(dir).sort()).toEqual(["chunks", "index", "meta.json", "tombstones"])
    const got = readBlock(dir).series
    const ts = (k: string[]) => (got.get(labelsKey(k)) ?? []).map(([t]) => t)
    expect(ts(["__name__", "up", "job", "a"])).toEqual(ramp.map(([t]) => t).filter((t) => t < 500 || t > 700))
    expect(ts(["__name__", "up", "job", "b"])).toEqual(
      ramp.map(([t]) => t).filter((t) => (t < 100 || t > 200) && (t < 601 || t > 700))
    )
    expect(ts(["__name__", "other", "job", "a"]).length).toBe(10)
  })

  it("promtool honours the tombstones written: dump = fixture dump minus the deleted samples", async () => {
    const db = freshDir()
    const names = readdirSync(join(fixtures, "data")).sort()
    for (const n of names) cpSync(join(fixtures, "data", n), join(db, n), { recursive: true })
    const from = 1672536000000 // 01:20:00
    const to = 1672540200000 // 02:30:00, in block 2
    for (const n of names) {
      deleteSeries(
        join(db, n),
        [equalMatcher("__name__", "http_requests_total"), matcher("!=", "code", "200")],
        from,
        to
      )
      deleteSeries(
        join(db, n),
        [matcher("=~", "room", "gar.*")],
        Number.NEGATIVE_INFINITY,
        Number.POSITIVE_INFINITY
      )
    }
    const expected = readFileSync(join(fixtures, "dump.txt"), "utf8")
      .split("\n")
      .filter((line) => {
        if (line.startsWith('{__name__="room_temperature_celsius", room="garage"}')) return false
        if (!line.startsWith('{__name__="http_requests_total", code="500"')) return true
        const t = Number(line.slice(line.lastIndexOf(" ") + 1))
        return t < from || t > to
      })
      .join("\n")
    expect(expected.split("\n").length).toBeLessThan(4631 - 600 - 200)
    const dirsNow = names.map((n) => join(db, n))
    expect(await promtoolDump(scratch, dirsNow)).toBe(expected)
    // Compacting the two blocks drops the deleted data, and promtool agrees.
    const out = compactBlocks(db, dirsNow, { durable: false })
    expect(await promtoolDump(scratch, [join(db, out?.ulid ?? "?")])).toBe(expected)
    expect(out?.stats.numSeries).toBe(9)
  })
})

describe("cleanTombstones", () => {
  it("rewrites the block without deleted data: new ULID, same level and sources, parent = old block", async () => {
    const db = freshDir()
    const m = threeSeries(db)
    const dir = join(db, m.ulid)
    expect(cleanTombstones(dir)).toEqual({ kind: "unchanged" })
    deleteSeries(dir, [equalMatcher("job", "b")], 0, 10_000, { durable: false })
    deleteSeries(dir, [equalMatcher("__name__", "up")], 0, 495, { durable: false })
    const dumped = await promtoolDump(scratch, [dir])
    const r = cleanTombstones(dir, { durable: false })
    if (r.kind !== "rewritten") throw new Error(`expected a rewrite, got ${r.kind}`)
    expect(r.meta.ulid).not.toBe(m.ulid)
    expect(r.meta.compaction).toEqual({
      level: 1,
      sources: [m.ulid],
      parents: [{ ulid: m.ulid, minTime: m.minTime, maxTime: m.maxTime }]
    })
    expect(r.meta.minTime).toBe(m.minTime)
    expect(r.meta.maxTime).toBe(m.maxTime)
    expect(r.meta.stats).toEqual({ numSamples: 50 + 10, numSeries: 2, numChunks: 2 })
    const newDir = join(db, r.meta.ulid)
    expect(tombstonesOf(newDir)).toEqual([])
    expect(existsSync(dir)).toBe(true) // the caller deletes the old block
    expect(dumped.split("\n").length).toBe(61)
    expect(await promtoolDump(scratch, [newDir])).toBe(dumped)
    // Everything deleted → no block.
    deleteSeries(newDir, [], 0, 10_000, { durable: false })
    expect(cleanTombstones(newDir, { durable: false })).toEqual({ kind: "emptied" })
    expect(readdirSync(db).sort()).toEqual([m.ulid, r.meta.ulid].sort())
  })
})
