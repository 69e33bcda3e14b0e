import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync
} from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { runTool } from "../../test/support/run-tool.ts"
import type { BlockMeta } from "../blocks/block-meta.ts"
import { openBlocks } from "../blocks/block-queryable.ts"
import { compactBlocks } from "./compactor.ts"
import {
  blockSizeBytes,
  blocksBeyondRetention,
  deleteBlock,
  type RetentionBlock,
  removeTmpDirs
} from "./retention.ts"
import { bitsOf, makeBlock } from "./testing.ts"

const fixtures = join(import.meta.dirname, "../../../shared/fixtures/prom-blocks")
const scratch = mkdtempSync(join(tmpdir(), "vesta-retention-"))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const h = 3600_000

/** Block `name` over [minH, maxH) hours of `size` bytes. */
const b = (name: string, minH: number, maxH: number, size = 100): RetentionBlock => ({
  dir: `/data/${name}`,
  meta: {
    ulid: name,
    minTime: minH * h,
    maxTime: maxH * h,
    stats: {},
    compaction: { level: 1, sources: [name] },
    version: 1
  } as BlockMeta,
  sizeBytes: size
})

const blocks = [b("A", 0, 2, 10), b("B", 2, 4, 20), b("C", 4, 6, 30), b("D", 6, 8, 40), b("E", 8, 10, 50)]
const names = (v: ReturnType<typeof blocksBeyondRetention>) => v.map((x) => `${x.ulid}:${x.reason}`)

describe("blocksBeyondRetention", () => {
  it("time: blocks whose maxTime is more than the retention behind the newest maxTime", () => {
    expect(names(blocksBeyondRetention(blocks, { timeMs: 5 * h }))).toEqual(["A:time", "B:time"])
    // Exactly the retention behind is kept.
    expect(names(blocksBeyondRetention(blocks, { timeMs: 6 * h }))).toEqual(["A:time"])
    expect(names(blocksBeyondRetention(blocks, { timeMs: 100 * h }))).toEqual([])
    // The newest block is never deleted by time, however short the retention.
    expect(names(blocksBeyondRetention(blocks, { timeMs: 1 }))).toEqual([
      "A:time",
      "B:time",
      "C:time",
      "D:time"
    ])
    // Input order does not matter.
    expect(names(blocksBeyondRetention([...blocks].reverse(), { timeMs: 5 * h }))).toEqual([
      "A:time",
      "B:time"
    ])
  })

  it("size: oldest blocks go once newest-first running total exceeds the limit", () => {
    // 50 + 40 = 90, + 30 = 120 > 100: C and everything older.
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 100 }))).toEqual(["A:size", "B:size", "C:size"])
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 150 }))).toEqual([])
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 149 }))).toEqual(["A:size"])
    // WAL bytes count first (20 + 50 + 40 > 100).
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 100, extraBytes: 20 }))).toEqual([
      "A:size",
      "B:size",
      "C:size",
      "D:size"
    ])
    // The newest block itself can go.
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 40 })).length).toBe(5)
    expect(names(blocksBeyondRetention(blocks, { sizeBytes: 100, extraBytes: 60 })).length).toBe(5)
  })

  it("both rules: each block once, time named first; zero or negative limits disable a rule", () => {
    expect(names(blocksBeyondRetention(blocks, { timeMs: 5 * h, sizeBytes: 100 }))).toEqual([
      "A:time",
      "B:time",
      "C:size"
    ])
    expect(blocksBeyondRetention(blocks, { timeMs: 0, sizeBytes: -1 })).toEqual([])
    expect(blocksBeyondRetention([], { timeMs: 1, sizeBytes: 1 })).toEqual([])
  })
})

describe("blockSizeBytes", () => {
  it("is the byte count promtool tsdb list reports (chunks, index, tombstones, meta.json)", async () => {
    const list = readFileSync(join(fixtures, "list.txt"), "utf8").trim().split("\n").slice(1)
    for (const line of list) {
      const cols = line.split(/\s+/)
      expect(blockSizeBytes(join(fixtures, "data", cols[0]))).toBe(Number(cols[7]))
    }
    // And for a block we wrote, against promtool itself.
    const db = mkdtempSync(join(scratch, "db-"))
    for (const n of readdirSync(join(fixtures, "data")))
      cpSync(join(fixtures, "data", n), join(db, n), { recursive: true })
    const out = compactBlocks(
      db,
      readdirSync(db).map((n) => join(db, n)),
      { durable: false }
    )
    const only = mkdtempSync(join(scratch, "only-"))
    cpSync(join(db, out?.ulid ?? "?"), join(only, out?.ulid ?? "?"), { recursive: true })
    const r = await runTool("promtool", ["tsdb", "list", only])
    expect(r.code).toBe(0)
    const row = r.stdout.trim().split("\n")[1].split(/\s+/)
    expect(row[0]).toBe(out?.ulid)
    expect(blockSizeBytes(join(only, row[0]))).toBe(Number(row[7]))
  })
})

describe("deleteBlock / removeTmpDirs", () => {
  it("removes the block; a crash between rename and removal leaves only a skipped .tmp-for-deletion", async () => {
    const db = mkdtempSync(join(scratch, "del-"))
    const s = (k: string) => [{ labels: { __name__: k }, samples: [bitsOf(1000, 1), bitsOf(2000, 2)] }]
    const m1 = makeBlock(db, s("a"))
    const m2 = makeBlock(db, s("b"))
    const m3 = makeBlock(db, s("c"))
    deleteBlock(join(db, m1.ulid))
    expect(readdirSync(db).sort()).toEqual([m2.ulid, m3.ulid].sort())
    // Crash after the rename: the block is no longer loaded; start-up cleanup removes it.
    renameSync(join(db, m2.ulid), join(db, `${m2.ulid}.tmp-for-deletion`))
    mkdirSync(join(db, `${m3.ulid.slice(0, 25)}Z.tmp-for-creation`))
    mkdirSync(join(db, "wal"))
    const loaded = await openBlocks(db)
    expect(loaded.map((r) => r.meta.ulid)).toEqual([m3.ulid])
    for (const r of loaded) r.close()
    expect(removeTmpDirs(db).length).toBe(2)
    expect(readdirSync(db).sort()).toEqual([m3.ulid, "wal"].sort())
    // Deleting a block whose earlier deletion crashed half-way also works.
    mkdirSync(join(db, `${m3.ulid}.tmp-for-deletion`))
    deleteBlock(join(db, m3.ulid))
    expect(existsSync(join(db, m3.ulid))).toBe(false)
    expect(readdirSync(db)).toEqual(["wal"])
  })
})
