/**
 * One chunk of a head series: an XOR chunk (Prometheus's encoding, ~1.3 bytes per sample) cut by
 * Prometheus's rules (tsdb-block-format.md §5.8: never across a multiple of the chunk range, spread
 * evenly, hard cap 240), its bytes in a slot of the head's ChunkSlab. The XOR encoder's state lives
 * in the chunk itself (XorEncoder, shared with XorAppender), times as offsets from minTime: one
 * object of a few fields per chunk, no appender, bit writer or buffer objects. The bytes are those
 * XorAppender writes, bit for bit (tested against it).
 */
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { XorIterator } from "../chunks/xor-chunk.ts"
import { XorEncoder } from "../chunks/xor-encoder.ts"
import { type ChunkSlab, slotBytes } from "./chunk-slab.ts"

export const samplesPerChunk = 120
export const maxSamplesPerChunk = 2 * samplesPerChunk

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const hiIdx = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const loIdx = 1 - hiIdx

export class HeadChunk extends XorEncoder {
  readonly minTime: number
  /** maxTime − minTime (a small integer). */
  private maxOffset = 0
  /** nextAt − minTime: a sample at or after nextAt goes into a new chunk. */
  private nextOffset: number
  private readonly slab: ChunkSlab
  /** The slot: class, index, page and where the bytes start in it. */
  private cls = 0
  private slot: number
  private page: Uint8Array
  private base: number
  /** Bytes written, the 2-byte sample count included; bits used in the last byte (0: full). */
  private length = 2
  private bitPos = 0

  constructor(t: number, chunkRangeMs: number, slab: ChunkSlab) {
    super()
    this.minTime = t
    this.nextOffset = Math.floor(t / chunkRangeMs) * chunkRangeMs + chunkRangeMs - t
    this.slab = slab
    this.slot = slab.alloc(0)
    this.page = slab.page(0, this.slot)
    this.base = slab.offset(0, this.slot)
    this.page[this.base] = 0
    this.page[this.base + 1] = 0
  }

  get maxTime(): number {
    return this.minTime + this.maxOffset
  }

  get nextAt(): number {
    return this.minTime + this.nextOffset
  }

  /** Whether a sample at t must go into a new chunk (and updates nextAt at a quarter full). */
  mustCut(t: number): boolean {
    if (this.count === samplesPerChunk / 4) {
      const k = this.nextOffset / ((this.maxOffset + 1) * 4)
      if (k > 1) this.nextOffset = Math.trunc(this.nextOffset / Math.floor(k))
    }
    return t - this.minTime >= this.nextOffset || this.count >= maxSamplesPerChunk
  }

  /**
   * Appends a sample (t after the last one). NaNs as Prometheus stores them: the staleness marker
   * with its exact bits, any other NaN as the canonical 0x7ff8000000000001.
   */
  append(t: number, v: number): void {
    if (this.slot < 0) throw new Error("bug: append to a released head chunk")
    let hi: number
    let lo: number
    if (Number.isNaN(v)) {
      hi = 0x7ff00000 | (isStaleMarker(v) ? 0 : 0x80000)
      lo = isStaleMarker(v) ? 2 : 1
    } else {
      f64[0] = v
      hi = u32[hiIdx] | 0
      lo = u32[loIdx] | 0
    }
    this.encode(t, this.minTime + this.maxOffset, hi, lo)
    this.maxOffset = t - this.minTime
    this.page[this.base] = this.count >>> 8
    this.page[this.base + 1] = this.count & 0xff
  }

  protected writeBits64(hi: number, lo: number, n: number): void {
    if (n > 32) {
      this.writeBits(hi, n - 32)
      this.writeBits(lo, 32)
    } else this.writeBits(lo, n)
  }

  /** Writes the low `n` bits of `v` (1 ≤ n ≤ 32), most significant first. */
  protected writeBits(v: number, n: number): void {
    // Bytes this field opens (the last one may still have room).
    const opens = this.bitPos === 0 ? (n + 7) >> 3 : n <= 8 - this.bitPos ? 0 : (n + this.bitPos - 1) >> 3
    if (this.length + opens > slotBytes(this.cls)) this.grow()
    const page = this.page
    let rest = n === 32 ? v >>> 0 : (v & ((1 << n) - 1)) >>> 0
    let remaining = n
    let at = this.base + this.length
    if (this.bitPos !== 0) {
      const room = 8 - this.bitPos
      if (remaining <= room) {
        page[at - 1] |= rest << (room - remaining)
        this.bitPos = (this.bitPos + remaining) & 7
        return
      }
      remaining -= room
      page[at - 1] |= rest >>> remaining
      rest = remaining === 32 ? rest : (rest & ((1 << remaining) - 1)) >>> 0
    }
    while (remaining >= 8) {
      remaining -= 8
      page[at++] = rest >>> remaining
    }
    if (remaining > 0) {
      page[at++] = (rest << (8 - remaining)) & 0xff
      this.bitPos = remaining
    } else this.bitPos = 0
    this.length = at - this.base
  }

  /** Moves the bytes into a slot of the next size. */
  private grow(): void {
    const cls = this.cls + 1
    const slot = this.slab.alloc(cls)
    const page = this.slab.page(cls, slot)
    const base = this.slab.offset(cls, slot)
    page.set(this.page.subarray(this.base, this.base + this.length), base)
    this.slab.release(this.cls, this.slot)
    this.cls = cls
    this.slot = slot
    this.page = page
    this.base = base
  }

  /** Gives the slot back; the chunk must not be used afterwards (it left its series). */
  release(): void {
    if (this.slot < 0) return
    this.slab.release(this.cls, this.slot)
    this.slot = -1
  }

  /** The XOR chunk's bytes (a copy). */
  bytes(): Uint8Array {
    return this.page.slice(this.base, this.base + this.length)
  }

  /** Iterates the samples (over a copy); pass a previous iterator to reuse it. */
  iterator(reuse?: XorIterator): XorIterator {
    return (reuse ?? new XorIterator()).reset(this.bytes())
  }

  /** Bytes held: the slot's size. */
  get sizeBytes(): number {
    return slotBytes(this.cls)
  }
}
