/**
 * Writes a TSDB index, format version 2 (tsdb-block-format.md §6): symbol table, 16-byte aligned
 * series entries with delta-encoded chunk metas, postings lists (all-postings first), postings
 * offset table, TOC; every section with its CRC-32C. No legacy label indices (the 3.7+ shape,
 * which promtool 2.42 reads). Series must come sorted by labels in byte order.
 */
import { crc32c } from "../chunks/crc32c.ts"
import type { Labels } from "../promql/values.ts"
import { compareUtf8 } from "../promql/values.ts"
import { ByteBuffer } from "./byte-buffer.ts"

export interface ChunkMeta {
  readonly minTime: number
  readonly maxTime: number
  /** (segment index << 32) | offset, as a Number (exact below 2^53). */
  readonly ref: number
}

export interface IndexSeries {
  readonly labels: Labels
  readonly chunks: ReadonlyArray<ChunkMeta>
}

const sizedSection = (b: ByteBuffer, write: () => void): void => {
  const lenAt = b.length
  b.be32(0)
  const start = b.length
  write()
  const end = b.length
  b.setBe32(lenAt, end - start)
  b.be32(crc32c(b.bytes, start, end))
}

export const writeIndex = (series: ReadonlyArray<IndexSeries>): Uint8Array => {
  const b = new ByteBuffer()
  b.be32(0xbaaad700)
  b.u8(2)
  // Symbols: every name and value, plus "" (the all-postings key), sorted by UTF-8 bytes.
  const symbolSet = new Set<string>([""])
  for (const s of series) for (const x of s.labels) symbolSet.add(x)
  const symbols = [...symbolSet].sort(compareUtf8)
  const symbolRef = new Map(symbols.map((s, i) => [s, i]))
  const tocSymbols = b.length
  sizedSection(b, () => {
    b.be32(symbols.length)
    for (const s of symbols) b.string(s)
  })
  // Series, each at a multiple of 16; its ID is offset / 16.
  const tocSeries = b.length
  const postings = new Map<string, Map<string, number[]>>()
  const all: number[] = []
  const entry = new ByteBuffer()
  for (const s of series) {
    b.align(16)
    const id = b.length / 16
    all.push(id)
    for (let i = 0; i < s.labels.length; i += 2) {
      let values = postings.get(s.labels[i])
      if (!values) postings.set(s.labels[i], (values = new Map()))
      let list = values.get(s.labels[i + 1])
      if (!list) values.set(s.labels[i + 1], (list = []))
      list.push(id)
    }
    entry.length = 0
    entry.uvarint(s.labels.length / 2)
    for (const x of s.labels) entry.uvarint(symbolRef.get(x) as number)
    entry.uvarint(s.chunks.length)
    s.chunks.forEach((c, i) => {
      if (i === 0) {
        entry.varint(c.minTime)
        entry.uvarint(c.maxTime - c.minTime)
        entry.uvarint(c.ref)
      } else {
        const prev = s.chunks[i - 1]
        entry.uvarint(c.minTime - prev.maxTime)
        entry.uvarint(c.maxTime - c.minTime)
        entry.varint(c.ref - prev.ref)
      }
    })
    const content = entry.view()
    b.uvarint(content.length)
    b.raw(content)
    b.be32(crc32c(content))
  }
  const tocPostings = b.length
  b.align(4)
  // Postings lists: ("", "") first, then by name and value.
  const offsets: Array<[string, string, number]> = []
  const writeList = (name: string, value: string, ids: number[]) => {
    offsets.push([name, value, b.length])
    sizedSection(b, () => {
      b.be32(ids.length)
      for (const id of ids) b.be32(id)
    })
  }
  writeList("", "", all)
  for (const name of [...postings.keys()].sort(compareUtf8)) {
    const values = postings.get(name) as Map<string, number[]>
    for (const value of [...values.keys()].sort(compareUtf8))
      writeList(name, value, values.get(value) as number[])
  }
  const tocPostingsOffsetTable = b.length
  sizedSection(b, () => {
    b.be32(offsets.length)
    for (const [name, value, offset] of offsets) {
      b.uvarint(2)
      b.string(name)
      b.string(value)
      b.uvarint(offset)
    }
  })
  const tocAt = b.length
  b.be64(tocSymbols)
  b.be64(tocSeries)
  b.be64(tocPostings) // label indices: none (3.7+ shape)
  b.be64(tocPostingsOffsetTable) // label offset table: none
  b.be64(tocPostings)
  b.be64(tocPostingsOffsetTable)
  b.be32(crc32c(b.bytes, tocAt, b.length))
  return b.view().slice()
}
