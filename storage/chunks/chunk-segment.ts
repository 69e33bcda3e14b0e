/**
 * The `chunks/NNNNNN` segment file of a block (tsdb-block-format.md §4): an 8-byte header (BE32
 * magic 0x85BD40DD, version 1, 3 zero bytes), then records `uvarint len | encoding | data |
 * BE32 CRC-32C(encoding + data)`. Reads one record at a reference offset, or walks all of them;
 * builds records and headers for writers. It does not decode chunk data or open files.
 */
import { Schema } from "effect"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { encodingName } from "./chunk-encoding.ts"

export const segmentMagic = 0x85bd40dd
export const segmentVersion = 1
export const segmentHeaderBytes = 8

/** A segment or record that does not have the shape the format requires. */
export class ChunkSegmentError extends Schema.TaggedError<ChunkSegmentError>()("ChunkSegmentError", {
  offset: Schema.Number,
  reason: Schema.String
}) {
  override get message() {
    return `chunk segment corrupt at offset ${this.offset}: ${this.reason}`
  }
}

/** One record; `data` is a view into the segment bytes (count header included). */
export interface ChunkRecord {
  /** Offset of the record's length field: the low 32 bits of the chunk reference. */
  readonly offset: number
  readonly encoding: number
  readonly data: Uint8Array
  /** Offset just past the CRC, where the next record starts. */
  readonly end: number
}

/** Undefined when `file` starts with a valid segment header. */
export const checkSegmentHeader = (file: Uint8Array): ChunkSegmentError | undefined => {
  if (file.length < segmentHeaderBytes)
    return new ChunkSegmentError({
      offset: 0,
      reason: `file has ${file.length} bytes, shorter than the 8-byte header`
    })
  const magic = ((file[0] << 24) | (file[1] << 16) | (file[2] << 8) | file[3]) >>> 0
  if (magic !== segmentMagic)
    return new ChunkSegmentError({ offset: 0, reason: `magic 0x${magic.toString(16)}, expected 0x85bd40dd` })
  if (file[4] !== segmentVersion)
    return new ChunkSegmentError({ offset: 4, reason: `format version ${file[4]}, expected 1` })
  return undefined
}

/**
 * The record at `offset`, with its CRC verified. `allowed` lists the encodings the caller can
 * decode; any other is an error naming it (a float-only reader must not misread histograms).
 */
export const readChunkRecord = (
  file: Uint8Array,
  offset: number,
  allowed?: ReadonlySet<number>
): ChunkRecord | ChunkSegmentError => {
  if (offset < segmentHeaderBytes || offset >= file.length)
    return new ChunkSegmentError({ offset, reason: `record offset outside the file (${file.length} bytes)` })
  let p = offset
  let len = 0
  let mul = 1
  for (let i = 0; ; i++) {
    if (i === 5) return new ChunkSegmentError({ offset, reason: "record length varint longer than 5 bytes" })
    if (p >= file.length)
      return new ChunkSegmentError({ offset, reason: "file ends inside the record length" })
    const b = file[p++]
    len += (b & 0x7f) * mul
    mul *= 128
    if (b < 0x80) break
  }
  const encodingAt = p
  const dataEnd = encodingAt + 1 + len
  if (dataEnd + 4 > file.length)
    return new ChunkSegmentError({
      offset,
      reason: `record of ${len} data bytes runs past the end of the file (${file.length} bytes)`
    })
  const encoding = file[encodingAt]
  if (allowed !== undefined && !allowed.has(encoding))
    return new ChunkSegmentError({
      offset,
      reason: `unsupported chunk encoding ${encoding} (${encodingName(encoding)})`
    })
  const stored =
    ((file[dataEnd] << 24) | (file[dataEnd + 1] << 16) | (file[dataEnd + 2] << 8) | file[dataEnd + 3]) >>> 0
  const computed = crc32c(file, encodingAt, dataEnd)
  if (stored !== computed)
    return new ChunkSegmentError({
      offset,
      reason: `checksum mismatch: stored 0x${stored.toString(16).padStart(8, "0")}, computed 0x${computed.toString(16).padStart(8, "0")}`
    })
  return { offset, encoding, data: file.subarray(encodingAt + 1, dataEnd), end: dataEnd + 4 }
}

/** Every record of a segment in file order (the header checked first), or the first problem. */
export const readChunkSegment = (
  file: Uint8Array,
  allowed?: ReadonlySet<number>
): ReadonlyArray<ChunkRecord> | ChunkSegmentError => {
  const bad = checkSegmentHeader(file)
  if (bad) return bad
  const out: ChunkRecord[] = []
  let p = segmentHeaderBytes
  while (p < file.length) {
    const r = readChunkRecord(file, p, allowed)
    if (r instanceof ChunkSegmentError) return r
    out.push(r)
    p = r.end
  }
  return out
}

/** The 8-byte segment header. */
export const segmentHeader = (): Uint8Array =>
  new Uint8Array([0x85, 0xbd, 0x40, 0xdd, segmentVersion, 0, 0, 0])

/** One complete record for `data` (count header included) under `encoding`. */
export const encodeChunkRecord = (encoding: number, data: Uint8Array): Uint8Array => {
  let lenBytes = 1
  for (let v = data.length; v >= 0x80; v = Math.floor(v / 128)) lenBytes++
  const out = new Uint8Array(lenBytes + 1 + data.length + 4)
  let p = 0
  let v = data.length
  while (v >= 0x80) {
    out[p++] = (v & 0x7f) | 0x80
    v = Math.floor(v / 128)
  }
  out[p++] = v
  out[p] = encoding
  out.set(data, p + 1)
  const end = p + 1 + data.length
  const crc = crc32c(out, p, end)
  out[end] = crc >>> 24
  out[end + 1] = (crc >>> 16) & 0xff
  out[end + 2] = (crc >>> 8) & 0xff
  out[end + 3] = crc & 0xff
  return out
}

/** The chunk reference of a record: 0-based segment position in the high 32 bits, offset low. */
export const chunkRef = (segmentIndex: number, offset: number): bigint =>
  (BigInt(segmentIndex) << 32n) | BigInt(offset >>> 0)
