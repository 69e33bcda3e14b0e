/**
 * The block's `tombstones` file (tsdb-block-format.md §7): BE32 magic 0x0130BA30, version 1, then
 * records `uvarint seriesID | varint minTime | varint maxTime` (closed intervals), then a CRC-32C
 * over the records only. Encodes and decodes; an absent file means no deletions. It does not apply
 * tombstones to samples (readers do).
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { ByteBuffer } from "../index/byte-buffer.ts"
import { ByteCursor, be32At } from "../index/byte-cursor.ts"
import { corrupt } from "../index/corruption-error.ts"
import { checksumReason } from "../index/index-format.ts"

export const tombstonesMagic = 0x0130ba30
export const tombstonesVersion = 1

/** Samples of `seriesId` with minTime <= t <= maxTime are deleted. */
export interface Tombstone {
  readonly seriesId: number
  readonly minTime: number
  readonly maxTime: number
}

export const encodeTombstones = (tombstones: ReadonlyArray<Tombstone>): Uint8Array => {
  const b = new ByteBuffer()
  b.be32(tombstonesMagic)
  b.u8(tombstonesVersion)
  const from = b.length
  for (const t of tombstones) {
    b.uvarint(t.seriesId)
    b.varint(t.minTime)
    b.varint(t.maxTime)
  }
  b.be32(crc32c(b.bytes, from, b.length))
  return b.view().slice()
}

/** The tombstones in `bytes` (the whole file), or a CorruptionError thrown naming `file`. */
export const decodeTombstones = (bytes: Uint8Array, file: string): Tombstone[] => {
  if (bytes.length < 9) corrupt(file, 0, `tombstones file has ${bytes.length} bytes, at least 9 needed`)
  const magic = be32At(bytes, 0)
  if (magic !== tombstonesMagic)
    corrupt(file, 0, `tombstones magic 0x${magic.toString(16).padStart(8, "0")}, expected 0x0130ba30`)
  if (bytes[4] !== tombstonesVersion) corrupt(file, 4, `tombstones format version ${bytes[4]}, expected 1`)
  const end = bytes.length - 4
  const stored = be32At(bytes, end)
  const computed = crc32c(bytes, 5, end)
  if (stored !== computed) corrupt(file, end, checksumReason("tombstones", stored, computed))
  const c = new ByteCursor(bytes.subarray(0, end), file, 0, 5)
  const out: Tombstone[] = []
  while (c.remaining > 0) {
    const at = c.pos
    const t = { seriesId: c.uvarint(), minTime: c.varintClamped(), maxTime: c.varintClamped() }
    if (t.maxTime < t.minTime) c.fail(`tombstone interval [${t.minTime}, ${t.maxTime}] is reversed`, at)
    out.push(t)
  }
  return out
}

/** Whether `t` of series `seriesId` is deleted by any of `tombstones`. */
export const isDeleted = (tombstones: ReadonlyArray<Tombstone>, seriesId: number, t: number): boolean => {
  for (const x of tombstones) if (x.seriesId === seriesId && x.minTime <= t && t <= x.maxTime) return true
  return false
}
