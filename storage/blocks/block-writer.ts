/**
 * Writes one Prometheus TSDB block directory: chunk segments, index, an empty tombstones file and
 * meta.json. Everything goes into `<ulid>.tmp-for-creation` first; files and directories are
 * fsynced, then the directory is renamed to `<ulid>`, so a crash never leaves a half block under
 * a block's name (only a `.tmp-for-creation` directory, which loaders skip and may delete).
 * Chunks are stored as given; encoding samples into chunks is the caller's (storage/chunks, or
 * sample-chunks.ts for a series of floats and native histograms).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { type ChunkMeta, writeIndex } from "../index/index-writer.ts"
import type { Labels } from "../labels/labels.ts"
import { compareLabels } from "../labels/labels.ts"
import { type BlockMeta, formatBlockMeta } from "./block-meta.ts"
import { ChunkSegmentWriter, segmentBytesMax } from "./chunk-segment-writer.ts"
import { encodeTombstones } from "./tombstones.ts"
import { UlidFactory } from "./ulid.ts"

export interface BlockChunk {
  /** First and last sample time, inclusive. */
  readonly minTime: number
  readonly maxTime: number
  readonly encoding: number
  /** The chunk's bytes as its encoding defines them (for XOR: count header + bit stream). */
  readonly data: Uint8Array
  readonly numSamples: number
}

export interface BlockSeries {
  readonly labels: Labels
  readonly chunks: ReadonlyArray<BlockChunk>
}

export interface BlockWriterOptions {
  readonly ulid?: string
  /** Extra top-level meta.json keys (e.g. `thanos`). */
  readonly extraMeta?: Record<string, unknown>
  /** fsync files and directories (default); off only for scratch blocks in tests. */
  readonly durable?: boolean
  readonly segmentBytesMax?: number
  /** See IndexWriterOptions; default true (what promtool 2.42 writes). */
  readonly legacyLabelIndices?: boolean
}

const defaultUlids = new UlidFactory()

const fsyncPath = (path: string) => {
  const fd = openSync(path, "r")
  try {
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Streams one block: chunks go to disk as series are added (only the chunk metas stay in
 * memory), the index and meta.json are written by `commit`. Series must come in label order.
 */
export class BlockWriter {
  readonly parentDir: string
  readonly ulid: string
  readonly tmpDir: string
  private readonly options: BlockWriterOptions
  private readonly segments: ChunkSegmentWriter
  private readonly series: Array<{ labels: Labels; chunks: ChunkMeta[] }> = []
  private numSamples = 0
  private numChunks = 0
  private minSeen = Number.POSITIVE_INFINITY
  private maxSeen = Number.NEGATIVE_INFINITY
  private done = false

  constructor(parentDir: string, options: BlockWriterOptions = {}) {
    this.parentDir = parentDir
    this.options = options
    this.ulid = options.ulid ?? defaultUlids.next()
    this.tmpDir = join(parentDir, `${this.ulid}.tmp-for-creation`)
    mkdirSync(join(this.tmpDir, "chunks"), { recursive: true })
    this.segments = new ChunkSegmentWriter(join(this.tmpDir, "chunks"), {
      segmentBytesMax: options.segmentBytesMax ?? segmentBytesMax,
      durable: options.durable ?? true
    })
  }

  /** Adds a series (skipped when it has no chunks). Out-of-order labels are a caller bug. */
  addSeries(labels: Labels, chunks: ReadonlyArray<BlockChunk>): void {
    if (this.done) throw new Error(`block writer ${this.ulid}: already committed or aborted`)
    if (chunks.length === 0) return
    const prev = this.series[this.series.length - 1]
    if (prev !== undefined && compareLabels(prev.labels, labels) >= 0)
      throw new Error(
        `block writer ${this.ulid}: series ${JSON.stringify(labels)} is not after ${JSON.stringify(prev.labels)}`
      )
    const metas: ChunkMeta[] = []
    for (const c of chunks) {
      metas.push({ minTime: c.minTime, maxTime: c.maxTime, ref: this.segments.write(c.encoding, c.data) })
      this.numSamples += c.numSamples
      this.numChunks++
      this.minSeen = Math.min(this.minSeen, c.minTime)
      this.maxSeen = Math.max(this.maxSeen, c.maxTime)
    }
    this.series.push({ labels, chunks: metas })
  }

  /**
   * Writes index, tombstones and meta.json, fsyncs, and renames the block into place. Bounds
   * default to [first sample, last sample + 1); given bounds must contain every chunk. Any
   * failure removes the unfinished directory.
   */
  commit(bounds?: { readonly minTime: number; readonly maxTime: number }): BlockMeta {
    if (this.done) throw new Error(`block writer ${this.ulid}: already committed or aborted`)
    this.done = true
    try {
      if (this.series.length === 0)
        throw new Error(`block writer ${this.ulid}: a block needs at least one sample`)
      const minTime = bounds?.minTime ?? this.minSeen
      const maxTime = bounds?.maxTime ?? this.maxSeen + 1
      if (this.minSeen < minTime || this.maxSeen >= maxTime)
        throw new Error(
          `block writer ${this.ulid}: chunks span [${this.minSeen}, ${this.maxSeen}], outside [${minTime}, ${maxTime})`
        )
      const durable = this.options.durable ?? true
      const write = (path: string, data: Uint8Array | string) => {
        writeFileSync(path, data, { flag: "wx" })
        if (durable) fsyncPath(path)
      }
      this.segments.finish()
      write(
        join(this.tmpDir, "index"),
        writeIndex(this.series, { legacyLabelIndices: this.options.legacyLabelIndices })
      )
      write(join(this.tmpDir, "tombstones"), encodeTombstones([]))
      const meta: BlockMeta = {
        ulid: this.ulid,
        minTime,
        maxTime,
        stats: { numSamples: this.numSamples, numSeries: this.series.length, numChunks: this.numChunks },
        compaction: { level: 1, sources: [this.ulid] },
        version: 1,
        ...(this.options.extraMeta ?? {})
      }
      write(join(this.tmpDir, "meta.json"), formatBlockMeta(meta))
      if (durable) {
        fsyncPath(join(this.tmpDir, "chunks"))
        fsyncPath(this.tmpDir)
      }
      renameSync(this.tmpDir, join(this.parentDir, this.ulid))
      if (durable) fsyncPath(this.parentDir)
      return meta
    } catch (e) {
      this.abort()
      throw e
    }
  }

  /** Drops the unfinished block directory. */
  abort(): void {
    this.done = true
    try {
      this.segments.finish()
    } finally {
      rmSync(this.tmpDir, { recursive: true, force: true })
    }
  }
}

/**
 * Writes one block from series sorted by labels (byte order), each with time-ordered chunks.
 * `bounds.minTime` inclusive, `bounds.maxTime` exclusive. Returns the meta written.
 */
export const writeBlock = (
  parentDir: string,
  series: ReadonlyArray<BlockSeries>,
  bounds?: { readonly minTime: number; readonly maxTime: number },
  options: BlockWriterOptions = {}
): BlockMeta => {
  const w = new BlockWriter(parentDir, options)
  try {
    for (const s of series) w.addSeries(s.labels, s.chunks)
  } catch (e) {
    w.abort()
    throw e
  }
  return w.commit(bounds)
}
