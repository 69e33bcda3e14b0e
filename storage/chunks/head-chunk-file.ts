/**
 * Prometheus's head chunk files (`chunks_head/NNNNNN`, tsdb-block-format.md §9.2): an 8-byte
 * header (BE32 magic 0x0130BC91, version 1, 3 zero bytes), then records `BE64 seriesRef | BE64
 * minTime | BE64 maxTime | encoding (bit 7 = out-of-order) | uvarint len | data | BE32 CRC-32C of
 * everything from seriesRef to the end of data`. Reads a file's records, so chunks Prometheus
 * m-mapped can be inspected or imported; Vesta's own head does not write this format.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { ChunkSegmentError } from "./chunk-segment.ts"

export const headChunkMagic = 0x0130bc91

export interface HeadChunkRecord {
  readonly offset: number
  /** The head's series reference (Prometheus assigns them from 1 in creation order). */
  readonly seriesRef: bigint
  readonly minTime: number
  readonly maxTime: number
  /** The encoding without the out-of-order bit. */
  readonly encoding: number
  readonly outOfOrder: boolean
  readonly data: Uint8Array
  /** Offset just past the CRC. */
  readonly end: number
}

const be64 = (b: Uint8Array, p: number): bigint => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return v.getBigUint64(p)
}

/**
 * Every record of a head chunk file. The file may end in zero bytes Prometheus has not written
 * yet (a series reference of 0 never occurs, so a zero record start is the end).
 */
export const readHeadChunkFile = (file: Uint8Array): ReadonlyArray<HeadChunkRecord> | ChunkSegmentError => {
  if (file.length < 8)
    return new ChunkSegmentError({
      offset: 0,
      reason: `file has ${file.length} bytes, shorter than the 8-byte header`
    })
  const magic = ((file[0] << 24) | (file[1] << 16) | (file[2] << 8) | file[3]) >>> 0
  if (magic !== headChunkMagic)
    return new ChunkSegmentError({ offset: 0, reason: `magic 0x${magic.toString(16)}, expected 0x130bc91` })
  if (file[4] !== 1)
    return new ChunkSegmentError({ offset: 4, reason: `format version ${file[4]}, expected 1` })
  const out: HeadChunkRecord[] = []
  let p = 8
  while (p + 25 < file.length) {
    const seriesRef = be64(file, p)
    if (seriesRef === 0n) break
    const offset = p
    let q = p + 25
    let len = 0
    let mul = 1
    for (let i = 0; ; i++) {
      if (i === 5 || q >= file.length)
        return new ChunkSegmentError({ offset, reason: "bad or truncated record length varint" })
      const b = file[q++]
      len += (b & 0x7f) * mul
      mul *= 128
      if (b < 0x80) break
    }
    if (q + len + 4 > file.length)
      return new ChunkSegmentError({
        offset,
        reason: `record of ${len} data bytes runs past the end of the file`
      })
    const stored =
      ((file[q + len] << 24) | (file[q + len + 1] << 16) | (file[q + len + 2] << 8) | file[q + len + 3]) >>> 0
    const computed = crc32c(file, p, q + len)
    if (stored !== computed)
      return new ChunkSegmentError({
        offset,
        reason: `checksum mismatch: stored 0x${stored.toString(16).padStart(8, "0")}, computed 0x${computed.toString(16).padStart(8, "0")}`
      })
    out.push({
      offset,
      seriesRef,
      minTime: Number(BigInt.asIntN(64, be64(file, p + 8))),
      maxTime: Number(BigInt.asIntN(64, be64(file, p + 16))),
      encoding: file[p + 24] & 0x7f,
      outOfOrder: (file[p + 24] & 0x80) !== 0,
      data: file.subarray(q, q + len),
      end: q + len + 4
    })
    p = q + len + 4
  }
  return out
}
