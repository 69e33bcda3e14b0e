/**
 * Chooses the next blocks to compact, following the Prometheus server's planner (behaviour as
 * described in its docs, spec §8 and its issue tracker):
 *
 * 1. Blocks that overlap in time (a block starting before the end of an earlier one) are merged
 *    first: the first group of mutually overlapping blocks, by minTime, is returned whole
 *    (vertical compaction).
 * 2. The newest block (greatest minTime) is then left out, so a block just cut from the head is
 *    not merged at once.
 * 3. Level compaction: for each range after the first (6h, 18h, … by default), blocks are split
 *    into windows aligned to multiples of the range (`[k·R, (k+1)·R)`; a block that does not fit
 *    in one window is not a candidate at that range). The first window holding at least two
 *    blocks that either spans the whole range (first minTime to last maxTime = R) or lies
 *    entirely before the newest considered block's minTime is returned.
 * 4. Otherwise a single block is rewritten to drop deleted data when its tombstones cover all of
 *    its series, or when it spans at least the middle range and its tombstone intervals exceed
 *    5% of its series (`numTombstones / (numSeries + 1) > 0.05`), newest first.
 *
 * Blocks marked `compaction.failed` are never chosen for level compaction. Pure functions; no
 * I/O. An empty result means nothing to do.
 */
import type { BlockMeta } from "../blocks/block-meta.ts"

export const hourMs = 3600_000
export const dayMs = 24 * hourMs

/** Prometheus's minimum block duration (the head's block range). */
export const defaultMinBlockDurationMs = 2 * hourMs

/** Upper bound of the default maximum block duration. */
export const maxBlockDurationCapMs = 31 * dayMs

/** Prometheus's default retention when neither retention flag is set. */
export const defaultRetentionTimeMs = 15 * dayMs

export interface PlanBlock {
  /** The block's directory (returned as given). */
  readonly dir: string
  readonly meta: BlockMeta
}

export interface PlanOptions {
  /** Compaction ranges, ascending, ms; the first is the head's block range. */
  readonly ranges: ReadonlyArray<number>
}

/**
 * The server's default maximum block duration: 31 d, or a tenth of the retention time when that
 * is smaller (a size-only retention keeps 31 d).
 */
export const defaultMaxBlockDurationMs = (retentionTimeMs?: number): number =>
  retentionTimeMs !== undefined && retentionTimeMs > 0
    ? Math.min(maxBlockDurationCapMs, Math.floor(retentionTimeMs / 10))
    : maxBlockDurationCapMs

/**
 * Ranges `min × 3^k` for k = 0 … 9 (2h, 6h, 18h, 54h, 162h, 486h, …), cut before the first one
 * above `maxBlockDurationMs`. The first range is always kept.
 */
export const compactionRanges = (
  minBlockDurationMs: number = defaultMinBlockDurationMs,
  maxBlockDurationMs: number = maxBlockDurationCapMs
): number[] => {
  const out: number[] = []
  let r = minBlockDurationMs
  for (let i = 0; i < 10; i++, r *= 3) {
    if (i > 0 && r > maxBlockDurationMs) break
    out.push(r)
  }
  return out
}

const byMinTime = (a: PlanBlock, b: PlanBlock) =>
  a.meta.minTime - b.meta.minTime || (a.meta.ulid < b.meta.ulid ? -1 : a.meta.ulid > b.meta.ulid ? 1 : 0)

/** The first group (by minTime) of blocks overlapping in time, or [] when none overlap. */
export const overlappingGroup = (sorted: ReadonlyArray<PlanBlock>): PlanBlock[] => {
  let group: PlanBlock[] = []
  let groupMax = Number.NEGATIVE_INFINITY
  for (const b of sorted) {
    if (group.length > 0 && b.meta.minTime < groupMax) {
      group.push(b)
      groupMax = Math.max(groupMax, b.meta.maxTime)
      continue
    }
    if (group.length > 1) return group
    group = [b]
    groupMax = b.meta.maxTime
  }
  return group.length > 1 ? group : []
}

/** Consecutive blocks sharing one aligned window of `range`; blocks wider than their window are skipped. */
const splitByRange = (sorted: ReadonlyArray<PlanBlock>, range: number): PlanBlock[][] => {
  const parts: PlanBlock[][] = []
  let current: PlanBlock[] = []
  let windowStart = Number.NaN
  for (const b of sorted) {
    const t0 = Math.floor(b.meta.minTime / range) * range
    if (b.meta.maxTime > t0 + range) continue
    if (t0 !== windowStart) {
      if (current.length > 0) parts.push(current)
      current = []
      windowStart = t0
    }
    current.push(b)
  }
  if (current.length > 0) parts.push(current)
  return parts
}

const levelGroup = (sorted: ReadonlyArray<PlanBlock>, ranges: ReadonlyArray<number>): PlanBlock[] => {
  if (sorted.length === 0) return []
  const highTime = sorted[sorted.length - 1].meta.minTime
  for (const range of ranges.slice(1)) {
    for (const part of splitByRange(sorted, range)) {
      if (part.length < 2) continue
      if (part.some((b) => b.meta.compaction.failed === true)) continue
      const mint = part[0].meta.minTime
      const maxt = part[part.length - 1].meta.maxTime
      if (maxt - mint === range || maxt <= highTime) return part
    }
  }
  return []
}

const tombstoneRewrite = (sorted: ReadonlyArray<PlanBlock>, ranges: ReadonlyArray<number>): PlanBlock[] => {
  const middle = ranges[Math.floor(ranges.length / 2)] ?? 0
  for (let i = sorted.length - 1; i >= 0; i--) {
    const { stats } = sorted[i].meta
    const tombstones = stats.numTombstones ?? 0
    if (tombstones === 0) continue
    const series = stats.numSeries ?? 0
    if (tombstones === series) return [sorted[i]]
    if (sorted[i].meta.maxTime - sorted[i].meta.minTime < middle) continue
    if (tombstones / (series + 1) > 0.05) return [sorted[i]]
  }
  return []
}

/** Directories of the blocks to compact next (in minTime order), or [] when there is nothing to do. */
export const planCompaction = (blocks: ReadonlyArray<PlanBlock>, opts: PlanOptions): string[] => {
  if (opts.ranges.length === 0) throw new Error("planCompaction: at least one range is needed")
  const sorted = [...blocks].sort(byMinTime)
  const overlapping = overlappingGroup(sorted)
  if (overlapping.length > 0) return overlapping.map((b) => b.dir)
  const older = sorted.slice(0, -1)
  const level = levelGroup(older, opts.ranges)
  if (level.length > 0) return level.map((b) => b.dir)
  return tombstoneRewrite(older, opts.ranges).map((b) => b.dir)
}
