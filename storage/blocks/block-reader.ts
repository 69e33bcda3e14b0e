/**
 * Opens a Prometheus TSDB block: meta.json, the index header (via IndexReader), the chunk
 * segments (via ChunkReader) and the tombstones. The index and chunk readers read by byte range
 * and are asynchronous, so the same code can serve an object store; the synchronous methods on
 * BlockReader itself are conveniences for local directories (CLI, tests). It does not decode
 * samples (storage/chunks) and does not merge blocks (block-queryable.ts).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { type ByteSource, FileByteSource } from "../index/byte-source.ts"
import { IndexReader, type SeriesEntry } from "../index/index-reader.ts"
import type { Postings } from "../index/postings.ts"
import type { IndexMatcher } from "../index/postings-for-matchers.ts"
import { isSyncSource } from "../index/range-reads.ts"
import { type BlockMeta, parseBlockMeta } from "./block-meta.ts"
import { type ChunkBytes, ChunkReader } from "./chunk-reader.ts"
import { decodeTombstones, type Tombstone } from "./tombstones.ts"

/** Names of the files in `chunks/` that are segments (numbers), in order: position = ref >> 32. */
export const segmentFiles = (chunksDir: string): string[] =>
  readdirSync(chunksDir)
    .filter((n) => /^\d+$/.test(n))
    .sort()

export class BlockReader {
  readonly dir: string
  readonly meta: BlockMeta
  readonly index: IndexReader
  readonly chunks: ChunkReader
  readonly tombstones: ReadonlyArray<Tombstone>

  private constructor(
    dir: string,
    meta: BlockMeta,
    index: IndexReader,
    chunks: ChunkReader,
    tombstones: Tombstone[]
  ) {
    this.dir = dir
    this.meta = meta
    this.index = index
    this.chunks = chunks
    this.tombstones = tombstones
  }

  /**
   * A block from already opened sources (a local directory, or objects in a store): meta.json
   * and tombstones as text/bytes (both small), the index and segments as range sources.
   */
  static async fromSources(
    dir: string,
    metaJson: string,
    index: ByteSource,
    segments: ReadonlyArray<ByteSource>,
    tombstones: Uint8Array | undefined
  ): Promise<BlockReader> {
    const meta = parseBlockMeta(metaJson, join(dir, "meta.json"))
    const t = tombstones === undefined ? [] : decodeTombstones(tombstones, join(dir, "tombstones"))
    return new BlockReader(dir, meta, await IndexReader.open(index), await ChunkReader.open(segments), t)
  }

  /** Opens a local block directory. */
  static open(dir: string): Promise<BlockReader> {
    const { meta, tombstones, index, segments } = openLocal(dir)
    return BlockReader.fromSources(dir, meta, index, segments, tombstones)
  }

  /** Opens a local block directory without awaiting (every read is a positional file read). */
  static openSync(dir: string): BlockReader {
    const { meta, tombstones, index, segments } = openLocal(dir)
    try {
      const m = parseBlockMeta(meta, join(dir, "meta.json"))
      const t = tombstones === undefined ? [] : decodeTombstones(tombstones, join(dir, "tombstones"))
      return new BlockReader(dir, m, IndexReader.openSync(index), ChunkReader.openSync(segments), t)
    } catch (e) {
      index.closeSync()
      for (const s of segments) s.closeSync()
      throw e
    }
  }

  /** Whether every file of the block can be read synchronously (local files, memory). */
  get isSync(): boolean {
    return isSyncSource(this.index.source) && this.chunks.isSync
  }

  /** Series IDs matching all matchers, ascending (local blocks; see IndexReader.select). */
  select(matchers: ReadonlyArray<IndexMatcher>): Postings {
    return this.index.runSync(this.index.selectSteps(matchers))
  }

  series(id: number): SeriesEntry {
    return this.index.runSync(this.index.seriesSteps(id))
  }

  chunk(ref: number, nextRef?: number): ChunkBytes {
    return this.chunks.chunkSync(ref, nextRef)
  }

  labelNames(): string[] {
    return this.index.labelNames()
  }

  labelValues(name: string): ReadonlyArray<string> {
    return this.index.labelValues(name)
  }

  /** Closes the file handles (the synchronous sources close at once). */
  close(): void {
    void this.index.source.close()
    void this.chunks.close()
  }
}

const openLocal = (dir: string) => {
  const meta = readFileSync(join(dir, "meta.json"), "utf8")
  const tombPath = join(dir, "tombstones")
  const tombstones = existsSync(tombPath) ? new Uint8Array(readFileSync(tombPath)) : undefined
  const chunksDir = join(dir, "chunks")
  const segments: FileByteSource[] = []
  const index = new FileByteSource(join(dir, "index"))
  try {
    for (const name of segmentFiles(chunksDir)) segments.push(new FileByteSource(join(chunksDir, name)))
  } catch (e) {
    index.closeSync()
    for (const s of segments) s.closeSync()
    throw e
  }
  return { meta, tombstones, index, segments }
}
