/**
 * The file log's byte format (diagrams in storage/log/format.md): a segment header, then records
 * of `CRC-32C | length | seq | data`. Encoding headers and scanning a segment's bytes; plain code,
 * no I/O. It does not decide what to do about damage: the scan reports it, file-log-open.ts acts.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"

export const segmentHeaderBytes = 20
export const recordHeaderBytes = 16
const magic = 0x564c4f47 // "VLOG"
const formatVersion = 1
const two32 = 2 ** 32

const writeU64 = (b: Buffer, offset: number, value: number) => {
  b.writeUInt32BE(Math.floor(value / two32), offset)
  b.writeUInt32BE(value >>> 0, offset + 4)
}
const readU64 = (b: Buffer, offset: number) => b.readUInt32BE(offset) * two32 + b.readUInt32BE(offset + 4)

/** `VLOG | version | first seq | CRC-32C of the 16 bytes before it`. */
export const encodeSegmentHeader = (firstSeq: number): Buffer => {
  const b = Buffer.alloc(segmentHeaderBytes)
  b.writeUInt32BE(magic, 0)
  b.writeUInt32BE(formatVersion, 4)
  writeU64(b, 8, firstSeq)
  b.writeUInt32BE(crc32c(b, 0, 16), 16)
  return b
}

/** The header's first seq, or why the header is not valid. */
export const decodeSegmentHeader = (b: Buffer): number | string => {
  if (b.length < segmentHeaderBytes)
    return `segment header is ${b.length} bytes, expected ${segmentHeaderBytes}`
  if (b.readUInt32BE(0) !== magic) return "not a log segment (bad magic)"
  if (crc32c(b, 0, 16) !== b.readUInt32BE(16)) return "segment header checksum mismatch"
  if (b.readUInt32BE(4) !== formatVersion) return `unsupported segment format version ${b.readUInt32BE(4)}`
  return readU64(b, 8)
}

/**
 * Writes the 16-byte header of one record into `into` at `at`. The CRC covers length, seq and
 * data, so zero-filled space (a tail the file system never wrote) never passes as a record.
 */
export const encodeRecordHeader = (into: Buffer, at: number, seq: number, data: Uint8Array): void => {
  into.writeUInt32BE(data.length, at + 4)
  writeU64(into, at + 8, seq)
  into.writeUInt32BE(crc32c(data, 0, data.length, crc32c(into, at + 4, at + 16)), at)
}

export interface SegmentDamage {
  readonly offset: number
  readonly reason: string
}

export interface SegmentScan {
  /** Byte offset of each valid record, in sequence order from the segment's first seq. */
  readonly offsets: number[]
  /** Where the valid records end (the file size when there is no damage). */
  readonly validBytes: number
  readonly damage?: SegmentDamage
}

/** The record at `at` if it is whole, passes its CRC and has sequence `seq`; else why not. */
export const checkRecord = (b: Buffer, at: number, seq: number): number | string => {
  const left = b.length - at
  if (left < recordHeaderBytes) return `torn record header (${left} of ${recordHeaderBytes} bytes)`
  const len = b.readUInt32BE(at + 4)
  if (len > left - recordHeaderBytes)
    return `record of ${len} bytes runs past the end of the file (${left - recordHeaderBytes} bytes left)`
  const crc = crc32c(b, at + recordHeaderBytes, at + recordHeaderBytes + len, crc32c(b, at + 4, at + 16))
  if (crc !== b.readUInt32BE(at)) return "record checksum mismatch"
  const got = readU64(b, at + 8)
  if (got !== seq) return `record has sequence ${got}, expected ${seq}`
  return recordHeaderBytes + len
}

/** Scans the records of one whole segment (header included in `b`), stopping at the first damage. */
export const scanSegment = (b: Buffer, firstSeq: number): SegmentScan => {
  const offsets: number[] = []
  let at = segmentHeaderBytes
  while (at < b.length) {
    const r = checkRecord(b, at, firstSeq + offsets.length)
    if (typeof r === "string") return { offsets, validBytes: at, damage: { offset: at, reason: r } }
    offsets.push(at)
    at += r
  }
  return { offsets, validBytes: at }
}

/**
 * Whether a valid record with a sequence above `afterSeq` starts anywhere after `from`. A torn
 * tail (kill -9 or power loss during the last unacknowledged write) is followed by nothing valid;
 * a later valid record means the damage sits among acknowledged data. Candidate positions are
 * filtered on the seq field before any CRC is computed, so this stays linear in practice.
 */
export const validRecordAfter = (b: Buffer, from: number, afterSeq: number): number | undefined => {
  const maxSeq = afterSeq + Math.ceil((b.length - from) / recordHeaderBytes)
  for (let at = from + 1; at + recordHeaderBytes <= b.length; at++) {
    const seq = readU64(b, at + 8)
    if (seq <= afterSeq || seq > maxSeq) continue
    const len = b.readUInt32BE(at + 4)
    if (len > b.length - at - recordHeaderBytes) continue
    if (typeof checkRecord(b, at, seq) === "number") return at
  }
  return undefined
}
