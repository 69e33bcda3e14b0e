/**
 * Prometheus's XOR float chunk (encoding 1), bit-exact (tsdb-block-format.md §5): a BE16 sample
 * count, then timestamps as varint / uvarint / delta-of-delta buckets and values XOR-ed with the
 * previous one under a leading/trailing-zero window. Values travel as raw 64-bit patterns, so the
 * staleness marker 0x7ff0000000000002 and -0 survive. It does not know chunk records or files.
 */
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { BitReader, BitWriter } from "./bit-stream.ts"
import { ChunkEncoding, chunkBytesMax, samplesPerChunk } from "./chunk-encoding.ts"
import { XorEncoder } from "./xor-encoder.ts"

export const encodingXor = ChunkEncoding.xor

// One 8-byte scratch seen as a float and as two 32-bit halves; `hiIdx` picks the high half for
// the platform's byte order. Cheaper than a DataView round trip per sample.
const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const hiIdx = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const loIdx = 1 - hiIdx

const toFloat = (hi: number, lo: number): number => {
  u32[hiIdx] = hi
  u32[loIdx] = lo
  return f64[0]
}

const readVarint = (r: BitReader, signed: boolean): number => {
  let u = 0
  let mul = 1
  for (let i = 0; i < 10; i++) {
    const b = r.readByte()
    u += (b & 0x7f) * mul
    mul *= 0x80
    if (b < 0x80) break
  }
  if (!signed) return u
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2
}

/**
 * Builds one chunk sample by sample. Timestamps must grow (the caller checks order); the chunk is
 * `full` at `samplesPerChunk` samples or `chunkBytesMax` bytes, and appending past that is allowed
 * up to 65535 samples (the BE16 count), which is the caller's business.
 */
export class XorAppender extends XorEncoder {
  private readonly w: BitWriter
  minTime = 0
  maxTime = 0

  constructor(initialBytes = 256) {
    super()
    this.w = new BitWriter(initialBytes)
    this.w.writeBits(0, 16)
  }

  protected writeBits(v: number, n: number): void {
    this.w.writeBits(v, n)
  }

  protected writeBits64(hi: number, lo: number, n: number): void {
    this.w.writeBits64(hi, lo, n)
  }

  /** Empties the chunk, keeping its buffer. */
  reset(): void {
    this.w.reset()
    this.w.writeBits(0, 16)
    this.resetEncoder()
  }

  /** Whether Vesta would cut a new chunk before the next append (see chunk-encoding.ts). */
  get full(): boolean {
    return this.count >= samplesPerChunk || this.w.length > chunkBytesMax
  }

  /** Bytes the chunk takes now (no copy). */
  get byteLength(): number {
    return this.w.length
  }

  /**
   * Appends a value. NaNs are stored as Prometheus stores them: the staleness marker with its
   * exact bits 0x7ff0000000000002 (recognised even after V8 quieted it), any other NaN as the
   * canonical 0x7ff8000000000001. Use `appendBits` to store other bit patterns verbatim.
   */
  append(t: number, v: number): void {
    if (Number.isNaN(v)) {
      if (isStaleMarker(v)) this.appendBits(t, 0x7ff00000, 2)
      else this.appendBits(t, 0x7ff80000, 1)
      return
    }
    f64[0] = v
    this.appendBits(t, u32[hiIdx], u32[loIdx])
  }

  /** Appends a value given as its 64-bit pattern (hi:lo unsigned 32-bit halves). */
  appendBits(t: number, hi: number, lo: number): void {
    if (this.count === 0) this.minTime = t
    this.encode(t, this.maxTime, hi, lo)
    this.maxTime = t
    this.w.bytes[0] = this.count >>> 8
    this.w.bytes[1] = this.count & 0xff
  }

  /**
   * The chunk's bytes (a copy). With `legacyTrailingZeroByte`, the bytes Prometheus < 3.0 wrote,
   * which end in one extra zero byte when the last field was byte-aligned whole bytes (§5.7);
   * only for reproducing old files byte for byte.
   */
  bytes(options?: { readonly legacyTrailingZeroByte?: boolean }): Uint8Array {
    const view = this.w.view()
    if (options?.legacyTrailingZeroByte && this.count > 0 && this.w.lastFieldAligned) {
      const out = new Uint8Array(view.length + 1)
      out.set(view)
      return out
    }
    return view.slice()
  }

