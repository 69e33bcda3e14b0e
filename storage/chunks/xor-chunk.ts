/**
 * Prometheus's XOR float chunk (encoding 1), bit-exact (tsdb-block-format.md §5): a BE16 sample
 * count, then timestamps as varint / uvarint / delta-of-delta buckets and values XOR-ed with the
 * previous one under a leading/trailing-zero window. The staleness marker and the canonical NaN
 * are written with their exact bits. No legacy trailing zero byte (as Prometheus ≥ 3.0).
 */
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { BitReader, BitWriter } from "./bit-stream.ts"

export const encodingXor = 1

const view = new DataView(new ArrayBuffer(8))

/** The exact bits to store as [hi, lo] 32-bit halves. */
const bitsOf = (v: number, out: Uint32Array): void => {
  if (Number.isNaN(v)) {
    out[0] = 0x7ff00000 | (isStaleMarker(v) ? 0 : 0x80000)
    out[1] = isStaleMarker(v) ? 2 : 1
    return
  }
  view.setFloat64(0, v)
  out[0] = view.getUint32(0)
  out[1] = view.getUint32(4)
}

const fromBits = (hi: number, lo: number): number => {
  view.setUint32(0, hi)
  view.setUint32(4, lo)
  return view.getFloat64(0)
}

/** Leading zeros of a 64-bit value given as halves. */
const clz64 = (hi: number, lo: number) => (hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo))
const ctz32 = (x: number) => (x === 0 ? 32 : 31 - Math.clz32(x & -x))
const ctz64 = (hi: number, lo: number) => (lo !== 0 ? ctz32(lo) : 32 + ctz32(hi))

const writeVarintBytes = (w: BitWriter, n: number, zigzag: boolean) => {
  // Zig-zag (for varint) and base-128 groups with Number arithmetic: exact below 2^53.
  let u = zigzag ? (n >= 0 ? n * 2 : -n * 2 - 1) : n
  while (u >= 0x80) {
    w.writeByte((u % 0x80) | 0x80)
    u = Math.floor(u / 0x80)
  }
  w.writeByte(u)
}

const readVarint = (r: BitReader, zigzag: boolean): number => {
  let u = 0
  let mul = 1
  for (let i = 0; i < 10; i++) {
    const b = r.readByte()
    u += (b & 0x7f) * mul
    mul *= 0x80
    if (b < 0x80) break
  }
  if (!zigzag) return u
  return u % 2 === 0 ? u / 2 : -(u + 1) / 2
}

/** Builds one chunk sample by sample. */
export class XorAppender {
  private readonly w = new BitWriter()
  count = 0
  private t = 0
  private delta = 0
  private prevHi = 0
  private prevLo = 0
  private leading = 0xff // unset window
  private trailing = 0
  private readonly cur = new Uint32Array(2)
  minTime = 0
  maxTime = 0

  constructor() {
    this.w.writeBits(0, 16) // sample count, rewritten after each append
  }

  append(t: number, v: number): void {
    const w = this.w
    bitsOf(v, this.cur)
    const hi = this.cur[0]
    const lo = this.cur[1]
    if (this.count === 0) {
      writeVarintBytes(w, t, true)
      w.writeBits(hi, 32)
      w.writeBits(lo, 32)
      this.minTime = t
    } else if (this.count === 1) {
      this.delta = t - this.t
      writeVarintBytes(w, this.delta, false)
      this.writeValue(hi, lo)
    } else {
      const delta = t - this.t
      const dod = delta - this.delta
      this.delta = delta
      if (dod === 0) w.writeBit(0)
      else if (dod >= -8191 && dod <= 8192) {
        w.writeBits(0b10, 2)
        w.writeBits(dod & 0x3fff, 14)
      } else if (dod >= -65535 && dod <= 65536) {
        w.writeBits(0b110, 3)
        w.writeBits(dod & 0x1ffff, 17)
      } else if (dod >= -524287 && dod <= 524288) {
        w.writeBits(0b1110, 4)
        w.writeBits(dod & 0xfffff, 20)
      } else {
        w.writeBits(0b1111, 4)
        const b = BigInt.asUintN(64, BigInt(dod))
        w.writeBits(Number(b >> 32n), 32)
        w.writeBits(Number(b & 0xffffffffn), 32)
      }
      this.writeValue(hi, lo)
    }
    this.t = t
    this.maxTime = t
    this.prevHi = hi
    this.prevLo = lo
    this.count++
    w.bytes[0] = this.count >>> 8
    w.bytes[1] = this.count & 0xff
  }

