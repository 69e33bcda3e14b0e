/**
 * Merges blocks into one new block (level and vertical compaction, tombstones applied):
 *
 * - Output range `[min(minTime), max(maxTime))` of the inputs; a new ULID; meta
 *   `compaction.level = max(input levels) + 1`, `sources` = sorted union of the inputs' sources,
 *   `parents` = the inputs (`ulid`, `minTime`, `maxTime`) in minTime order (all overridable, see
 *   `CompactOptions.compaction`).
 * - Series come out in label order, merged across inputs by identical label sets.
 * - A chunk that overlaps no other chunk of its series and no tombstone interval is copied as
 *   bytes. Chunks overlapping in time (vertical compaction) or touched by a tombstone are
 *   decoded, merged by timestamp, deleted samples dropped, and re-encoded into XOR chunks of at
 *   most 120 samples (also cut at ~1 KiB, see chunk-encoding.ts); value bits are kept exactly.
 *   A chunk wholly inside one tombstone interval is dropped without decoding.
 * - Duplicate timestamps: one sample is kept, the one from the input with the greatest ULID
 *   (the most recently written block), so re-ingested or backfilled data wins over older data.
 *   Prometheus keeps "one of them" without promising which.
 * - Native histogram chunks (encodings 2 and 3) in such a run are decoded too, merged by the
 *   same rules with the floats, and written again through sampleChunks (integer-histogram chunks
 *   when every count is an integer, float-histogram chunks otherwise; floats as XOR chunks).
 *   Any other encoding is copied when untouched and throws when it would need merging.
 *
 * The output is written through BlockWriter (`<ulid>.tmp-for-creation`, fsync, rename), so a
 * failure or crash never leaves a visible half block, and the inputs are never modified: deleting
 * them once the new block is in place is the caller's job (`deleteBlock`). When every sample is
 * deleted nothing is written and `undefined` is returned (the inputs then hold no data and may be
 * deleted). Synchronous; local directories only.
 */
import { existsSync, readFileSync } from "node:fs"
import { join } from "node:path"
import {
  type BlockCompaction,
  type BlockMeta,
  type BlockParent,
  parseBlockMeta
} from "../blocks/block-meta.ts"
import { segmentFiles } from "../blocks/block-reader.ts"
import { type BlockChunk, BlockWriter } from "../blocks/block-writer.ts"
import { ChunkReader } from "../blocks/chunk-reader.ts"
import { eachChunkSample, sampleChunks } from "../blocks/sample-chunks.ts"
import { decodeTombstones, type Tombstone } from "../blocks/tombstones.ts"
import { encodingName } from "../chunks/chunk-encoding.ts"
import { HistogramIterator } from "../chunks/histogram-chunk.ts"
import { encodingXor, XorAppender, XorIterator } from "../chunks/xor-chunk.ts"
import { IndexReader } from "../index/index-reader.ts"
import type { ChunkMeta } from "../index/index-writer.ts"
import type { Postings } from "../index/postings.ts"
import { compareLabels, type Labels } from "../labels/labels.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import { WindowedFileSource } from "./windowed-source.ts"

export interface CompactOptions {
  /** ULID of the new block (default: a fresh one). */
  readonly ulid?: string
  /** fsync files and directories (default true); off only for scratch blocks. */
  readonly durable?: boolean
  /** Replaces the computed `compaction` section (cleanTombstones keeps level and sources). */
  readonly compaction?: BlockCompaction
}

/** A closed interval [minTime, maxTime] of deleted samples. */
type Interval = readonly [number, number]

interface Input {
  readonly meta: BlockMeta
  /** The block's index and segments read ahead in large windows (visited in file order). */
  readonly index: IndexReader
  readonly chunks: ChunkReader
  readonly files: ReadonlyArray<WindowedFileSource>
  /** Rank in ULID order: on duplicate timestamps the higher rank wins. */
  rank: number
  readonly ids: Postings
  pos: number
  readonly deleted: Map<number, Interval[]>
  current?: { readonly id: number; readonly labels: Labels; readonly chunks: ReadonlyArray<ChunkMeta> }
}