  /** The chunk's bytes without copying; valid until the next append or reset. */
  view(): Uint8Array {
    return this.w.view()
  }
}

/**
 * Reads a chunk's samples in time order. Reuse one iterator for many chunks with `reset` (no
 * allocation per chunk or per sample). `value` is a number; `valueHi`/`valueLo` are the exact
 * stored bits (NaN payloads included), for code that must not trust a NaN's bits to V8.
 */
export class XorIterator {
  private readonly r = new BitReader()
  private n = 0
  private i = 0
  private leading = 0
  private trailing = 0
  private delta = 0
  timeMs = 0
  value = 0
  valueHi = 0
  valueLo = 0

  constructor(data?: Uint8Array) {
    if (data) this.reset(data)
  }

  /** Starts over on another chunk's data (the bytes after the encoding byte, count included). */
  reset(data: Uint8Array): this {
    if (data.length < 2) throw new RangeError("XOR chunk shorter than its 2-byte header")
    this.n = (data[0] << 8) | data[1]
    this.r.reset(data, 2)
    this.i = 0
    // Prometheus's reader starts from a (0, 0) window (§5.4).
    this.leading = 0
    this.trailing = 0
    this.delta = 0
    this.timeMs = 0
    this.value = 0
    this.valueHi = 0
    this.valueLo = 0
    return this
  }

  /** Samples in the chunk (from its header). */
  get count(): number {
    return this.n
  }

  /** Advances to the next sample; false at the end. Throws RangeError on a truncated chunk. */
  next(): boolean {
    if (this.i >= this.n) return false
    const r = this.r
    if (this.i === 0) {
      this.timeMs = readVarint(r, true)
      this.valueHi = r.readBits(32)
      this.valueLo = r.readBits(32)
    } else if (this.i === 1) {
      this.delta = readVarint(r, false)
      this.timeMs += this.delta
      this.readValue()
    } else {
      this.delta += this.readDod()
      this.timeMs += this.delta
      this.readValue()
    }
    this.value = toFloat(this.valueHi, this.valueLo)
    this.i++
    return true
  }

  /** Moves to the first sample at or after `t` (staying put if already there); false if none. */
  seek(t: number): boolean {
    if (this.i > 0 && this.timeMs >= t) return true
    while (this.next()) if (this.timeMs >= t) return true
    return false
  }

  private readDod(): number {
    const r = this.r
    if (r.readBit() === 0) return 0
    if (r.readBit() === 0) {
      const u = r.readBits(14)
      return u > 8192 ? u - 16384 : u
    }
    if (r.readBit() === 0) {
      const u = r.readBits(17)
      return u > 65536 ? u - 131072 : u
    }
    if (r.readBit() === 0) {
      const u = r.readBits(20)
      return u > 524288 ? u - 1048576 : u
    }
    const hi = r.readBits(32)
    const lo = r.readBits(32)
    // Signed 64-bit from halves; exact while |dod| < 2^53, which any real timestamp keeps.
    return (hi | 0) * 4294967296 + lo
  }

  private readValue(): void {
    const r = this.r
    if (r.readBit() === 0) return
    if (r.readBit() === 1) {
      const ls = r.readBits(11)
      this.leading = ls >>> 6
      const sig = ls & 0x3f
      this.trailing = 64 - this.leading - (sig === 0 ? 64 : sig)
    }
    const n = 64 - this.leading - this.trailing
    let h = 0
    let l: number
    if (n > 32) {
      h = r.readBits(n - 32)
      l = r.readBits(32)
    } else l = r.readBits(n)
    // XOR (h:l) << trailing into the value.
    const s = this.trailing
    if (s >= 32) this.valueHi = (this.valueHi ^ (l << (s - 32))) >>> 0
    else if (s === 0) {
      this.valueHi = (this.valueHi ^ h) >>> 0
      this.valueLo = (this.valueLo ^ l) >>> 0
    } else {
      this.valueHi = (this.valueHi ^ ((h << s) | (l >>> (32 - s)))) >>> 0
      this.valueLo = (this.valueLo ^ (l << s)) >>> 0
    }
  }
}

/** An iterator over `data`, reusing `reuse` when given (its previous values become invalid). */
export const xorIterator = (data: Uint8Array, reuse?: XorIterator): XorIterator =>
  (reuse ?? new XorIterator()).reset(data)
