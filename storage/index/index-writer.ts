/**
 * Writes a TSDB index file, format version 2 (tsdb-block-format.md §6): symbol table, 16-byte
 * aligned series entries with delta-encoded chunk metas, legacy label indices, postings lists (the
 * all-postings list first), legacy label offset table, postings offset table, TOC; every section
 * with its CRC-32C. It builds the file in memory and does no I/O.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import type { Labels } from "../labels/labels.ts"
import { compareLabels } from "../labels/labels.ts"
import { compareUtf8 } from "../labels/utf8-order.ts"
import { ByteBuffer } from "./byte-buffer.ts"
import { indexMagic, indexVersion, seriesAlignment } from "./index-format.ts"

/** Where a chunk is and what time it covers (both bounds inclusive: first and last sample). */
export interface ChunkMeta {
  readonly minTime: number
  readonly maxTime: number
  /** (0-based segment position << 32) | record offset, as a Number (exact below 2^53). */
  readonly ref: number
}

export interface IndexSeries {
  readonly labels: Labels
  readonly chunks: ReadonlyArray<ChunkMeta>
}

export interface IndexWriterOptions {
  /**
   * Write the label indices and label offset table that Prometheus 2.x–3.6 write and no v2
   * reader uses (default true: then the file is byte for byte what promtool 2.42 writes).
   */
  readonly legacyLabelIndices?: boolean
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

/** Message naming the first broken writer rule, or undefined. Breaking one is a caller bug. */
const checkSeries = (series: ReadonlyArray<IndexSeries>): string | undefined => {
  for (let i = 0; i < series.length; i++) {
    const s = series[i]
    if (i > 0 && compareLabels(series[i - 1].labels, s.labels) >= 0)
      return `series ${i} is not after series ${i - 1} in label order`
    if (s.chunks.length === 0) return `series ${i} has no chunks`
    for (let j = 0; j < s.chunks.length; j++) {
      const c = s.chunks[j]
      if (c.maxTime < c.minTime) return `series ${i} chunk ${j}: maxTime ${c.maxTime} < minTime ${c.minTime}`
      const p = s.chunks[j - 1]
      if (p !== undefined && (c.minTime <= p.maxTime || c.ref <= p.ref))
        return `series ${i} chunk ${j} overlaps or precedes chunk ${j - 1}`
    }
  }
  return undefined
}

/**
 * The index of `series`, which must be sorted by labels (UTF-8 byte order), each with at least
 * one chunk, chunks in time order with growing refs. Throws on a broken rule (a caller bug).
 */
export const writeIndex = (
  series: ReadonlyArray<IndexSeries>,
  options: IndexWriterOptions = {}
): Uint8Array => {
  const bad = checkSeries(series)
  if (bad !== undefined) throw new Error(`index writer: ${bad}`)
  const b = new ByteBuffer()
  b.be32(indexMagic)
  b.u8(indexVersion)

  // Symbols: every name and value, plus "" (the all-postings key), in byte order.
  const symbolSet = new Set<string>([""])
  for (const s of series) for (const x of s.labels) symbolSet.add(x)
  const symbols = [...symbolSet].sort(compareUtf8)
  const symbolRef = new Map<string, number>()
  for (let i = 0; i < symbols.length; i++) symbolRef.set(symbols[i], i)
  const tocSymbols = b.length
  sizedSection(b, () => {
    b.be32(symbols.length)
    for (const s of symbols) b.string(s)
  })

  const tocSeries = b.length
  const postings = writeSeriesEntries(b, series, symbolRef)
  // Label names in byte order, without "" (the all-postings key is not a label).
  const names = [...postings.keys()].filter((n) => n !== "").sort(compareUtf8)
  const sortedValues = new Map<string, string[]>()
  for (const name of names) sortedValues.set(name, [...(postings.get(name)?.keys() ?? [])].sort(compareUtf8))

  const legacy = options.legacyLabelIndices ?? true
  const tocLabelIndices = b.length
  const labelIndexAt: number[] = []
  if (legacy) {
    for (const name of names) {
      b.align(4)
      labelIndexAt.push(b.length)
      const values = sortedValues.get(name) ?? []
      sizedSection(b, () => {
        b.be32(1)
        b.be32(values.length)
        for (const v of values) b.be32(symbolRef.get(v) ?? 0)
      })
    }
  }

  // Postings lists: ("", "") first, then by name and value; contiguous (Thanos relies on it).
  const tocPostings = b.length
  b.align(4)
  const offsets: Array<[string, string, number]> = []
  const writeList = (name: string, value: string, ids: ReadonlyArray<number>) => {
    offsets.push([name, value, b.length])
    sizedSection(b, () => {
      b.be32(ids.length)
      for (const id of ids) b.be32(id)
    })
  }
  writeList("", "", postings.get("")?.get("") ?? [])
  for (const name of names) {
    for (const value of sortedValues.get(name) ?? [])
      writeList(name, value, postings.get(name)?.get(value) ?? [])
  }

  let tocLabelOffsetTable = 0
  if (legacy) {
    tocLabelOffsetTable = b.length
    sizedSection(b, () => {
      b.be32(names.length)
      for (let i = 0; i < names.length; i++) {
        b.uvarint(1)
        b.string(names[i])
        b.uvarint(labelIndexAt[i])
      }
    })
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
  if (!legacy) tocLabelOffsetTable = tocPostingsOffsetTable

  const tocAt = b.length
  b.be64(tocSymbols)
  b.be64(tocSeries)
  b.be64(tocLabelIndices)
  b.be64(tocLabelOffsetTable)
  b.be64(tocPostings)
  b.be64(tocPostingsOffsetTable)
  b.be32(crc32c(b.bytes, tocAt, b.length))
  return b.view().slice()
}

/** Writes the series entries; returns name → value → series IDs (with "" → "" → all IDs). */
const writeSeriesEntries = (
  b: ByteBuffer,
  series: ReadonlyArray<IndexSeries>,
  symbolRef: ReadonlyMap<string, number>
): Map<string, Map<string, number[]>> => {
  const all: number[] = []
  const postings = new Map<string, Map<string, number[]>>([["", new Map([["", all]])]])
  const entry = new ByteBuffer()
  for (const s of series) {
    b.align(seriesAlignment)
    const id = b.length / seriesAlignment
    if (id > 0xffffffff) throw new Error("index writer: series section beyond 64 GiB")
    all.push(id)
    for (let i = 0; i < s.labels.length; i += 2) {
      let values = postings.get(s.labels[i])
      if (values === undefined) postings.set(s.labels[i], (values = new Map()))
      let list = values.get(s.labels[i + 1])
      if (list === undefined) values.set(s.labels[i + 1], (list = []))
      list.push(id)
    }
    entry.length = 0
    entry.uvarint(s.labels.length / 2)
    for (const x of s.labels) entry.uvarint(symbolRef.get(x) ?? 0)
    entry.uvarint(s.chunks.length)
    for (let i = 0; i < s.chunks.length; i++) {
      const c = s.chunks[i]
      const p = s.chunks[i - 1]
      if (p === undefined) {
        entry.varint(c.minTime)
        entry.uvarint(c.maxTime - c.minTime)
        entry.uvarint(c.ref)
      } else {
        entry.uvarint(c.minTime - p.maxTime)
        entry.uvarint(c.maxTime - c.minTime)
        entry.varint(c.ref - p.ref)
      }
    }
    const content = entry.view()
    b.uvarint(content.length)
    b.raw(content)
    b.be32(crc32c(content))
  }
  return postings
}
