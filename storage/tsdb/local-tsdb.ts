/**
 * The embedded default's database: one head, the blocks in the data directory (Prometheus's own
 * layout, so `promtool tsdb list|analyze|dump <dir>` reads it), and the bookkeeping that lets the
 * write-ahead log shrink.
 *
 * Life of a sample: appended to the head and the WAL (the caller's appender); once the head spans
 * more than 1.5 block ranges (Prometheus's rule), the oldest whole range is cut into a block
 * [mint, mint + range), written atomically, opened, and the head truncated below its end; then
 * the WAL is purged up to the last entry whose samples all fall before the newest block's end.
 * After a restart the replay skips samples below that bound (they are in a block), so a crash
 * between "block written" and "WAL purged" duplicates nothing.
 *
 * Out-of-order samples (with `out_of_order_time_window`) live beside the in-order head; each time
 * in-order blocks are cut, all of them are written into blocks aligned to the block range with the
 * hint `from-out-of-order` (Prometheus's out-of-order compaction). Such blocks may overlap others
 * and are merged by vertical compaction once the in-order data of their range is in a block; they
 * never raise the floor. The WAL keeps every entry from the first one holding out-of-order
 * samples not yet in a block, and the sequence up to which they are is recorded
 * (`out-of-order-flushed.json`) so a replay takes only the newer entries' out-of-order samples.
 *
 * Plain, synchronous code (block writes are local file writes); the caller decides when to run
 * `cutBlocks` and `maintain` and what to log.
 */

import { randomBytes } from "node:crypto"
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from "node:fs"
import { basename, join } from "node:path"
import type { BlockMeta } from "../blocks/block-meta.ts"
import { blocksQueryable, openBlocks } from "../blocks/block-queryable.ts"
import { BlockReader } from "../blocks/block-reader.ts"
import { type BlockSeries, writeBlock } from "../blocks/block-writer.ts"
import { ulid } from "../blocks/ulid.ts"
import { compactBlocks } from "../compact/compactor.ts"
import { planCompaction } from "../compact/planner.ts"
import {
  blockSizeBytes,
  blocksBeyondRetention,
  deleteBlock,
  type RetentionLimits
} from "../compact/retention.ts"
import { cleanTombstones, deleteSeries } from "../compact/tombstones-edit.ts"
import type { Head } from "../head/head.ts"
import { headBlockSeries, headOutOfOrderBlockSeries } from "../head/head-block.ts"
import { headQueryable } from "../head/head-queryable.ts"
import { Matcher } from "../labels/matcher.ts"
import { mergeQueryable } from "../merge/merge-queryable.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import type { Queryable } from "../queryable.ts"
import { deleteFromHead } from "./head-delete.ts"

export interface LocalTsdbOptions {
  /** Block range of the head (Prometheus's min block duration), ms. Default 2h. */
  readonly blockRangeMs: number
  /** fsync block files (default true; off only in tests on scratch directories). */
  readonly durable?: boolean
}

/** Head deletions are kept here until the blocks cover them (the WAL would bring them back). */
const deletionsFile = "head-deletions.json"

interface HeadDeletion {
  readonly sets: ReadonlyArray<ReadonlyArray<PlanMatcher>>
  readonly minT: number
  readonly maxT: number
}

/** Records the WAL sequence up to which out-of-order samples are in blocks. */
const oooFlushedFile = "out-of-order-flushed.json"

/** The meta.json hint of blocks written from out-of-order samples. */
export const outOfOrderHint = "from-out-of-order"

const isOutOfOrderBlock = (b: BlockReader): boolean =>
  b.meta.compaction.hints?.includes(outOfOrderHint) ?? false

/**
 * One WAL entry as far as purging cares: its sequence, the newest sample time in it, and whether
 * the head took out-of-order samples from it.
 */
interface WalMark {
  readonly seq: number
  readonly maxT: number
  readonly outOfOrder: boolean
}

export class LocalTsdb {
  readonly dir: string
  readonly head: Head
  readonly options: LocalTsdbOptions
  /** Open blocks, ordered by minTime. Replaced (not mutated) on every change. */
  private current: ReadonlyArray<BlockReader>
  /** Readers of blocks no longer in `current`, closed at the next maintenance pass. */
  private retired: BlockReader[] = []
  private readonly marks: WalMark[] = []
  private lastLoggedSeq = 0
  /** The inputs of the compaction running in a worker. */
  private compacting: { inputs: ReadonlySet<string> } | undefined
  /** Deletions made while a block is being written elsewhere, to apply to it once it is in place. */
  private readonly deletionsInFlight = new Set<HeadDeletion[]>()
  /** The end of a head block being written by cutBlocksAsync: appends below it are out of bounds. */
  private pendingFloor = Number.NEGATIVE_INFINITY
  /** WAL entries up to this sequence hold no out-of-order samples still needed. */
  outOfOrderFlushedSeq: number
  readonly queryable: Queryable

