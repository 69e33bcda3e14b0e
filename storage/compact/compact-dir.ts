/**
 * One round of block maintenance over a data directory (Prometheus's layout: one directory per
 * block, named by its ULID), built from the pieces beside it; what a compaction loop calls:
 *
 * - `loadBlocks`: the blocks whose meta.json parses (others are skipped, as Prometheus does).
 * - `compactDir`: first deletes blocks made redundant by an earlier run that crashed after writing
 *   its output (a block listed as a `parent` of another present block) and blocks marked
 *   `compaction.deletable`; then plans, compacts and deletes the inputs, repeatedly, until the
 *   planner has nothing left (at most `maxRounds`). Output-before-delete order plus the parent rule
 *   make a crash at any point safe: inputs and output may coexist for a moment, never be lost.
 * - `applyRetention`: sizes the blocks, asks blocksBeyondRetention, deletes what it names.
 *
 * Synchronous; the caller serialises rounds and reopens its block readers afterwards.
 */
import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type BlockMeta, parseBlockMeta } from "../blocks/block-meta.ts"
import { isUlid } from "../blocks/ulid.ts"
import { compactBlocks } from "./compactor.ts"
import { type PlanBlock, planCompaction } from "./planner.ts"
import {
  blockSizeBytes,
  blocksBeyondRetention,
  deleteBlock,
  type RetentionLimits,
  type RetentionVerdict
} from "./retention.ts"

/** Blocks of `dataDir` with readable meta.json, in minTime order. */
export const loadBlocks = (dataDir: string): PlanBlock[] => {
  const out: PlanBlock[] = []
  for (const name of readdirSync(dataDir)) {
    if (!isUlid(name)) continue
    const dir = join(dataDir, name)
    try {
      const meta = parseBlockMeta(readFileSync(join(dir, "meta.json"), "utf8"), join(dir, "meta.json"))
      if (meta.ulid === name) out.push({ dir, meta })
    } catch {
      // Unreadable or half-written meta.json: not a block (Prometheus skips it too).
    }
  }
  return out.sort((a, b) => a.meta.minTime - b.meta.minTime || (a.meta.ulid < b.meta.ulid ? -1 : 1))
}

export interface CompactDirOptions {
  readonly ranges: ReadonlyArray<number>
  /** fsync (default true). */
  readonly durable?: boolean
  /** Upper bound on compactions in one call (default 100). */
  readonly maxRounds?: number
}

export interface CompactionStep {
  /** ULIDs of the inputs. */
  readonly from: ReadonlyArray<string>
  /** The new block, or undefined when nothing survived the tombstones. */
  readonly to: BlockMeta | undefined
}

export interface CompactDirResult {
  /** ULIDs deleted before planning (parents of present blocks, or marked deletable). */
  readonly removedRedundant: ReadonlyArray<string>
  readonly steps: ReadonlyArray<CompactionStep>
}

/** Deletes leftovers of crashed runs and blocks marked deletable; returns their ULIDs. */
const removeRedundant = (blocks: ReadonlyArray<PlanBlock>): string[] => {
  const present = new Set(blocks.map((b) => b.meta.ulid))
  const redundant = new Set<string>()
  for (const b of blocks) {
    if (b.meta.compaction.deletable === true) redundant.add(b.meta.ulid)
    for (const p of b.meta.compaction.parents ?? [])
      if (p.ulid !== b.meta.ulid && present.has(p.ulid)) redundant.add(p.ulid)
  }
  for (const b of blocks) if (redundant.has(b.meta.ulid)) deleteBlock(b.dir)
  return [...redundant].sort()
}

/** Plans and compacts until nothing is left to do (see the module comment). */
export const compactDir = (dataDir: string, opts: CompactDirOptions): CompactDirResult => {
  const removedRedundant = removeRedundant(loadBlocks(dataDir))
  const steps: CompactionStep[] = []
  for (let round = 0; round < (opts.maxRounds ?? 100); round++) {
    const blocks = loadBlocks(dataDir)
    const plan = planCompaction(blocks, { ranges: opts.ranges })
    if (plan.length === 0) break
    const to = compactBlocks(dataDir, plan, { durable: opts.durable })
    const from = plan.map((dir) => blocks.find((b) => b.dir === dir)?.meta.ulid ?? dir)
    for (const dir of plan) deleteBlock(dir)
    steps.push({ from, to })
  }
  return { removedRedundant, steps }
}

/** Deletes the blocks of `dataDir` beyond the retention limits; returns what it deleted. */
export const applyRetention = (dataDir: string, limits: RetentionLimits): RetentionVerdict[] => {
  const blocks = loadBlocks(dataDir).map((b) => ({ ...b, sizeBytes: blockSizeBytes(b.dir) }))
  const verdicts = blocksBeyondRetention(blocks, limits)
  for (const v of verdicts) deleteBlock(v.dir)
  return verdicts
}
