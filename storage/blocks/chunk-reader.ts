/**
 * Reads chunk records of a block by reference, one byte range each, from the segment files in
 * `chunks/` (reference = 0-based segment position << 32 | record offset). Every record's CRC is
 * verified and its encoding must be a known one; damage is a CorruptionError naming the segment
 * file and the record's offset. It returns chunk bytes; decoding samples is storage/chunks' job.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { encodingName } from "../chunks/chunk-encoding.ts"
import { segmentHeaderBytes, segmentMagic, segmentVersion } from "../chunks/chunk-segment.ts"
import { be32At } from "../index/byte-cursor.ts"
import type { ByteSource, SyncByteSource } from "../index/byte-source.ts"
import { CorruptionError, corrupt } from "../index/corruption-error.ts"
import { checksumReason } from "../index/index-format.ts"
import {
  isSyncSource,
  onSource,
  type RangeReads,
  readRange,
  runAsync,
  runSourcesAsync,
  runSourcesSync,
  runSync,
  type SourceReads
} from "../index/range-reads.ts"

/** A chunk as stored: the encoding byte and the encoding's bytes (count header included). */
export interface ChunkBytes {
  readonly encoding: number
  readonly data: Uint8Array
}

/** Largest record the first read tries to cover: a full XOR chunk (1024 bytes) plus framing. */
const recordWindowBytes = 1024 + 16

/** Encodings a block may hold (tsdb-block-format.md §4.4); bit 7 belongs to head chunks only. */
const knownEncodings = new Set([1, 2, 3, 4, 5, 6])

function* readSegmentHeader(file: string, size: number): RangeReads<void> {
  const b = yield* readRange(0, segmentHeaderBytes)
  if (b.length < segmentHeaderBytes)
    corrupt(file, 0, `segment has ${b.length} bytes, shorter than its 8-byte header`)
  const magic = be32At(b, 0)
  if (magic !== segmentMagic)
    corrupt(file, 0, `segment magic 0x${magic.toString(16).padStart(8, "0")}, expected 0x85bd40dd`)
  if (b[4] !== segmentVersion) corrupt(file, 4, `segment format version ${b[4]}, expected 1`)
  if (size < segmentHeaderBytes) corrupt(file, 0, "segment shorter than its header")
}

/**
 * The record at `offset`. `length` is how much to fetch first; when the caller knows where the
 * next record starts (the next chunk of the series) one read covers the record exactly.
 */
function* readRecord(file: string, size: number, offset: number, length: number): RangeReads<ChunkBytes> {
  if (offset < segmentHeaderBytes || offset >= size)
    corrupt(file, offset, `chunk reference offset ${offset} outside the segment (${size} bytes)`)
  let b = yield* readRange(offset, Math.min(Math.max(length, 16), size - offset))
  let len = 0
  let mul = 1
  let p = 0
  for (;;) {
    if (p === 5) corrupt(file, offset, "chunk length varint longer than 5 bytes")
    if (p >= b.length) corrupt(file, offset, "segment ends inside the chunk length")
    const byte = b[p++]
    len += (byte & 0x7f) * mul
    mul *= 128
    if (byte < 0x80) break
  }
  const total = p + 1 + len + 4
  if (b.length < total) {
    b = yield* readRange(offset, total)
    if (b.length < total)
      corrupt(file, offset, `chunk of ${len} data bytes runs past the end of the segment (${size} bytes)`)
  }
  const encoding = b[p]
  const stored = be32At(b, p + 1 + len)
  const computed = crc32c(b, p, p + 1 + len)
  if (stored !== computed) corrupt(file, offset, checksumReason("chunk", stored, computed))
  if (!knownEncodings.has(encoding))
    corrupt(file, p + offset, `unknown chunk encoding ${encoding} (${encodingName(encoding)})`)
  return { encoding, data: b.subarray(p + 1, p + 1 + len) }
}

export class ChunkReader {
  /** Segment sources by 0-based position. */
  readonly segments: ReadonlyArray<ByteSource>

  private constructor(segments: ReadonlyArray<ByteSource>) {
    this.segments = segments
  }

  /** Opens the segments (in file-name order), checking each header. */
  static async open(segments: ReadonlyArray<ByteSource>): Promise<ChunkReader> {
    for (const s of segments) await runAsync(s, readSegmentHeader(s.name, s.size))
    return new ChunkReader(segments)
  }

  static openSync(segments: ReadonlyArray<SyncByteSource>): ChunkReader {
    for (const s of segments) runSync(s, readSegmentHeader(s.name, s.size))
    return new ChunkReader(segments)
  }

  private locate(ref: number): { source: ByteSource; offset: number } {
    const position = Math.floor(ref / 2 ** 32)
    const offset = ref % 2 ** 32
    const source = this.segments[position]
    if (source === undefined)
      throw new CorruptionError({
        file: "chunks/",
        offset,
        reason: `chunk reference ${ref} names segment ${position}, but the block has ${this.segments.length}`
      })
    return { source, offset }
  }

  /**
   * The chunk at `ref`. Pass `nextRef` (the series' next chunk) when known: if it is in the same
   * segment the record is fetched in exactly one range.
   */
  chunk(ref: number, nextRef?: number): Promise<ChunkBytes> {
    return runSourcesAsync(this.chunkSteps(ref, nextRef))
  }

  chunkSync(ref: number, nextRef?: number): ChunkBytes {
    return runSourcesSync(this.chunkSteps(ref, nextRef))
  }

  *chunkSteps(ref: number, nextRef?: number): SourceReads<ChunkBytes> {
    const { source, offset } = this.locate(ref)
    return yield* onSource(source, readRecord(source.name, source.size, offset, windowFor(ref, nextRef)))
  }

  /** Whether every segment can be read synchronously (local files, memory). */
  get isSync(): boolean {
    return this.segments.every(isSyncSource)
  }

  close(): Promise<void> {
    return Promise.all(this.segments.map((s) => s.close())).then(() => undefined)
  }
}

const windowFor = (ref: number, nextRef: number | undefined): number =>
  nextRef !== undefined &&
  nextRef > ref &&
  nextRef - ref < 2 ** 32 &&
  Math.floor(nextRef / 2 ** 32) === Math.floor(ref / 2 ** 32)
    ? nextRef - ref
    : recordWindowBytes