  private writeValue(hi: number, lo: number): void {
    const w = this.w
    const xh = (hi ^ this.prevHi) >>> 0
    const xl = (lo ^ this.prevLo) >>> 0
    if (xh === 0 && xl === 0) {
      w.writeBit(0)
      return
    }
    w.writeBit(1)
    let lz = clz64(xh, xl)
    const tz = ctz64(xh, xl)
    if (lz >= 32) lz = 31
    if (this.leading !== 0xff && lz >= this.leading && tz >= this.trailing) {
      w.writeBit(0)
      this.writeSignificant(xh, xl, this.trailing, 64 - this.leading - this.trailing)
      return
    }
    this.leading = lz
    this.trailing = tz
    const sig = 64 - lz - tz
    w.writeBit(1)
    w.writeBits(lz, 5)
    w.writeBits(sig & 0x3f, 6)
    this.writeSignificant(xh, xl, tz, sig)
  }

  /** Writes the `n` bits of (xh:xl) >> shift. */
  private writeSignificant(xh: number, xl: number, shift: number, n: number): void {
    // Shift the 64-bit value right by `shift` into (h:l), then write n bits.
    let h: number
    let l: number
    if (shift >= 32) {
      h = 0
      l = xh >>> (shift - 32)
    } else if (shift === 0) {
      h = xh
      l = xl
    } else {
      h = xh >>> shift
      l = ((xl >>> shift) | (xh << (32 - shift))) >>> 0
    }
    if (n > 32) {
      this.w.writeBits(h, n - 32)
      this.w.writeBits(l, 32)
    } else this.w.writeBits(l, n)
  }

  /** The chunk's bytes (a copy). */
  bytes(): Uint8Array {
    return this.w.view().slice()
  }
}

/** Reads a chunk's samples; reuse by calling reset(). */
export class XorIterator {
  private r!: BitReader
  private n = 0
  private i = 0
  private hi = 0
  private lo = 0
  private leading = 0
  private trailing = 0
  private delta = 0
  timeMs = 0
  value = 0

  constructor(data?: Uint8Array) {
    if (data) this.reset(data)
  }

  reset(data: Uint8Array): this {
    if (data.length < 2) throw new RangeError("XOR chunk shorter than its 2-byte header")
    this.n = (data[0] << 8) | data[1]
    this.r = new BitReader(data, 2)
    this.i = 0
    this.leading = 0
    this.trailing = 0
    return this
  }

  get count(): number {
    return this.n
  }

  next(): boolean {
    if (this.i >= this.n) return false
    const r = this.r
    if (this.i === 0) {
      this.timeMs = readVarint(r, true)
      this.hi = r.readBits(32) >>> 0
      this.lo = r.readBits(32) >>> 0
    } else if (this.i === 1) {
      this.delta = readVarint(r, false)
      this.timeMs += this.delta
      this.readValue()
    } else {
      let prefix = 0
      while (prefix < 4 && r.readBit() === 1) prefix++
      let dod = 0
      if (prefix > 0) {
        const size = prefix === 1 ? 14 : prefix === 2 ? 17 : prefix === 3 ? 20 : 64
        if (size === 64) {
          const b = (BigInt(r.readBits(32)) << 32n) | BigInt(r.readBits(32))
          dod = Number(BigInt.asIntN(64, b))
        } else {
          const u = r.readBits(size)
          dod = u > 2 ** (size - 1) ? u - 2 ** size : u
        }
      }
      this.delta += dod
      this.timeMs += this.delta
      this.readValue()
    }
    this.value = fromBits(this.hi, this.lo)
    this.i++
    return true
  }

  seek(t: number): boolean {
    if (this.i > 0 && this.timeMs >= t) return true
    while (this.next()) if (this.timeMs >= t) return true
    return false
  }

  private readValue(): void {
    const r = this.r
    if (r.readBit() === 0) return
    if (r.readBit() === 1) {
      this.leading = r.readBits(5)
      let sig = r.readBits(6)
      if (sig === 0) sig = 64
      this.trailing = 64 - this.leading - sig
    }
    const n = 64 - this.leading - this.trailing
    let h = 0
    let l: number
    if (n > 32) {
      h = r.readBits(n - 32)
      l = r.readBits(32)
    } else l = r.readBits(n)
    // (h:l) << trailing, XOR into the value.
    const s = this.trailing
    let xh: number
    let xl: number
    if (s >= 32) {
      xh = (l << (s - 32)) >>> 0
      xl = 0
    } else if (s === 0) {
      xh = h
      xl = l
    } else {
      xh = ((h << s) | (l >>> (32 - s))) >>> 0
      xl = (l << s) >>> 0
    }
    this.hi = (this.hi ^ xh) >>> 0
    this.lo = (this.lo ^ xl) >>> 0
  }
}
