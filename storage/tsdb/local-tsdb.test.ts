import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { compactBlocks } from "../compact/compactor.ts"
import { Head } from "../head/head.ts"
import { LocalTsdb } from "./local-tsdb.ts"

const hour = 3600_000
const dirs: string[] = []
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), "vesta-localtsdb-"))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const open = (dir: string) =>
  new LocalTsdb(dir, new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 0 }), {
    blockRangeMs: 2 * hour,
    durable: false
  })

const fill = (db: LocalTsdb, from: number, to: number, stepMs: number) => {
  let seq = 0
  for (let t = from; t <= to; t += stepMs) {
    expect(db.head.append(["__name__", "m", "i", "1"], t, t / 1000)).toBeUndefined()
    db.noteWalEntry(++seq, t)
  }
  return seq
}

const count = (db: LocalTsdb, from: number, to: number) =>
  Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* db.queryable.querier(from, to)
        const set = yield* q.select([{ type: "=", name: "__name__", value: "m" }])
        let n = 0
        while (set.next()) {
          const it = set.at().samples()
          while (it.next()) n++
        }
        return n
      })
    )
  )

describe("LocalTsdb", () => {
  it("is not due until the head spans more than 1.5 block ranges", () => {
    const db = open(scratch())
    fill(db, 0, 3 * hour, 60_000)
    expect(db.compactable).toBe(false)
    expect(db.cutBlocks()).toEqual({ blocks: [], purgeUpTo: 0 })
    db.head.append(["__name__", "m", "i", "1"], 3 * hour + 60_000, 1)
    expect(db.compactable).toBe(true)
    db.close()
  })

  it("cuts aligned ranges, truncates the head, purges the WAL behind the floor, reads across", () => {
    const dir = scratch()
    const db = open(dir)
    const last = fill(db, 30 * 60_000, 7 * hour, 60_000) // 0:30 .. 7:00
    const { blocks, purgeUpTo } = db.cutBlocks()
    // Head 0:30..7:00 spans 6.5h: cut [0,2h), [2h,4h); then 4h..7h is 3h, not more than 3h.
    expect(blocks.map((b) => [b.minTime, b.maxTime])).toEqual([
      [0, 2 * hour],
      [2 * hour, 4 * hour]
    ])
    expect(blocks.map((b) => b.stats.numSamples)).toEqual([90, 120])
    expect(db.floor).toBe(4 * hour)
    expect(db.head.minTime).toBe(4 * hour)
    // Entries are one sample each, in time order: every entry before 4h may go.
    expect(purgeUpTo).toBe(210)
    expect(db.walPurgePoint()).toBe(0)
    expect(count(db, 0, 8 * hour)).toBe(last)
    db.close()
    // Reopened: blocks found again; the floor survives.
    const again = open(dir)
    expect(again.blocks.map((b) => b.meta.minTime)).toEqual([0, 2 * hour])
    expect(again.floor).toBe(4 * hour)
    again.close()
  })

  it("keeps WAL entries that still hold samples at or after the floor", () => {
    const db = open(scratch())
    fill(db, 0, 5 * hour, 60_000)
    db.noteWalEntry(10_000, 5 * hour) // a late entry
    const before = db.walPurgePoint()
    expect(before).toBe(0) // floor is -inf before any block
    const { purgeUpTo } = db.cutBlocks()
    expect(purgeUpTo).toBe(120) // entries 1..120 hold 0..1:59
    db.close()
  })

  it("removes half-written and half-deleted block directories at open", () => {
    const dir = scratch()
    mkdirSync(join(dir, "01ARZ3NDEKTSV4RRFFQ69G5FAV.tmp-for-creation", "chunks"), { recursive: true })
    mkdirSync(join(dir, "01ARZ3NDEKTSV4RRFFQ69G5FAW.tmp-for-deletion"), { recursive: true })
    mkdirSync(join(dir, "wal"))
    const db = open(dir)
    expect(readdirSync(dir).sort()).toEqual(["wal"])
    expect(db.blocks).toEqual([])
    db.close()
  })

  it("compacts three 2h blocks into a 6h block, then retention drops old blocks", () => {
    const dir = scratch()
    const db = open(dir)
    const last = fill(db, 0, 13 * hour, 60_000)
    db.cutBlocks() // [0,2h) .. [8h,10h): 5 blocks; head keeps 10h..13h
    expect(db.blocks.length).toBe(5)
    const ranges = [2 * hour, 6 * hour, 18 * hour]
    const step = db.compactOnce(ranges)
    expect(step?.made?.minTime).toBe(0)
    expect(step?.made?.maxTime).toBe(6 * hour)
    expect(step?.made?.compaction.level).toBe(2)
    expect(step?.inputs.length).toBe(3)
    // Inputs are gone from disk and from the set; the data reads the same.
    expect(readdirSync(dir).filter((n) => step?.inputs.includes(n))).toEqual([])
    expect(db.blocks.map((b) => [b.meta.minTime, b.meta.maxTime])).toEqual([
      [0, 6 * hour],
      [6 * hour, 8 * hour],
      [8 * hour, 10 * hour]
    ])
    expect(count(db, 0, 14 * hour)).toBe(last)
    // [6h,12h) is not complete yet (the newest block is left out of level planning).
    expect(db.compactOnce(ranges)).toBeUndefined()
    db.closeRetired()
    // Time retention of 3h: blocks ending more than 3h before the newest block's end go.
    const gone = db.applyRetention({ timeMs: 3 * hour })
    expect(gone).toEqual([{ ulid: expect.any(String), reason: "time" }])
    expect(db.blocks.map((b) => b.meta.minTime)).toEqual([6 * hour, 8 * hour])
    expect(count(db, 0, 14 * hour)).toBe(last - 360)
    // A block that may not be deleted yet (not shipped) stays.
    expect(db.applyRetention({ sizeBytes: 1 }, () => false)).toEqual([])
    expect(db.applyRetention({ sizeBytes: 1 }).map((g) => g.reason)).toEqual(["size", "size"])
    db.close()
  })

  it("deletes series in head and blocks, keeps them deleted across a replay, cleans tombstones", () => {
    const dir = scratch()
    const db = open(dir)
    for (let t = 0; t <= 5 * hour; t += 60_000) {
      expect(db.head.append(["__name__", "m", "i", "1"], t, t / 1000)).toBeUndefined()
      expect(db.head.append(["__name__", "m", "i", "2"], t, 1)).toBeUndefined()
    }
    db.cutBlocks() // block [0,2h); head 2h..5h
    const before = count(db, 0, 6 * hour)
    const sel = [{ type: "=" as const, name: "i", value: "2" }]
    // Delete i="2" in [1h, 3h]: 60 samples in the block (1h..1:59) + 61 in the head (2h..3h).
    const removed = db.deleteSeries([[...sel, { type: "=", name: "__name__", value: "m" }]], hour, 3 * hour)
    expect(removed).toBe(61)
    expect(count(db, 0, 6 * hour)).toBe(before - 121)
    expect(db.blocks[0].tombstones.length).toBe(1)
    // A fresh head replaying the same samples (as after a crash) gets the deletion again.
    const again = new LocalTsdb(dir, new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 0 }), {
      blockRangeMs: 2 * hour,
      durable: false
    })
    for (let t = 2 * hour; t <= 5 * hour; t += 60_000) {
      again.head.append(["__name__", "m", "i", "1"], t, t / 1000)
      again.head.append(["__name__", "m", "i", "2"], t, 1)
    }
    again.reapplyDeletions()
    expect(count(again, 0, 6 * hour)).toBe(before - 121)
    again.close()
    // clean_tombstones rewrites the block without the deleted samples.
    expect(db.cleanTombstones()).toBe(1)
    expect(db.blocks[0].tombstones.length).toBe(0)
    expect(db.blocks[0].meta.stats.numSamples).toBe(240 - 60)
    expect(count(db, 0, 6 * hour)).toBe(before - 121)
    db.close()
  })

  it("snapshots blocks by hard link plus the head as a block; promtool-shaped names", () => {
    const dir = scratch()
    const db = open(dir)
    const last = fill(db, 0, 5 * hour, 60_000)
    db.cutBlocks()
    const name = db.snapshot(false)
    expect(name).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{16}$/)
    const snap = join(dir, "snapshots", name)
    const copy = new LocalTsdb(snap, new Head(), { blockRangeMs: 2 * hour, durable: false })
    expect(copy.blocks.length).toBe(2)
    expect(count(copy, 0, 6 * hour)).toBe(last)
    copy.close()
    const onlyBlocks = db.snapshot(true)
    expect(readdirSync(join(dir, "snapshots", onlyBlocks)).length).toBe(1)
    db.close()
  })

  it("after a crash between compaction and deleting the inputs, the inputs go at open", () => {
    const dir = scratch()
    const db = open(dir)
    const last = fill(db, 0, 13 * hour, 60_000)
    db.cutBlocks()
    const inputs = db.blocks.slice(0, 3).map((b) => b.dir)
    db.close()
    // The compacted block exists and its inputs are still there (the crash).
    const made = compactBlocks(dir, inputs, { durable: false })
    expect(made).toBeDefined()
    const again = open(dir)
    expect(again.blocks.map((b) => [b.meta.minTime, b.meta.maxTime])).toEqual([
      [0, 6 * hour],
      [6 * hour, 8 * hour],
      [8 * hour, 10 * hour]
    ])
    expect(readdirSync(dir).filter((n) => inputs.some((d) => d.endsWith(n)))).toEqual([])
    expect(count(again, 0, 10 * hour - 1)).toBe(last - (13 * hour - 10 * hour) / 60_000 - 1)
    again.close()
  })
})