interface ChunkItem {
  readonly input: Input
  readonly meta: ChunkMeta
  readonly nextRef: number | undefined
  readonly deleted: ReadonlyArray<Interval>
}

const deletedBySeries = (tombstones: ReadonlyArray<Tombstone>): Map<number, Interval[]> => {
  const m = new Map<number, Interval[]>()
  for (const t of tombstones) {
    let list = m.get(t.seriesId)
    if (list === undefined) m.set(t.seriesId, (list = []))
    list.push([t.minTime, t.maxTime])
  }
  return m
}

const advance = (input: Input): void => {
  if (input.pos >= input.ids.length) {
    input.current = undefined
    return
  }
  const s = input.index.runSync(input.index.seriesSteps(input.ids[input.pos++]))
  input.current = { id: s.id, labels: s.labels, chunks: s.chunks }
}

const isDeletedAt = (deleted: ReadonlyArray<Interval>, t: number): boolean => {
  for (const [a, b] of deleted) if (a <= t && t <= b) return true
  return false
}

/** Samples in a chunk record's count header (BE16; every Prometheus chunk encoding starts so). */
const countOf = (data: Uint8Array): number => (data.length >= 2 ? (data[0] << 8) | data[1] : 0)

/** Decodes, merges, filters and re-encodes one run of chunks that overlap or carry deletions. */
/** One decoded chunk of a run: its samples (deleted ones dropped) and a merge cursor. */
interface Decoded {
  readonly ts: Float64Array
  readonly hi: Uint32Array
  readonly lo: Uint32Array
  readonly n: number
  pos: number
  readonly rank: number
}

/** Scratch shared by one compaction: an iterator and an appender whose buffer is reused. */
interface Scratch {
  readonly it: XorIterator
  readonly app: XorAppender
}

const decode = (c: ChunkItem, labels: Labels, it: XorIterator): Decoded => {
  const bytes = c.input.chunks.chunkSync(c.meta.ref, c.nextRef)
  if (bytes.encoding !== encodingXor)
    throw new Error(
      `compaction: series ${JSON.stringify(labels)} in block ${c.input.meta.ulid} has a ` +
        `${encodingName(bytes.encoding)} chunk that overlaps or has deletions; only XOR chunks can be merged`
    )
  it.reset(bytes.data)
  const ts = new Float64Array(it.count)
  const hi = new Uint32Array(it.count)
  const lo = new Uint32Array(it.count)
  let n = 0
  while (it.next()) {
    if (c.deleted.length > 0 && isDeletedAt(c.deleted, it.timeMs)) continue
    ts[n] = it.timeMs
    hi[n] = it.valueHi
    lo[n] = it.valueLo
    n++
  }
  return { ts, hi, lo, n, pos: 0, rank: c.input.rank }
}

/**
 * Decodes one run of chunks that overlap or carry deletions, merges them by timestamp (on equal
 * timestamps the highest rank wins, the others are skipped) and re-encodes into `out`.
 */
const reencode = (
  run: ReadonlyArray<ChunkItem>,
  labels: Labels,
  scratch: Scratch,
  out: BlockChunk[]
): void => {
  const parts = run.map((c) => decode(c, labels, scratch.it))
  const app = scratch.app
  app.reset()
  const cut = () => {
    if (app.count > 0)
      out.push({
        minTime: app.minTime,
        maxTime: app.maxTime,
        encoding: encodingXor,
        data: app.bytes(),
        numSamples: app.count
      })
    app.reset()
  }
  for (;;) {
    let best: Decoded | undefined
    for (const p of parts) {
      if (p.pos >= p.n) continue
      if (best === undefined) best = p
      else {
        const d = p.ts[p.pos] - best.ts[best.pos]
        if (d < 0 || (d === 0 && p.rank > best.rank)) best = p
      }
    }
    if (best === undefined) break
    const t = best.ts[best.pos]
    if (app.full) cut()
    app.appendBits(t, best.hi[best.pos], best.lo[best.pos])
    for (const p of parts) while (p.pos < p.n && p.ts[p.pos] === t) p.pos++
  }
  cut()
}

