/**
 * Reads a TSDB index (format v2) by byte ranges. Opening reads the "index header" — TOC, symbol
 * table and postings offset table — into memory; postings lists and series entries are fetched
 * on demand, one range each, with every CRC verified. It never loads the whole file, and it
 * ignores the legacy label indices. Damage is a CorruptionError naming the file and offset.
 */
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import type { Labels } from "../labels/labels.ts"
import { compareUtf8 as compareBytesOrder } from "../labels/utf8-order.ts"
import { ByteCursor, be32At } from "./byte-cursor.ts"
import type { ByteSource, SyncByteSource } from "./byte-source.ts"
import { corrupt } from "./corruption-error.ts"
import { checksumReason, type IndexToc, readIndexToc, readSection, seriesAlignment } from "./index-format.ts"
import type { ChunkMeta } from "./index-writer.ts"
import { emptyPostings, type Postings } from "./postings.ts"
import { type IndexMatcher, postingsForMatchers } from "./postings-for-matchers.ts"
import { isSyncSource, type RangeReads, readRange, runAsync, runSync } from "./range-reads.ts"

/** One series entry: its ID (offset / 16), labels, and chunk metas in time order. */
export interface SeriesEntry {
  readonly id: number
  readonly labels: Labels
  readonly chunks: ReadonlyArray<ChunkMeta>
}

/** The postings offset table entries of one label name, values in byte order. */
export interface NamePostings {
  readonly values: string[]
  /** Offset of each value's list, and where the next list (or the table) starts. */
  readonly offsets: number[]
  readonly ends: number[]
}

/** Bytes fetched for a series entry before knowing its length; most entries fit. */
const seriesWindowBytes = 256

export class IndexReader {
  readonly source: ByteSource
  readonly toc: IndexToc
  readonly symbols: ReadonlyArray<string>
  private readonly names: ReadonlyMap<string, NamePostings>

  private constructor(
    source: ByteSource,
    toc: IndexToc,
    symbols: string[],
    names: Map<string, NamePostings>
  ) {
    this.source = source
    this.toc = toc
    this.symbols = symbols
    this.names = names
  }

  static open(source: ByteSource): Promise<IndexReader> {
    return runAsync(source, IndexReader.openSteps(source))
  }

  static openSync(source: SyncByteSource): IndexReader {
    return runSync(source, IndexReader.openSteps(source))
  }

  private static *openSteps(source: ByteSource): RangeReads<IndexReader> {
    const file = source.name
    const toc = yield* readIndexToc(file, source.size)
    const symbols = yield* readSymbols(file, toc)
    const names = yield* readPostingsOffsetTable(file, toc, source.size)
    return new IndexReader(source, toc, symbols, names)
  }

  /** Runs a read operation against this index's source. */
  run<T>(op: RangeReads<T>): Promise<T> {
    return runAsync(this.source, op)
  }

  runSync<T>(op: RangeReads<T>): T {
    if (!isSyncSource(this.source))
      throw new Error(`index ${this.source.name}: source cannot read synchronously`)
    return runSync(this.source, op)
  }

  /** Label names with at least one series, in byte order. */
  labelNames(): string[] {
    const out: string[] = []
    for (const name of this.names.keys()) if (name !== "") out.push(name)
    return out
  }

  /** Values of `name` in byte order (empty when no series has the label). */
  labelValues(name: string): ReadonlyArray<string> {
    return this.names.get(name)?.values ?? []
  }

  postings(name: string, value: string): Promise<Postings> {
    return this.run(this.postingsSteps(name, value))
  }

  series(id: number): Promise<SeriesEntry> {
    return this.run(this.seriesSteps(id))
  }

  /** IDs of the series matching every matcher (see postings-for-matchers.ts for the semantics). */
  select(matchers: ReadonlyArray<IndexMatcher>): Promise<Postings> {
    return this.run(this.selectSteps(matchers))
  }

  selectSteps(matchers: ReadonlyArray<IndexMatcher>): RangeReads<Postings> {
    return postingsForMatchers(this, matchers)
  }

  /** The list of (name, value); empty when the pair does not occur. */
  *postingsSteps(name: string, value: string): RangeReads<Postings> {
    const n = this.names.get(name)
    if (n === undefined) return emptyPostings
    const i = binarySearch(n.values, value)
    return i < 0 ? emptyPostings : yield* this.postingsAt(n, i)
  }

  /** The list of the i-th value of a name, read in one range (lists are contiguous). */
  *postingsAt(n: NamePostings, i: number): RangeReads<Postings> {
    const file = this.source.name
    const offset = n.offsets[i]
    const c = yield* readSection(file, offset, "postings list", n.ends[i] - offset)
    const count = c.be32()
    if (c.remaining !== count * 4) c.fail(`postings list says ${count} entries in ${c.remaining} bytes`)
    const out = new Uint32Array(count)
    for (let k = 0; k < count; k++) {
      const id = c.be32()
      if (k > 0 && id <= out[k - 1])
        c.fail(`postings list not ascending: ${id} after ${out[k - 1]}`, c.pos - 4)
      out[k] = id
    }
    return out
  }

