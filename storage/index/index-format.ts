/**
 * Constants and framing of the TSDB index file, format version 2 (tsdb-block-format.md §6):
 * magic and version, the 52-byte TOC, and "sized sections" (`BE32 len | content | BE32
 * CRC-32C(content)`) read by range with their checksum verified. Writing lives in
 * index-writer.ts, the reader in index-reader.ts.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { ByteCursor, be32At } from "./byte-cursor.ts"
import { corrupt } from "./corruption-error.ts"
import { type RangeReads, readRange } from "./range-reads.ts"

export const indexMagic = 0xbaaad700
export const indexVersion = 2
export const indexTocBytes = 52
/** Series entries start at multiples of 16; a series ID is its entry's offset / 16. */
export const seriesAlignment = 16

/** The six section offsets, in file order of the TOC fields. Zero means absent. */
export interface IndexToc {
  readonly symbols: number
  readonly series: number
  /** Legacy (v2 readers ignore it); equals the end of the series when there are none. */
  readonly labelIndices: number
  /** Legacy; equals postingsOffsetTable when there is none. */
  readonly labelOffsetTable: number
  readonly postings: number
  readonly postingsOffsetTable: number
}

/** Checks magic and version and reads the TOC, verifying its CRC. */
export function* readIndexToc(file: string, size: number): RangeReads<IndexToc> {
  if (size < 5 + indexTocBytes)
    corrupt(file, 0, `index file has ${size} bytes, too short for header and TOC (${5 + indexTocBytes})`)
  const head = yield* readRange(0, 5)
  if (head.length < 5) corrupt(file, 0, "index file ends inside its header")
  const magic = be32At(head, 0)
  if (magic !== indexMagic)
    corrupt(file, 0, `index magic 0x${magic.toString(16).padStart(8, "0")}, expected 0xbaaad700`)
  if (head[4] !== indexVersion) corrupt(file, 4, `unsupported index format version ${head[4]}, expected 2`)
  const at = size - indexTocBytes
  const b = yield* readRange(at, indexTocBytes)
  if (b.length < indexTocBytes) corrupt(file, at, "index file ends inside its TOC")
  const stored = be32At(b, 48)
  const computed = crc32c(b, 0, 48)
  if (stored !== computed) corrupt(file, at, checksumReason("TOC", stored, computed))
  const c = new ByteCursor(b, file, at)
  const toc: IndexToc = {
    symbols: c.be64(),
    series: c.be64(),
    labelIndices: c.be64(),
    labelOffsetTable: c.be64(),
    postings: c.be64(),
    postingsOffsetTable: c.be64()
  }
  for (const [name, offset] of Object.entries(toc))
    if (offset >= at) corrupt(file, at, `TOC field ${name} points at ${offset}, past the TOC itself`)
  return toc
}

export const checksumReason = (what: string, stored: number, computed: number): string =>
  `${what} checksum mismatch: stored 0x${stored.toString(16).padStart(8, "0")}, computed 0x${computed.toString(16).padStart(8, "0")}`

/**
 * Reads the sized section at `offset` and returns a cursor over its content (CRC verified).
 * `window` is a guess of the whole section's size: when it is big enough, one read suffices.
 */
export function* readSection(file: string, offset: number, what: string, window = 4): RangeReads<ByteCursor> {
  let b = yield* readRange(offset, Math.max(window, 8))
  if (b.length < 8) corrupt(file, offset, `${what} runs past the end of the file`)
  const len = be32At(b, 0)
  if (b.length < len + 8) {
    b = yield* readRange(offset, len + 8)
    if (b.length < len + 8) corrupt(file, offset, `${what} of ${len} bytes runs past the end of the file`)
  }
  const stored = be32At(b, 4 + len)
  const computed = crc32c(b, 4, 4 + len)
  if (stored !== computed) corrupt(file, offset, checksumReason(what, stored, computed))
  return new ByteCursor(b.subarray(4, 4 + len), file, offset + 4)
}
