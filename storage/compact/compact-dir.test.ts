import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { equalMatcher } from "../labels/matcher.ts"
import { applyRetention, compactDir, loadBlocks } from "./compact-dir.ts"
import { compactBlocks } from "./compactor.ts"
import { compactionRanges, hourMs } from "./planner.ts"
import { bitsOf, makeBlock, promtoolDump, readBlock, type Sample } from "./testing.ts"
import { deleteSeries } from "./tombstones-edit.ts"

const scratch = mkdtempSync(join(tmpdir(), "vesta-compactdir-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
let dirs = 0
const freshDir = () => {
  const d = join(scratch, `db${++dirs}`)
  mkdirSync(d)
  return d
}

const h = hourMs
const base = Math.floor(1_700_000_000_000 / (54 * h)) * 54 * h
const ranges = compactionRanges(2 * h, 18 * h) // 2h, 6h, 18h

/** Ten 2h blocks over [base, base + 20h), two series sampled every minute. */
const tenBlocks = (db: string) => {
  for (let i = 0; i < 10; i++) {
    const from = base + i * 2 * h
    const s = (k: number): Sample[] =>
      Array.from({ length: 120 }, (_, j) =>
        bitsOf(from + j * 60_000, k === 0 ? i * 120 + j : Math.cos(j + i))
      )
    makeBlock(
      db,
      [
        { labels: { __name__: "c", i: "0" }, samples: s(0) },
        { labels: { __name__: "g", i: "1" }, samples: s(1) }
      ],
      { minTime: from, maxTime: from + 2 * h }
    )
  }
}

const ranged = (db: string) =>
  loadBlocks(db).map((b) => [
    (b.meta.minTime - base) / h,
    (b.meta.maxTime - base) / h,
    b.meta.compaction.level
  ])

const allDirs = (db: string) => loadBlocks(db).map((b) => b.dir)

describe("compactDir", () => {
  it("levels ten 2h blocks into one 18h block and the newest 2h block; promtool sees the same data", async () => {
    const db = freshDir()
    tenBlocks(db)
    const before = await promtoolDump(scratch, allDirs(db))
    expect(before.split("\n").length).toBe(2401)
    const r = compactDir(db, { ranges, durable: false })
    expect(r.removedRedundant).toEqual([])
    expect(r.steps.map((s) => s.from.length)).toEqual([3, 3, 3, 3])
    expect(ranged(db)).toEqual([
      [0, 18, 3],
      [18, 20, 1]
    ])
    expect(readdirSync(db).length).toBe(2)
    expect(await promtoolDump(scratch, allDirs(db))).toBe(before)
    // Nothing more to do.
    expect(compactDir(db, { ranges, durable: false }).steps).toEqual([])
  })

  it("recovers from a crash between writing the output and deleting the inputs", async () => {
    const db = freshDir()
    tenBlocks(db)
    const before = await promtoolDump(scratch, allDirs(db))
    const first3 = loadBlocks(db).slice(0, 3)
    // The crashed run: output written, inputs still there.
    const out = compactBlocks(
      db,
      first3.map((b) => b.dir),
      { durable: false }
    )
    expect(loadBlocks(db).length).toBe(11)
    const r = compactDir(db, { ranges, durable: false })
    expect(r.removedRedundant).toEqual(first3.map((b) => b.meta.ulid).sort())
    expect(r.steps[0].from).not.toContain(first3[0].meta.ulid)
    expect(r.steps.flatMap((s) => s.from)).toContain(out?.ulid)
    expect(ranged(db)).toEqual([
      [0, 18, 3],
      [18, 20, 1]
    ])
    expect(await promtoolDump(scratch, allDirs(db))).toBe(before)
  })

  it("drops deleted data while levelling (a wholly deleted block contributes nothing)", () => {
    const db = freshDir()
    tenBlocks(db)
    const oldest = loadBlocks(db)[0]
    deleteSeries(oldest.dir, [], Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, { durable: false })
    deleteSeries(loadBlocks(db)[1].dir, [equalMatcher("__name__", "g")], base, base + 4 * h, {
      durable: false
    })
    const r = compactDir(db, { ranges, durable: false })
    // The first 6h window is compacted with the deleted data dropped: [2h, 6h) keeps only "c".
    expect(r.steps[0].from).toContain(oldest.meta.ulid)
    const first = loadBlocks(db)[0]
    const data = readBlock(first.dir).series
    expect(data.get(JSON.stringify(["__name__", "c", "i", "0"]))?.[0]?.[0]).toBe(base + 2 * h)
    expect(data.get(JSON.stringify(["__name__", "g", "i", "1"]))?.[0]?.[0]).toBe(base + 4 * h)
  })
})

describe("applyRetention", () => {
  it("deletes the blocks older than the retention time, then by size", () => {
    const db = freshDir()
    tenBlocks(db)
    // Newest maxTime is base+20h; blocks ending more than 9h before it go: [0,2) … [8,10).
    const gone = applyRetention(db, { timeMs: 9 * h })
    expect(gone.map((g) => g.reason)).toEqual(["time", "time", "time", "time", "time"])
    expect(ranged(db).map(([a]) => a)).toEqual([10, 12, 14, 16, 18])
    const sizes = loadBlocks(db).map((b) => readdirSync(b.dir).length)
    expect(sizes.length).toBe(5)
    // A limit of one byte keeps nothing.
    expect(applyRetention(db, { sizeBytes: 1 }).length).toBe(5)
    expect(readdirSync(db)).toEqual([])
  })
})