  /** The entries of one label name, for matcher selection. */
  namePostings(name: string): NamePostings | undefined {
    return this.names.get(name)
  }

  *seriesSteps(id: number): RangeReads<SeriesEntry> {
    const file = this.source.name
    const offset = id * seriesAlignment
    const end = this.toc.labelIndices > 0 ? this.toc.labelIndices : this.toc.postings
    if (offset < this.toc.series || offset >= end)
      corrupt(file, offset, `series ID ${id} points outside the series section [${this.toc.series}, ${end})`)
    let b = yield* readRange(offset, Math.min(seriesWindowBytes, end - offset + 4))
    const head = new ByteCursor(b.subarray(0, 5), file, offset)
    const len = head.uvarint()
    const start = head.pos
    if (b.length < start + len + 4) {
      b = yield* readRange(offset, start + len + 4)
      if (b.length < start + len + 4)
        corrupt(file, offset, `series entry of ${len} bytes runs past the end of the file`)
    }
    const stored = be32At(b, start + len)
    const computed = crc32c(b, start, start + len)
    if (stored !== computed) corrupt(file, offset, checksumReason(`series ${id} entry`, stored, computed))
    return decodeSeries(new ByteCursor(b.subarray(0, start + len), file, offset, start), id, this.symbols)
  }
}

function* readSymbols(file: string, toc: IndexToc): RangeReads<string[]> {
  const window = toc.series > toc.symbols ? toc.series - toc.symbols : 4
  const c = yield* readSection(file, toc.symbols, "symbol table", window)
  const count = c.be32()
  const symbols = new Array<string>(count)
  for (let i = 0; i < count; i++) {
    const at = c.pos
    symbols[i] = c.string()
    if (i > 0 && !(compareBytesOrder(symbols[i - 1], symbols[i]) < 0))
      c.fail(`symbol ${i} ${JSON.stringify(symbols[i])} is not after ${JSON.stringify(symbols[i - 1])}`, at)
  }
  if (c.remaining !== 0) c.fail(`${c.remaining} bytes after the last of ${count} symbols`)
  return symbols
}

function* readPostingsOffsetTable(
  file: string,
  toc: IndexToc,
  size: number
): RangeReads<Map<string, NamePostings>> {
  const c = yield* readSection(
    file,
    toc.postingsOffsetTable,
    "postings offset table",
    size - 52 - toc.postingsOffsetTable
  )
  const count = c.be32()
  const names = new Map<string, NamePostings>()
  let last: NamePostings | undefined
  let prevName = ""
  for (let i = 0; i < count; i++) {
    const at = c.pos
    const keys = c.uvarint()
    if (keys !== 2) c.fail(`postings offset entry ${i} has ${keys} keys, expected 2`, at)
    const name = c.string()
    const value = c.string()
    const offset = c.uvarint()
    if (offset < toc.postings || offset >= toc.postingsOffsetTable)
      c.fail(`postings offset entry ${i} points at ${offset}, outside the postings section`, at)
    if (last !== undefined) last.ends[last.ends.length - 1] = offset
    let n = names.get(name)
    if (n === undefined) {
      if (i > 0 && compareBytesOrder(prevName, name) >= 0)
        c.fail(`postings offset table not sorted at name ${JSON.stringify(name)}`, at)
      names.set(name, (n = { values: [], offsets: [], ends: [] }))
    } else if (compareBytesOrder(n.values[n.values.length - 1], value) >= 0)
      c.fail(`postings offset table not sorted at ${name}=${JSON.stringify(value)}`, at)
    n.values.push(value)
    n.offsets.push(offset)
    n.ends.push(toc.postingsOffsetTable)
    last = n
    prevName = name
  }
  return names
}

const decodeSeries = (c: ByteCursor, id: number, symbols: ReadonlyArray<string>): SeriesEntry => {
  const pairs = c.uvarint()
  const labels = new Array<string>(pairs * 2)
  for (let i = 0; i < pairs * 2; i++) {
    const at = c.pos
    const ref = c.uvarint()
    if (ref >= symbols.length)
      c.fail(`series ${id}: symbol reference ${ref} beyond ${symbols.length} symbols`, at)
    labels[i] = symbols[ref]
  }
  const count = c.uvarint()
  const chunks = new Array<ChunkMeta>(count)
  let minTime = 0
  let maxTime = 0
  let ref = 0
  for (let i = 0; i < count; i++) {
    if (i === 0) {
      minTime = c.varint()
      maxTime = minTime + c.uvarint()
      ref = c.uvarint()
    } else {
      minTime = maxTime + c.uvarint()
      maxTime = minTime + c.uvarint()
      ref += c.varint()
    }
    chunks[i] = { minTime, maxTime, ref }
  }
  if (c.remaining !== 0) c.fail(`series ${id}: ${c.remaining} bytes after the last chunk meta`)
  return { id, labels, chunks }
}

const binarySearch = (values: ReadonlyArray<string>, v: string): number => {
  let lo = 0
  let hi = values.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const c = compareBytesOrder(values[mid], v)
    if (c === 0) return mid
    if (c < 0) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
