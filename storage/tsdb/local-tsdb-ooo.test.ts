import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { Head } from "../head/head.ts"
import { LocalTsdb, outOfOrderHint } from "./local-tsdb.ts"

const hour = 3600_000
const minute = 60_000
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const open = (dir: string) =>
  new LocalTsdb(dir, new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 4 * hour }), {
    blockRangeMs: 2 * hour,
    durable: false
  })

const m = ["__name__", "m"]

const read = (db: LocalTsdb) =>
  Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* db.queryable.querier(0, 100 * hour)
        const set = yield* q.select([{ type: "=", name: "__name__", value: "m" }])
        const out: Array<[number, number]> = []
        while (set.next()) {
          const it = set.at().samples()
          while (it.next()) out.push([it.timeMs, it.value])
        }
        return out
      })
    )
  )

describe("LocalTsdb with out-of-order samples", () => {
  it("flushes them into hinted blocks when in-order blocks are cut, keeps the WAL until then, merges by vertical compaction", () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-ooo-"))
    dirs.push(dir)
    const db = open(dir)
    let seq = 0
    const inOrder = (from: number, to: number) => {
      for (let t = from; t <= to; t += 10 * minute) {
        expect(db.head.append(m, t, t / minute)).toBeUndefined()
        db.noteWalEntry(++seq, t)
      }
    }
    inOrder(0, 5 * hour)
    expect(db.cutBlocks().blocks.map((b) => [b.minTime, b.maxTime])).toEqual([[0, 2 * hour]])
    expect(db.floor).toBe(2 * hour)
    // Below the newest block and within the window; and one inside the head's range.
    expect(db.head.append(m, 90 * minute + 30_000, -1)).toBeUndefined()
    expect(db.head.append(m, 3 * hour + 30_000, -2)).toBeUndefined()
    const oooSeq = ++seq
    db.noteWalEntry(oooSeq, 3 * hour + 30_000, true)
    expect(db.head.append(m, 20 * minute, -3)).toBe("too old sample") // older than 5h - 4h
    const expected = [
      ...Array.from({ length: 31 }, (_, i): [number, number] => [i * 10 * minute, i * 10]),
      [90 * minute + 30_000, -1] as [number, number],
      [3 * hour + 30_000, -2] as [number, number]
    ].sort((x, y) => x[0] - y[0])
    expect(read(db)).toEqual(expected)

    inOrder(5 * hour + 10 * minute, 7 * hour)
    const cut = db.cutBlocks()
    // In-order [2h, 4h), then the out-of-order samples in their ranges, hinted.
    expect(cut.blocks.map((b) => [b.minTime, b.maxTime, b.compaction.hints ?? []])).toEqual([
      [2 * hour, 4 * hour, []],
      [0, 2 * hour, [outOfOrderHint]],
      [2 * hour, 4 * hour, [outOfOrderHint]]
    ])
    expect(db.floor).toBe(4 * hour)
    expect(db.head.oooMaxTime).toBe(Number.NEGATIVE_INFINITY)
    expect(db.outOfOrderFlushedSeq).toBe(seq)
    // The WAL goes up to the last entry below the floor (t = 3h50m); the out-of-order entry no
    // longer holds it back once the next in-order entries are below a floor too.
    expect(cut.purgeUpTo).toBe(24)
    const all = [
      ...expected,
      ...Array.from({ length: 12 }, (_, i): [number, number] => [
        5 * hour + (i + 1) * 10 * minute,
        300 + (i + 1) * 10
      ])
    ]
    expect(read(db)).toEqual(all)

    // Vertical compaction merges each hinted block into the in-order block of its range.
    const merged: Array<[number, number]> = []
    for (let r = db.compactOnce([2 * hour]); r !== undefined; r = db.compactOnce([2 * hour]))
      if (r.made) merged.push([r.made.minTime, r.made.maxTime])
    expect(merged).toEqual([
      [0, 2 * hour],
      [2 * hour, 4 * hour]
    ])
    expect(db.blocks.map((b) => [b.meta.minTime, b.meta.maxTime])).toEqual([
      [0, 2 * hour],
      [2 * hour, 4 * hour]
    ])
    expect(read(db)).toEqual(all)
    db.close()
    expect(JSON.parse(readFileSync(join(dir, "out-of-order-flushed.json"), "utf8"))).toEqual({ seq })
    expect(open(dir).outOfOrderFlushedSeq).toBe(seq)
  })

  it("keeps a WAL entry with unflushed out-of-order samples from the purge", () => {
    const dir = mkdtempSync(join(tmpdir(), "vesta-ooo-"))
    dirs.push(dir)
    const db = open(dir)
    db.head.append(m, 5 * hour, 1)
    db.noteWalEntry(1, 5 * hour)
    db.head.append(m, 90 * minute, 2)
    db.noteWalEntry(2, 90 * minute, true)
    db.head.append(m, 5 * hour + minute, 3)
    db.noteWalEntry(3, 5 * hour + minute)
    // Pretend blocks reach far: nothing below entry 2 may go until its sample is in a block.
    expect(db.walPurgePoint()).toBe(0)
    db.close()
  })
})