  constructor(dir: string, head: Head, options: LocalTsdbOptions) {
    this.dir = dir
    this.head = head
    this.options = options
    mkdirSync(dir, { recursive: true })
    removeLeftovers(dir)
    this.current = dropReplaced(openBlocks(dir))
    const flushed = join(dir, oooFlushedFile)
    this.outOfOrderFlushedSeq = existsSync(flushed)
      ? (JSON.parse(readFileSync(flushed, "utf8")) as { seq: number }).seq
      : 0
    this.queryable = mergeQueryable([headQueryable(head), blocksQueryable(() => this.current)])
  }

  get blocks(): ReadonlyArray<BlockReader> {
    return this.current
  }

  /**
   * Samples before this are in a block: the head must not take them again (WAL replay after a
   * crash between block write and WAL purge; late writes).
   */
  get floor(): number {
    let f = this.pendingFloor
    for (const b of this.current) if (b.meta.maxTime > f && !isOutOfOrderBlock(b)) f = b.meta.maxTime
    return f
  }

  /** Records a WAL entry that reached the log (at append and at replay). */
  noteWalEntry(seq: number, maxT: number, outOfOrder = false): void {
    this.marks.push({ seq, maxT, outOfOrder })
    if (seq > this.lastLoggedSeq) this.lastLoggedSeq = seq
  }

  /** Whether the head holds enough to cut a block (spans more than 1.5 block ranges). */
  get compactable(): boolean {
    const h = this.head
    if (!Number.isFinite(h.minTime) || !Number.isFinite(h.maxTime)) return false
    return h.maxTime - h.minTime > (this.options.blockRangeMs / 2) * 3
  }

  /**
   * Cuts every whole range that is due into a block, truncates the head, and returns the new
   * blocks' metas plus the WAL sequence up to which the log may be purged (0: nothing).
   */
  cutBlocks(): { readonly blocks: ReadonlyArray<BlockMeta>; readonly purgeUpTo: number } {
    const made: BlockMeta[] = []
    for (let cut = this.nextCut(); cut !== undefined; cut = this.nextCut()) {
      if (cut.series.length > 0) {
        const meta = writeBlock(this.dir, cut.series, cut.bounds, { durable: this.options.durable })
        this.addBlock(meta.ulid)
        made.push(meta)
      }
      this.head.truncate(cut.bounds.maxTime)
    }
    return this.afterCut(made)
  }

  /** The oldest whole range that is due, with the head's series in it; undefined when none is. */
  private nextCut():
    | {
        readonly bounds: { readonly minTime: number; readonly maxTime: number }
        readonly series: BlockSeries[]
      }
    | undefined {
    if (!this.compactable) return undefined
    const range = this.options.blockRangeMs
    const minTime = Math.floor(this.head.minTime / range) * range
    const bounds = { minTime, maxTime: minTime + range }
    return { bounds, series: headBlockSeries(this.head, bounds.minTime, bounds.maxTime) }
  }

  /**
   * `cutBlocks` with each block written by `write` (a worker thread in production): the head is
   * read into a snapshot, appends below the block's end are refused from then on (as after a
   * synchronous cut), and the head is truncated once the block is in place; queries see the head
   * meanwhile. A delete_series arriving in between reaches the block too. One cut at a time.
   */
  async cutBlocksAsync(
    write: (
      parentDir: string,
      series: ReadonlyArray<BlockSeries>,
      bounds: { readonly minTime: number; readonly maxTime: number },
      options: { durable?: boolean }
    ) => Promise<BlockMeta>
  ): Promise<{ readonly blocks: ReadonlyArray<BlockMeta>; readonly purgeUpTo: number }> {
    const made: BlockMeta[] = []
    for (let cut = this.nextCut(); cut !== undefined; cut = this.nextCut()) {
      const maxt = cut.bounds.maxTime
      const floorBefore = this.pendingFloor
      this.pendingFloor = Math.max(this.pendingFloor, maxt)
      if (cut.series.length > 0) {
        const deletions: HeadDeletion[] = []
        this.deletionsInFlight.add(deletions)
        try {
          const meta = await write(this.dir, cut.series, cut.bounds, { durable: this.options.durable })
          this.applyDeletions(meta.ulid, deletions)
          this.addBlock(meta.ulid)
          made.push(meta)
        } catch (e) {
          this.pendingFloor = floorBefore // the head still holds the range
          throw e
        } finally {
          this.deletionsInFlight.delete(deletions)
        }
      }
      this.head.truncate(maxt)
    }
    return this.afterCut(made)
  }