const encodingOf = (c: ChunkItem): number => c.input.chunks.chunkSync(c.meta.ref, c.nextRef).encoding

/**
 * The slow path for a run holding native histogram chunks: every chunk decoded into floats and
 * histograms, merged by timestamp (highest rank wins a shared timestamp), re-encoded.
 */
const reencodeMixed = (run: ReadonlyArray<ChunkItem>, labels: Labels): BlockChunk[] => {
  const xor = new XorIterator()
  const hit = new HistogramIterator()
  const samples: Array<{ t: number; v: number; h: FloatHistogram | undefined; rank: number }> = []
  for (const c of run) {
    const { encoding, data } = c.input.chunks.chunkSync(c.meta.ref, c.nextRef)
    const rank = c.input.rank
    const known = eachChunkSample(encoding, data, xor, hit, (t, v, h) => {
      if (c.deleted.length === 0 || !isDeletedAt(c.deleted, t)) samples.push({ t, v, h, rank })
    })
    if (!known)
      throw new Error(
        `compaction: series ${JSON.stringify(labels)} in block ${c.input.meta.ulid} has a ` +
          `${encodingName(encoding)} chunk that overlaps or has deletions; only XOR and histogram chunks can be merged`
      )
  }
  samples.sort((a, b) => a.t - b.t || b.rank - a.rank)
  const ts: number[] = []
  const vs: number[] = []
  const hs: Array<FloatHistogram | undefined> = []
  for (const x of samples) {
    if (ts.length > 0 && ts[ts.length - 1] === x.t) continue
    ts.push(x.t)
    vs.push(x.v)
    hs.push(x.h)
  }
  return sampleChunks(ts, vs, hs, { integerHistograms: true })
}

/** The output chunks of one series from its parts in the inputs. */
const mergeChunks = (
  parts: ReadonlyArray<{
    readonly input: Input
    readonly chunks: ReadonlyArray<ChunkMeta>
    readonly id: number
  }>,
  labels: Labels,
  scratch: Scratch
): BlockChunk[] => {
  const items: ChunkItem[] = []
  for (const p of parts) {
    const deleted = p.input.deleted.get(p.id) ?? []
    for (let i = 0; i < p.chunks.length; i++) {
      const meta = p.chunks[i]
      const touching = deleted.filter(([a, b]) => a <= meta.maxTime && meta.minTime <= b)
      if (touching.some(([a, b]) => a <= meta.minTime && meta.maxTime <= b)) continue
      items.push({ input: p.input, meta, nextRef: p.chunks[i + 1]?.ref, deleted: touching })
    }
  }
  items.sort((a, b) => a.meta.minTime - b.meta.minTime || b.input.rank - a.input.rank)
  const out: BlockChunk[] = []
  for (let i = 0; i < items.length; ) {
    let runMax = items[i].meta.maxTime
    let j = i + 1
    while (j < items.length && items[j].meta.minTime <= runMax)
      runMax = Math.max(runMax, items[j++].meta.maxTime)
    const run = items.slice(i, j)
    if (run.length === 1 && run[0].deleted.length === 0) {
      const c = run[0]
      const bytes = c.input.chunks.chunkSync(c.meta.ref, c.nextRef)
      out.push({
        minTime: c.meta.minTime,
        maxTime: c.meta.maxTime,
        encoding: bytes.encoding,
        data: bytes.data.slice(),
        numSamples: countOf(bytes.data)
      })
    } else if (run.every((c) => encodingOf(c) === encodingXor)) reencode(run, labels, scratch, out)
    else out.push(...reencodeMixed(run, labels))
    i = j
  }
  return out
}

