/**
 * Writes a Prometheus TSDB block directory: chunk segment files (`chunks/000001`…, records with
 * CRC-32C, ≤ 512 MiB each), the index, an empty tombstones file and meta.json. Everything is built
 * in `<ulid>.tmp-for-creation`, fsynced, then renamed, so a crash never leaves a half block.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { crc32c } from "../chunks/crc32c.ts"
import type { Labels } from "../promql/values.ts"
import { ByteBuffer } from "./byte-buffer.ts"
import { type ChunkMeta, writeIndex } from "./index-writer.ts"
import { ulid as newUlid } from "./ulid.ts"

export const segmentMaxBytes = 512 * 1024 * 1024

export interface BlockChunk {
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

export interface BlockMeta {
  readonly ulid: string
  readonly minTime: number
  readonly maxTime: number
  readonly stats: { numSamples: number; numSeries: number; numChunks: number }
  readonly compaction: { level: number; sources: string[] }
  readonly version: 1
  readonly thanos?: unknown
}

const fsyncPath = (path: string) => {
  const fd = openSync(path, "r")
  fsyncSync(fd)
  closeSync(fd)
}

/**
 * Writes one block from series sorted by labels (byte order), each with time-ordered chunks.
 * `minTime` inclusive, `maxTime` exclusive. Returns the meta written.
 */
export const writeBlock = (
  parentDir: string,
  series: ReadonlyArray<BlockSeries>,
  bounds: { readonly minTime: number; readonly maxTime: number },
  options: {
    readonly ulid?: string
    readonly extraMeta?: Record<string, unknown>
    /** fsync files and directories before the rename (default); off only for scratch blocks in tests. */
    readonly durable?: boolean
  } = {}
): BlockMeta => {
  const id = options.ulid ?? newUlid()
  const durable = options.durable ?? true
  const writeDurably = (path: string, data: Uint8Array | string) => {
    writeFileSync(path, data)
    if (durable) fsyncPath(path)
  }
  const fsyncDir = (dir: string) => {
    if (durable) fsyncPath(dir)
  }
  const tmp = join(parentDir, `${id}.tmp-for-creation`)
  mkdirSync(join(tmp, "chunks"), { recursive: true })
  const segments: ByteBuffer[] = []
  let seg = new ByteBuffer()
  const startSegment = () => {
    seg = new ByteBuffer()
    seg.be32(0x85bd40dd)
    seg.u8(1)
    seg.u8(0)
    seg.u8(0)
    seg.u8(0)
    segments.push(seg)
  }
  startSegment()
  let numSamples = 0
  let numChunks = 0
  const indexSeries = series.map((s) => {
    const metas: ChunkMeta[] = []
    for (const c of s.chunks) {
      const recordSize = 1 + 5 + c.data.length + 4
      if (seg.length > 8 && seg.length + recordSize > segmentMaxBytes) startSegment()
      const ref = (segments.length - 1) * 2 ** 32 + seg.length
      seg.uvarint(c.data.length)
      const crcFrom = seg.length
      seg.u8(c.encoding)
      seg.raw(c.data)
      seg.be32(crc32c(seg.bytes, crcFrom, seg.length))
      metas.push({ minTime: c.minTime, maxTime: c.maxTime, ref })
      numSamples += c.numSamples
      numChunks++
    }
    return { labels: s.labels, chunks: metas }
  })
  segments.forEach((b, i) => writeDurably(join(tmp, "chunks", String(i + 1).padStart(6, "0")), b.view()))
  writeDurably(join(tmp, "index"), writeIndex(indexSeries))
  writeDurably(join(tmp, "tombstones"), new Uint8Array([0x01, 0x30, 0xba, 0x30, 0x01, 0, 0, 0, 0]))
  const meta: BlockMeta = {
    ulid: id,
    minTime: bounds.minTime,
    maxTime: bounds.maxTime,
    stats: { numSamples, numSeries: series.length, numChunks },
    compaction: { level: 1, sources: [id] },
    version: 1,
    ...(options.extraMeta ?? {})
  }
  writeDurably(join(tmp, "meta.json"), JSON.stringify(meta, null, "\t"))
  fsyncDir(join(tmp, "chunks"))
  fsyncDir(tmp)
  renameSync(tmp, join(parentDir, id))
  fsyncDir(parentDir)
  return meta
}