  private addBlock(ulid: string): void {
    this.current = [...this.current, BlockReader.openSync(join(this.dir, ulid))].sort(
      (a, b) => a.meta.minTime - b.meta.minTime
    )
  }

  private afterCut(made: BlockMeta[]): {
    readonly blocks: ReadonlyArray<BlockMeta>
    readonly purgeUpTo: number
  } {
    // As Prometheus: the out-of-order samples follow whenever in-order blocks were cut.
    if (made.length > 0) made.push(...this.flushOutOfOrder())
    // Deletions wholly below the floor are in block tombstones now; the WAL no longer holds them.
    if (made.length > 0) {
      const floor = this.floor
      const list = this.readDeletions()
      const keep = list.filter((d) => d.maxT >= floor)
      if (keep.length !== list.length) this.writeDeletions(keep)
    }
    return { blocks: made, purgeUpTo: made.length > 0 ? this.walPurgePoint() : 0 }
  }

  /**
   * Writes every out-of-order sample of the head into blocks [k·R, (k+1)·R) (hint
   * `from-out-of-order`), forgets them in the head, and records the WAL sequence they came up to.
   */
  flushOutOfOrder(): BlockMeta[] {
    const head = this.head
    if (head.oooMaxTime === Number.NEGATIVE_INFINITY) return []
    const made: BlockMeta[] = []
    const range = this.options.blockRangeMs
    for (let mint = Math.floor(head.oooMinTime / range) * range; mint <= head.oooMaxTime; mint += range) {
      const series = headOutOfOrderBlockSeries(head, mint, mint + range)
      if (series.length === 0) continue
      const id = ulid()
      const meta = writeBlock(
        this.dir,
        series,
        { minTime: mint, maxTime: mint + range },
        {
          durable: this.options.durable,
          ulid: id,
          extraMeta: { compaction: { level: 1, sources: [id], hints: [outOfOrderHint] } }
        }
      )
      this.addBlock(meta.ulid)
      made.push(meta)
    }
    head.clearOutOfOrder()
    this.outOfOrderFlushedSeq = this.lastLoggedSeq
    writeDurably(
      join(this.dir, oooFlushedFile),
      JSON.stringify({ seq: this.lastLoggedSeq }),
      this.options.durable
    )
    return made
  }

  /**
   * The last sequence of the longest prefix of WAL entries wholly below the floor and holding no
   * out-of-order samples that are not in a block yet.
   */
  walPurgePoint(): number {
    const floor = this.floor
    let n = 0
    while (
      n < this.marks.length &&
      this.marks[n].maxT < floor &&
      !(this.marks[n].outOfOrder && this.marks[n].seq > this.outOfOrderFlushedSeq)
    )
      n++
    if (n === 0) return 0
    const seq = this.marks[n - 1].seq
    this.marks.splice(0, n)
    return seq
  }

  /**
   * Swaps blocks: `added` directories are opened and `removed` ones leave the set (their readers
   * are closed at the next `closeRetired`, so a query in flight can finish). The caller deletes
   * removed directories.
   */
  replaceBlocks(added: ReadonlyArray<string>, removed: ReadonlyArray<string>): void {
    const gone = new Set(removed)
    const keep: BlockReader[] = []
    for (const b of this.current) (gone.has(b.meta.ulid) ? this.retired : keep).push(b)
    for (const ulid of added) keep.push(BlockReader.openSync(join(this.dir, ulid)))
    this.current = keep.sort((a, b) => a.meta.minTime - b.meta.minTime)
  }

  /**
   * One compaction step as Prometheus plans it (overlapping blocks first, then level ranges, then
   * a block with many tombstones); returns the new block's meta, or undefined when there was
   * nothing to do. Inputs leave the set and are deleted once the output is in place.
   */
  compactOnce(
    ranges: ReadonlyArray<number>
  ): { readonly made?: BlockMeta; readonly inputs: ReadonlyArray<string> } | undefined {
    const plan = this.planCompaction(ranges)
    if (plan.length === 0) return undefined
    return this.placeCompaction(plan, compactBlocks(this.dir, plan, { durable: this.options.durable }))
  }