const defaultCompaction = (metas: ReadonlyArray<BlockMeta>): BlockCompaction => {
  const sources = new Set<string>()
  for (const m of metas)
    for (const s of m.compaction.sources.length > 0 ? m.compaction.sources : [m.ulid]) sources.add(s)
  const parents: BlockParent[] = metas.map((m) => ({ ulid: m.ulid, minTime: m.minTime, maxTime: m.maxTime }))
  return {
    level: Math.max(...metas.map((m) => m.compaction.level)) + 1,
    sources: [...sources].sort(),
    parents
  }
}

/**
 * Compacts the blocks in `dirs` into one new block under `parentDir` and returns its meta, or
 * `undefined` when no sample survives (nothing is written). Inputs are left untouched.
 */
export const compactBlocks = (
  parentDir: string,
  dirs: ReadonlyArray<string>,
  opts: CompactOptions = {}
): BlockMeta | undefined => {
  if (dirs.length === 0) throw new Error("compactBlocks: no blocks given")
  const inputs: Input[] = []
  let writer: BlockWriter | undefined
  try {
    for (const d of dirs) {
      const meta = parseBlockMeta(readFileSync(join(d, "meta.json"), "utf8"), join(d, "meta.json"))
      const tombPath = join(d, "tombstones")
      const tombstones = existsSync(tombPath) ? decodeTombstones(readFileSync(tombPath), tombPath) : []
      const files: WindowedFileSource[] = []
      try {
        files.push(new WindowedFileSource(join(d, "index")))
        const index = IndexReader.openSync(files[0])
        for (const name of segmentFiles(join(d, "chunks")))
          files.push(new WindowedFileSource(join(d, "chunks", name)))
        inputs.push({
          meta,
          index,
          chunks: ChunkReader.openSync(files.slice(1)),
          files,
          rank: 0,
          ids: index.runSync(index.selectSteps([])),
          pos: 0,
          deleted: deletedBySeries(tombstones)
        })
      } catch (e) {
        for (const f of files) f.closeSync()
        throw e
      }
    }
    const byUlid = [...inputs].sort((a, b) => (a.meta.ulid < b.meta.ulid ? -1 : 1))
    byUlid.forEach((input, i) => (input.rank = i))
    const metas = inputs
      .map((i) => i.meta)
      .sort((a, b) => a.minTime - b.minTime || (a.ulid < b.ulid ? -1 : 1))
    const minTime = Math.min(...metas.map((m) => m.minTime))
    const maxTime = Math.max(...metas.map((m) => m.maxTime))
    writer = new BlockWriter(parentDir, {
      ulid: opts.ulid,
      durable: opts.durable,
      // BlockWriter writes level 1 / [self]; its extra keys replace that section.
      extraMeta: { compaction: opts.compaction ?? defaultCompaction(metas) }
    })
    for (const input of inputs) advance(input)
    const scratch: Scratch = { it: new XorIterator(), app: new XorAppender(2048) }
    let written = 0
    for (;;) {
      let labels: Labels | undefined
      for (const input of inputs)
        if (
          input.current !== undefined &&
          (labels === undefined || compareLabels(input.current.labels, labels) < 0)
        )
          labels = input.current.labels
      if (labels === undefined) break
      const parts: Array<{ input: Input; chunks: ReadonlyArray<ChunkMeta>; id: number }> = []
      for (const input of inputs) {
        const cur = input.current
        if (cur !== undefined && compareLabels(cur.labels, labels) === 0) {
          parts.push({ input, chunks: cur.chunks, id: cur.id })
          advance(input)
        }
      }
      const chunks = mergeChunks(parts, labels, scratch)
      if (chunks.length > 0) {
        writer.addSeries(labels, chunks)
        written++
      }
    }
    if (written === 0) {
      writer.abort()
      return undefined
    }
    const w = writer
    writer = undefined // commit aborts on its own failure
    return w.commit({ minTime, maxTime })
  } catch (e) {
    writer?.abort()
    throw e
  } finally {
    for (const input of inputs) {
      for (const f of input.files) f.closeSync()
    }
  }
}
