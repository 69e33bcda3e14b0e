import { describe, expect, it } from "vitest"
import type { BlockMeta } from "../blocks/block-meta.ts"
import {
  compactionRanges,
  dayMs,
  defaultMaxBlockDurationMs,
  hourMs,
  type PlanBlock,
  planCompaction
} from "./planner.ts"

const h = hourMs

/** A block named `name` over [minH, maxH) hours, with optional stats and flags. */
const b = (
  name: string,
  minH: number,
  maxH: number,
  extra: { series?: number; tombstones?: number; failed?: boolean } = {}
): PlanBlock => ({
  dir: name,
  meta: {
    ulid: name,
    minTime: minH * h,
    maxTime: maxH * h,
    stats: { numSeries: extra.series ?? 100, numTombstones: extra.tombstones },
    compaction: { level: 1, sources: [name], failed: extra.failed },
    version: 1
  } as BlockMeta
})

describe("compactionRanges / defaultMaxBlockDurationMs", () => {
  it("are 2h × 3^k capped by min(31d, retention/10)", () => {
    expect(compactionRanges().map((r) => r / h)).toEqual([2, 6, 18, 54, 162, 486])
    // Default retention 15d → max 36h.
    expect(defaultMaxBlockDurationMs(15 * dayMs) / h).toBe(36)
    expect(compactionRanges(2 * h, defaultMaxBlockDurationMs(15 * dayMs)).map((r) => r / h)).toEqual([
      2, 6, 18
    ])
    expect(defaultMaxBlockDurationMs(365 * dayMs)).toBe(31 * dayMs)
    expect(defaultMaxBlockDurationMs()).toBe(31 * dayMs)
    // Ten steps at most.
    expect(compactionRanges(1, Number.MAX_SAFE_INTEGER)).toEqual([
      1, 3, 9, 27, 81, 243, 729, 2187, 6561, 19683
    ])
    // Never fewer than the head's range.
    expect(compactionRanges(2 * h, h)).toEqual([2 * h])
  })
})

const ranges = [2 * h, 6 * h, 18 * h, 54 * h]

describe("planCompaction", () => {
  const cases: ReadonlyArray<{ name: string; blocks: PlanBlock[]; want: string[] }> = [
    { name: "no blocks", blocks: [], want: [] },
    { name: "one block", blocks: [b("A", 0, 2)], want: [] },
    {
      name: "two 2h blocks: the newest is left out",
      blocks: [b("A", 0, 2), b("B", 2, 4)],
      want: []
    },
    {
      name: "three 2h blocks fill [0, 6h) with the newest left out: not yet",
      blocks: [b("A", 0, 2), b("B", 2, 4), b("C", 4, 6)],
      want: []
    },
    {
      name: "a full 6h window behind the newest block",
      blocks: [b("A", 0, 2), b("B", 2, 4), b("C", 4, 6), b("D", 6, 8)],
      want: ["A", "B", "C"]
    },
    {
      name: "an incomplete window that lies before the newest considered block",
      blocks: [b("A", 0, 2), b("B", 2, 4), b("D", 6, 8), b("E", 8, 10)],
      want: ["A", "B"]
    },
    {
      name: "input order does not matter",
      blocks: [b("D", 6, 8), b("B", 2, 4), b("A", 0, 2), b("C", 4, 6)],
      want: ["A", "B", "C"]
    },
    {
      name: "an unaligned first block waits until its window is behind the newest considered block",
      blocks: [b("A", 1, 2), b("B", 2, 4), b("C", 4, 6), b("D", 6, 8)],
      want: []
    },
    {
      name: "… and then groups by its aligned window",
      blocks: [b("A", 1, 2), b("B", 2, 4), b("C", 4, 6), b("D", 6, 8), b("E", 8, 10)],
      want: ["A", "B", "C"]
    },
    {
      name: "18h window from three 6h blocks",
      blocks: [b("A", 0, 6), b("B", 6, 12), b("C", 12, 18), b("D", 18, 20)],
      want: ["A", "B", "C"]
    },
    {
      name: "already compacted 6h blocks with the 18h window still open: nothing",
      blocks: [b("A", 0, 6), b("B", 6, 12), b("C", 12, 14)],
      want: []
    },
    {
      name: "a block straddling a window boundary is not a candidate at that range",
      blocks: [b("A", 4, 8), b("B", 8, 10), b("C", 10, 12), b("D", 12, 14), b("E", 14, 16)],
      want: ["B", "C"]
    },
    {
      name: "overlapping blocks come first and include the newest",
      blocks: [b("A", 0, 2), b("B", 2, 4), b("C", 4, 6), b("D", 6, 8), b("E", 7, 9)],
      want: ["D", "E"]
    },
    {
      name: "overlap group is transitive",
      blocks: [b("A", 0, 3), b("B", 2, 5), b("C", 4, 6), b("D", 6, 8)],
      want: ["A", "B", "C"]
    },
    {
      name: "touching blocks (maxTime = next minTime) do not overlap",
      blocks: [b("A", 0, 2), b("B", 2, 4)],
      want: []
    },
    {
      name: "a failed block keeps its window out of level compaction",
      blocks: [
        b("A", 0, 2),
        b("B", 2, 4, { failed: true }),
        b("C", 4, 6),
        b("D", 6, 8),
        b("E", 8, 10),
        b("F", 10, 12),
        b("G", 12, 14)
      ],
      want: ["D", "E", "F"]
    },
    {
      name: "big block with > 5% tombstones is rewritten alone",
      blocks: [b("A", 0, 18, { series: 100, tombstones: 6 }), b("B", 18, 20)],
      want: ["A"]
    },
    {
      name: "5% exactly (5/(99+1)) is not enough",
      blocks: [b("A", 0, 18, { series: 99, tombstones: 5 }), b("B", 18, 20)],
      want: []
    },
    {
      name: "small block with many tombstones is left alone",
      blocks: [b("A", 0, 2, { series: 100, tombstones: 50 }), b("B", 2, 4)],
      want: []
    },
    {
      name: "a block whose every series has a tombstone is rewritten whatever its size",
      blocks: [b("A", 0, 2, { series: 10, tombstones: 10 }), b("B", 2, 4)],
      want: ["A"]
    },
    {
      name: "level compaction wins over tombstone rewrite",
      blocks: [b("A", 0, 2, { series: 10, tombstones: 10 }), b("B", 2, 4), b("C", 4, 6), b("D", 6, 8)],
      want: ["A", "B", "C"]
    },
    {
      name: "the newest block's tombstones wait",
      blocks: [b("A", 0, 2), b("B", 2, 20, { series: 10, tombstones: 10 })],
      want: []
    }
  ]
  for (const c of cases)
    it(c.name, () => {
      expect(planCompaction(c.blocks, { ranges })).toEqual(c.want)
    })

  it("needs at least one range", () => {
    expect(() => planCompaction([], { ranges: [] })).toThrow(/range/)
  })
})