  /**
   * Input directories of the next compaction step. Out-of-order blocks ahead of the in-order
   * blocks wait: compacting them now would make a block reaching past data the head still holds.
   */
  private planCompaction(ranges: ReadonlyArray<number>): string[] {
    const floor = this.floor
    return planCompaction(
      this.current.filter((b) => b.meta.maxTime <= floor).map((b) => ({ dir: b.dir, meta: b.meta })),
      { ranges }
    )
  }

  /** Swaps a compaction's inputs for its output (if any) and deletes the inputs. */
  private placeCompaction(
    plan: ReadonlyArray<string>,
    made: BlockMeta | undefined
  ): { readonly made?: BlockMeta; readonly inputs: ReadonlyArray<string> } {
    const inputs = plan.map((d) => basename(d))
    this.replaceBlocks(made === undefined ? [] : [made.ulid], inputs)
    for (const d of plan) deleteBlock(d)
    return { made, inputs }
  }

  /**
   * `compactOnce` with the merge in a worker thread (compact-worker.ts), so the event loop stays
   * free. While it runs, its inputs are neither deleted by retention nor rewritten by
   * clean_tombstones, and a delete_series touching them is applied to the output afterwards.
   * One at a time: a call while another runs returns undefined.
   */
  async compactOnceAsync(
    ranges: ReadonlyArray<number>,
    run: (
      parentDir: string,
      dirs: ReadonlyArray<string>,
      options: { durable?: boolean }
    ) => Promise<BlockMeta | undefined>
  ): Promise<{ readonly made?: BlockMeta; readonly inputs: ReadonlyArray<string> } | undefined> {
    if (this.compacting !== undefined) return undefined
    const plan = this.planCompaction(ranges)
    if (plan.length === 0) return undefined
    this.compacting = { inputs: new Set(plan.map((d) => basename(d))) }
    const deletions: HeadDeletion[] = []
    this.deletionsInFlight.add(deletions)
    try {
      const made = await run(this.dir, plan, { durable: this.options.durable })
      if (made !== undefined) this.applyDeletions(made.ulid, deletions)
      return this.placeCompaction(plan, made)
    } finally {
      this.compacting = undefined
      this.deletionsInFlight.delete(deletions)
    }
  }

  /** Tombstones for deletions that arrived while block `ulid` was being written. */
  private applyDeletions(ulid: string, deletions: ReadonlyArray<HeadDeletion>): void {
    for (const d of deletions)
      for (const set of d.sets)
        deleteSeries(join(this.dir, ulid), toIndexMatchers(set), d.minT, d.maxT, {
          durable: this.options.durable
        })
  }

  /**
   * Deletes blocks beyond the retention limits (time: older than the newest block's end minus
   * the limit; size: oldest first until the blocks fit). `mayDelete` can hold blocks back (not
   * yet shipped to the bucket). Returns the deleted ULIDs with the reason.
   */
  applyRetention(
    limits: RetentionLimits,
    mayDelete: (ulid: string) => boolean = () => true
  ): ReadonlyArray<{ readonly ulid: string; readonly reason: string }> {
    const verdicts = blocksBeyondRetention(
      this.current.map((b) => ({ dir: b.dir, meta: b.meta, sizeBytes: blockSizeBytes(b.dir) })),
      limits
    ).filter((v) => mayDelete(v.ulid) && !(this.compacting?.inputs.has(v.ulid) ?? false))
    if (verdicts.length === 0) return []
    this.replaceBlocks(
      [],
      verdicts.map((v) => v.ulid)
    )
    for (const v of verdicts) deleteBlock(v.dir)
    return verdicts.map((v) => ({ ulid: v.ulid, reason: v.reason }))
  }

  /**
   * The admin API's delete_series: samples of series matching any matcher set within
   * [minT, maxT] disappear from the head at once and from blocks through tombstones.
   */
  deleteSeries(sets: ReadonlyArray<ReadonlyArray<PlanMatcher>>, minT: number, maxT: number): number {
    // Recorded first, so a replay of the write-ahead log after a crash deletes them again.
    this.writeDeletions([...this.readDeletions(), { sets, minT, maxT }])
    for (const list of this.deletionsInFlight) list.push({ sets, minT, maxT })
    let removed = 0
    for (const set of sets) removed += deleteFromHead(this.head, set, minT, maxT)
    const touched: string[] = []
    for (const b of this.current) {
      if (b.meta.maxTime <= minT || b.meta.minTime > maxT) continue
      let hit = 0
      for (const set of sets)
        hit += deleteSeries(b.dir, toIndexMatchers(set), minT, maxT, { durable: this.options.durable }).series
      if (hit > 0) touched.push(b.meta.ulid)
    }
    // Reopen the touched blocks so readers see the new tombstones.
    if (touched.length > 0) this.replaceBlocks(touched, touched)
    return removed
  }

