/**
 * Head blocks and compaction written in worker threads (cutBlocksAsync + writeBlockInWorker,
 * compactOnceAsync + compactInWorker): the same result as the synchronous paths, and what happens
 * meanwhile is safe: the floor rises as the cut starts, retention and clean_tombstones leave
 * compaction inputs alone, a delete_series reaches the block being written.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import type { BlockMeta } from "../blocks/block-meta.ts"
import { writeBlockInWorker } from "../blocks/block-write-worker.ts"
import { type BlockSeries, writeBlock } from "../blocks/block-writer.ts"
import { compactInWorker } from "../compact/compact-worker.ts"
import { compactBlocks } from "../compact/compactor.ts"
import { Head } from "../head/head.ts"
import { LocalTsdb } from "./local-tsdb.ts"

const hour = 3600_000
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const headOnly = () => {
  const dir = mkdtempSync(join(tmpdir(), "vesta-async-compact-"))
  dirs.push(dir)
  const db = new LocalTsdb(dir, new Head({ chunkRangeMs: 2 * hour, outOfOrderTimeWindowMs: 0 }), {
    blockRangeMs: 2 * hour,
    durable: false
  })
  for (let t = 0; t <= 13 * hour; t += 60_000)
    for (const i of ["1", "2"]) expect(db.head.append(["__name__", "m", "i", i], t, t / 1000)).toBeUndefined()
  return { db, dir }
}

const filled = () => {
  const r = headOnly()
  r.db.cutBlocks()
  expect(r.db.blocks.length).toBe(5)
  return r
}

const count = (db: LocalTsdb, i: string) =>
  Effect.runSync(
    Effect.scoped(
      Effect.gen(function* () {
        const q = yield* db.queryable.querier(0, 20 * hour)
        const set = yield* q.select([{ type: "=", name: "i", value: i }])
        let n = 0
        while (set.next()) {
          const it = set.at().samples()
          while (it.next()) n++
        }
        return n
      })
    )
  )

const ranges = [2 * hour, 6 * hour, 18 * hour]

describe("LocalTsdb.compactOnceAsync", () => {
  it("compacts in a worker thread with the synchronous path's result", async () => {
    const { db } = filled()
    const before = [count(db, "1"), count(db, "2")]
    const step = await db.compactOnceAsync(ranges, compactInWorker)
    expect([step?.made?.minTime, step?.made?.maxTime, step?.made?.compaction.level]).toEqual([0, 6 * hour, 2])
    expect(db.blocks.map((b) => [b.meta.minTime, b.meta.maxTime])).toEqual([
      [0, 6 * hour],
      [6 * hour, 8 * hour],
      [8 * hour, 10 * hour]
    ])
    expect([count(db, "1"), count(db, "2")]).toEqual(before)
    db.close()
  })

  it("keeps inputs from retention and applies a delete_series made meanwhile to the output", async () => {
    const { db, dir } = filled()
    let release: () => void = () => {}
    const gate = new Promise<void>((r) => (release = r))
    // The output is written before the deletion below arrives (as a worker may be well along).
    const run = async (parent: string, inputs: ReadonlyArray<string>, o: { durable?: boolean }) => {
      const made = compactBlocks(parent, inputs, o) as BlockMeta
      await gate
      return made
    }
    const pending = db.compactOnceAsync(ranges, run)
    // A second compaction does not start while one runs.
    expect(await db.compactOnceAsync(ranges, run)).toBeUndefined()
    const inputs = db.blocks.slice(0, 3).map((b) => b.meta.ulid)
    // Retention by time would take every block older than 1h before the newest block's end.
    const fourth = db.blocks[3].meta.ulid
    expect(db.applyRetention({ timeMs: hour }).map((g) => g.ulid)).toEqual([fourth])
    expect(readdirSync(dir).filter((n) => inputs.includes(n)).length).toBe(3)
    db.deleteSeries([[{ type: "=", name: "i", value: "2" }]], 0, 3 * hour)
    release()
    const step = await pending
    expect(step?.inputs).toEqual(inputs)
    // Series 2 lost [0, 3h] in the output as it would have in the inputs.
    expect(count(db, "2")).toBe(count(db, "1") - 181)
    db.close()
  })
})

describe("LocalTsdb.cutBlocksAsync", () => {
  it("writes the same blocks in a worker thread as the synchronous cut", async () => {
    const a = headOnly()
    const b = headOnly()
    const sync = a.db.cutBlocks()
    const async = await b.db.cutBlocksAsync(writeBlockInWorker)
    const shape = (r: typeof sync) => r.blocks.map((m) => [m.minTime, m.maxTime, m.stats])
    expect(shape(async)).toEqual(shape(sync))
    expect(async.purgeUpTo).toBe(sync.purgeUpTo)
    expect([count(b.db, "1"), count(b.db, "2")]).toEqual([count(a.db, "1"), count(a.db, "2")])
    expect(b.db.head.minTime).toBe(a.db.head.minTime)
    a.db.close()
    b.db.close()
  })

  it("raises the floor while a block is written and applies a delete_series made meanwhile", async () => {
    const { db } = headOnly()
    const before = count(db, "1")
    const gates: Array<() => void> = []
    const write = async (
      parent: string,
      series: ReadonlyArray<BlockSeries>,
      bounds: { minTime: number; maxTime: number },
      o: { durable?: boolean }
    ) => {
      const meta = writeBlock(parent, series, bounds, o)
      await new Promise<void>((r) => gates.push(r))
      return meta
    }
    const pending = db.cutBlocksAsync(write)
    await new Promise((r) => setTimeout(r, 10))
    // The first block [0, 2h) is written but not in place: late appends below 2h are refused.
    expect(db.floor).toBe(2 * hour)
    expect(db.blocks.length).toBe(0)
    expect(count(db, "1")).toBe(before) // the head still answers for the range
    db.deleteSeries([[{ type: "=", name: "i", value: "2" }]], 0, hour)
    for (let i = 0; i < 10 && gates.length > 0; i++) {
      gates.shift()?.()
      await new Promise((r) => setTimeout(r, 10))
    }
    const r = await pending
    expect(r.blocks.map((m) => [m.minTime, m.maxTime])).toEqual([
      [0, 2 * hour],
      [2 * hour, 4 * hour],
      [4 * hour, 6 * hour],
      [6 * hour, 8 * hour],
      [8 * hour, 10 * hour]
    ])
    // Series 2 lost [0, 1h] (61 samples) in the block as well as in the head.
    expect(count(db, "2")).toBe(count(db, "1") - 61)
    db.close()
  })
})
