/**
 * Reads a Prometheus TSDB block by byte ranges: meta.json, the index header (TOC, symbols,
 * postings offset table) kept in memory, postings lists and series entries fetched on demand,
 * chunk records read by reference. Every CRC is checked; corruption is a BlockCorruptError naming
 * the file and offset, never silently read.
 */
import { readFileSync } from "node:fs"
import { join } from "node:path"
import { crc32c } from "../chunks/crc32c.ts"
import { matches } from "../promql/memory-storage.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import type { Labels } from "../promql/values.ts"
import type { BlockMeta } from "./block-writer.ts"
import { type ByteSource, FileByteSource } from "./byte-source.ts"

export class BlockCorruptError extends Error {
  readonly file: string
  readonly offset: number
  constructor(file: string, offset: number, what: string) {
    super(`corrupt block file ${file} at offset ${offset}: ${what}`)
    this.file = file
    this.offset = offset
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: false })

/** A cursor over bytes with the primitive decodings; bounds errors become corruption errors. */
class Cursor {
  pos: number
  readonly b: Uint8Array
  readonly file: string
  readonly base: number
  constructor(b: Uint8Array, file: string, base: number, start = 0) {
    this.b = b
    this.file = file
    this.base = base
    this.pos = start
  }
  fail(what: string): never {
    throw new BlockCorruptError(this.file, this.base + this.pos, what)
  }
  need(n: number) {
    if (this.pos + n > this.b.length) this.fail(`truncated: need ${n} more bytes`)
  }
  u8(): number {
    this.need(1)
    return this.b[this.pos++]
  }
  be32(): number {
    this.need(4)
    const v =
      ((this.b[this.pos] << 24) |
        (this.b[this.pos + 1] << 16) |
        (this.b[this.pos + 2] << 8) |
        this.b[this.pos + 3]) >>>
      0
    this.pos += 4
    return v
  }
  be64(): number {
    return this.be32() * 2 ** 32 + this.be32()
  }
  uvarint(): number {
    let v = 0
    let mul = 1
    for (let i = 0; i < 10; i++) {
      const byte = this.u8()
      v += (byte & 0x7f) * mul
      if (byte < 0x80) return v
      mul *= 128
    }
    return this.fail("uvarint too long")
  }
  varint(): number {
    const u = this.uvarint()
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2
  }
  string(): string {
    const n = this.uvarint()
    this.need(n)
    const s = utf8.decode(this.b.subarray(this.pos, this.pos + n))
    this.pos += n
    return s
  }
}

export interface ChunkRef {
  readonly minTime: number
  readonly maxTime: number
  readonly ref: number
}

export interface BlockSeriesEntry {
  readonly labels: Labels
  readonly chunks: ReadonlyArray<ChunkRef>
}

export class BlockReader {
  readonly dir: string
  readonly meta: BlockMeta
  private readonly index: ByteSource
  private readonly indexName: string
  private symbols: string[] = []
  /** name → [value, postings list offset] sorted by value. */
  private readonly postingsOffsets = new Map<string, Array<[string, number]>>()
  private readonly segments: ByteSource[] = []

  constructor(dir: string) {
    this.dir = dir
    const metaPath = join(dir, "meta.json")
    this.meta = JSON.parse(readFileSync(metaPath, "utf8")) as BlockMeta
    if (this.meta.version !== 1)
      throw new BlockCorruptError(metaPath, 0, `meta.json version ${this.meta.version} is not 1`)
    this.indexName = join(dir, "index")
    this.index = new FileByteSource(this.indexName)
    this.readHeader()
  }

  close(): void {
    this.index.close()
    for (const s of this.segments) s.close()
  }

  get indexBytesRead(): number {
    return this.index.bytesRead
  }

  private section(offset: number): Cursor {
    const head = new Cursor(this.index.read(offset, 4), this.indexName, offset)
    const len = head.be32()
    const body = this.index.read(offset + 4, len + 4)
    if (body.length < len + 4)
      throw new BlockCorruptError(this.indexName, offset, `section of ${len} bytes truncated`)
    const want = new Cursor(body, this.indexName, offset + 4, len).be32()
    if (crc32c(body, 0, len) !== want)
      throw new BlockCorruptError(this.indexName, offset, "CRC mismatch in section")
    return new Cursor(body.subarray(0, len), this.indexName, offset + 4)
  }

  private readHeader(): void {
    const size = this.index.size
    const magic = new Cursor(this.index.read(0, 5), this.indexName, 0)
    if (magic.be32() !== 0xbaaad700) magic.fail("bad index magic")
    const version = magic.u8()
    if (version !== 2) magic.fail(`unsupported index version ${version}`)
    if (size < 52) throw new BlockCorruptError(this.indexName, 0, "index shorter than its TOC")
    const tocBytes = this.index.read(size - 52, 52)
    const toc = new Cursor(tocBytes, this.indexName, size - 52)
    if (crc32c(tocBytes, 0, 48) !== new Cursor(tocBytes, this.indexName, size - 4, 48).be32())
      toc.fail("TOC CRC mismatch")
    const symbolsAt = toc.be64()
    toc.be64() // series
    toc.be64() // label indices
    toc.be64() // label offset table
    toc.be64() // postings
    const pot = toc.be64()
    const sym = this.section(symbolsAt)
    const count = sym.be32()
    this.symbols = new Array(count)
    for (let i = 0; i < count; i++) this.symbols[i] = sym.string()
    const t = this.section(pot)
    const entries = t.be32()
    for (let i = 0; i < entries; i++) {
      if (t.uvarint() !== 2) t.fail("postings offset entry without 2 keys")
      const name = t.string()
      const value = t.string()
      const offset = t.uvarint()
      let list = this.postingsOffsets.get(name)
      if (!list) this.postingsOffsets.set(name, (list = []))
      list.push([value, offset])
    }
  }