  /** Re-applies recorded head deletions (after the write-ahead log was replayed into the head). */
  reapplyDeletions(): void {
    for (const d of this.readDeletions())
      for (const set of d.sets) deleteFromHead(this.head, set, d.minT, d.maxT)
  }

  private readDeletions(): HeadDeletion[] {
    const path = join(this.dir, deletionsFile)
    if (!existsSync(path)) return []
    return JSON.parse(readFileSync(path, "utf8")) as HeadDeletion[]
  }

  private writeDeletions(list: ReadonlyArray<HeadDeletion>): void {
    const path = join(this.dir, deletionsFile)
    if (list.length === 0) {
      rmSync(path, { force: true })
      return
    }
    writeDurably(path, JSON.stringify(list), this.options.durable)
  }

  /** The admin API's clean_tombstones: blocks with tombstones are rewritten without them. */
  cleanTombstones(): number {
    let rewritten = 0
    for (const b of [...this.current]) {
      if (b.tombstones.length === 0 || this.compacting?.inputs.has(b.meta.ulid)) continue
      const r = cleanTombstones(b.dir, { durable: this.options.durable })
      if (r.kind === "unchanged") continue
      this.replaceBlocks(r.kind === "rewritten" ? [r.meta.ulid] : [], [b.meta.ulid])
      deleteBlock(b.dir)
      rewritten++
    }
    return rewritten
  }

  /**
   * The admin API's snapshot: `<dir>/snapshots/<UTC time>-<random>` with every block hard-linked
   * (no copy) and, unless `skipHead`, the head written as one more block. Returns the name.
   */
  snapshot(skipHead: boolean): string {
    const now = new Date()
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d+Z$/, "Z")
    const name = `${stamp}-${randomBytes(8).toString("hex")}`
    const target = join(this.dir, "snapshots", name)
    mkdirSync(target, { recursive: true })
    for (const b of this.current) {
      const dest = join(target, b.meta.ulid)
      mkdirSync(join(dest, "chunks"), { recursive: true })
      for (const f of readdirSync(b.dir, { recursive: true, withFileTypes: true })) {
        if (!f.isFile()) continue
        const rel = join(f.parentPath.slice(b.dir.length), f.name)
        linkSync(join(b.dir, rel), join(dest, rel))
      }
    }
    if (!skipHead && Number.isFinite(this.head.minTime)) {
      const series = headBlockSeries(this.head, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)
      if (series.length > 0)
        writeBlock(
          target,
          series,
          { minTime: this.head.minTime, maxTime: this.head.maxTime + 1 },
          { durable: this.options.durable }
        )
    }
    return name
  }

  closeRetired(): void {
    const old = this.retired
    this.retired = []
    for (const b of old) b.close()
  }

  close(): void {
    for (const b of this.current) b.close()
    this.closeRetired()
    this.current = []
  }
}

/** Replaces a small file atomically (temp file, fsync unless `durable` is false, rename). */
const writeDurably = (path: string, text: string, durable = true): void => {
  writeFileSync(`${path}.tmp`, text)
  if (durable) {
    const fd = openSync(`${path}.tmp`, "r")
    fsyncSync(fd)
    closeSync(fd)
  }
  renameSync(`${path}.tmp`, path)
}

/** Half-written or half-deleted blocks from a crash are never visible; remove them at open. */
const removeLeftovers = (dir: string): void => {
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir))
    if (/\.tmp-for-(creation|deletion)$/.test(name)) rmSync(join(dir, name), { recursive: true, force: true })
}

const toIndexMatchers = (ms: ReadonlyArray<PlanMatcher>): Matcher[] =>
  ms.map((m) => {
    const r = Matcher.make(m.type, m.name, m.value)
    if (r instanceof Matcher) return r
    throw r
  })

/**
 * A crash between writing a compacted block and deleting its inputs leaves both: an input is
 * recognised as a parent named in another block's meta, and deleted at open.
 */
const dropReplaced = (blocks: BlockReader[]): BlockReader[] => {
  const parents = new Set(blocks.flatMap((b) => (b.meta.compaction.parents ?? []).map((p) => p.ulid)))
  if (parents.size === 0) return blocks
  const keep: BlockReader[] = []
  for (const b of blocks) {
    if (!parents.has(b.meta.ulid)) {
      keep.push(b)
      continue
    }
    b.close()
    deleteBlock(b.dir)
  }
  return keep
}