  labelNames(): string[] {
    return [...this.postingsOffsets.keys()].filter((n) => n !== "")
  }

  labelValues(name: string): string[] {
    return (this.postingsOffsets.get(name) ?? []).map(([v]) => v)
  }

  private postings(offset: number): number[] {
    const c = this.section(offset)
    const n = c.be32()
    const ids = new Array<number>(n)
    for (let i = 0; i < n; i++) ids[i] = c.be32()
    return ids
  }

  private idsFor(m: PlanMatcher): number[] {
    const values = this.postingsOffsets.get(m.name) ?? []
    const lists: number[][] = []
    for (const [v, off] of values) if (matches(m, v)) lists.push(this.postings(off))
    if (lists.length === 1) return lists[0]
    return [...new Set(lists.flat())].sort((a, b) => a - b)
  }

  /** Series IDs matching all matchers (Prometheus's semantics for matchers matching ""). */
  select(matchers: ReadonlyArray<PlanMatcher>): number[] {
    let out: number[] | undefined
    const exclude: number[][] = []
    for (const m of matchers) {
      if (matches(m, "")) {
        const values = this.postingsOffsets.get(m.name) ?? []
        for (const [v, off] of values) if (!matches(m, v)) exclude.push(this.postings(off))
        continue
      }
      const ids = this.idsFor(m)
      if (out === undefined) out = ids
      else {
        const keep = new Set(ids)
        out = out.filter((id) => keep.has(id))
      }
      if (out.length === 0) return []
    }
    if (out === undefined) out = this.postings((this.postingsOffsets.get("") ?? [["", 0]])[0][1])
    if (exclude.length > 0) {
      const drop = new Set(exclude.flat())
      out = out.filter((id) => !drop.has(id))
    }
    return out
  }

  series(id: number): BlockSeriesEntry {
    const offset = id * 16
    const window = this.index.read(offset, 5)
    const head = new Cursor(window, this.indexName, offset)
    const len = head.uvarint()
    const start = offset + head.pos
    const body = this.index.read(start, len + 4)
    if (body.length < len + 4) throw new BlockCorruptError(this.indexName, offset, "series entry truncated")
    if (crc32c(body, 0, len) !== new Cursor(body, this.indexName, start, len).be32()) {
      throw new BlockCorruptError(this.indexName, offset, `CRC mismatch in series ${id}`)
    }
    const c = new Cursor(body.subarray(0, len), this.indexName, start)
    const n = c.uvarint()
    const labels: string[] = []
    for (let i = 0; i < 2 * n; i++) {
      const ref = c.uvarint()
      if (ref >= this.symbols.length) c.fail(`symbol reference ${ref} out of range`)
      labels.push(this.symbols[ref])
    }
    const k = c.uvarint()
    const chunks: ChunkRef[] = []
    let prev: ChunkRef | undefined
    for (let i = 0; i < k; i++) {
      let cur: ChunkRef
      if (!prev) {
        const minTime = c.varint()
        const maxTime = minTime + c.uvarint()
        cur = { minTime, maxTime, ref: c.uvarint() }
      } else {
        const minTime = prev.maxTime + c.uvarint()
        const maxTime = minTime + c.uvarint()
        cur = { minTime, maxTime, ref: prev.ref + c.varint() }
      }
      chunks.push(cur)
      prev = cur
    }
    return { labels, chunks }
  }

  private segment(index: number): ByteSource {
    if (this.segments.length === 0) {
      // Segment files in name order; refs use their 0-based position.
      for (let i = 1; ; i++) {
        try {
          this.segments.push(new FileByteSource(join(this.dir, "chunks", String(i).padStart(6, "0"))))
        } catch {
          break
        }
      }
    }
    const s = this.segments[index]
    if (!s) throw new BlockCorruptError(join(this.dir, "chunks"), 0, `chunk segment ${index} missing`)
    return s
  }

  /** The chunk's encoding and data, CRC-checked. */
  chunk(ref: number): { encoding: number; data: Uint8Array } {
    const seg = this.segment(Math.floor(ref / 2 ** 32))
    const offset = ref % 2 ** 32
    const head = new Cursor(seg.read(offset, 6), seg.name, offset)
    const len = head.uvarint()
    const start = offset + head.pos
    const body = seg.read(start, 1 + len + 4)
    if (body.length < 1 + len + 4)
      throw new BlockCorruptError(seg.name, offset, `chunk of ${len} bytes truncated`)
    if (crc32c(body, 0, 1 + len) !== new Cursor(body, seg.name, start, 1 + len).be32()) {
      throw new BlockCorruptError(seg.name, offset, "chunk CRC mismatch")
    }
    return { encoding: body[0], data: body.subarray(1, 1 + len) }
  }
}
