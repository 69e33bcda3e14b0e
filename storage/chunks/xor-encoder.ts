/**
 * The XOR chunk's sample encoding (tsdb-block-format.md §5.3–§5.4) written once for the two
 * writers that use it: XorAppender (a BitWriter buffer) and the head's chunks (a slot in a slab).
 * A subclass supplies where the bits go; this class decides which fields a sample becomes:
 * the first timestamp as a signed varint and the first value's 64 bits, then the delta as an
 * unsigned varint, then delta-of-delta buckets, and each value XOR-ed with the previous one under
 * the leading/trailing-zero window.
 */

const clz64 = (hi: number, lo: number) => (hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo))
const ctz32 = (x: number) => 31 - Math.clz32(x & -x)
const ctz64 = (hi: number, lo: number) => (lo !== 0 ? ctz32(lo) : 32 + ctz32(hi))

export abstract class XorEncoder {
  count = 0
  protected delta = 0
  /** The previous value's bits, as int32 halves. */
  protected prevHi = 0
  protected prevLo = 0
  /** Window (leading, trailing); leading 0xff = not set yet. */
  protected leading = 0xff
  protected trailing = 0

  /** Writes the low `n` bits of `v` (1 ≤ n ≤ 32) as one field, most significant first. */
  protected abstract writeBits(v: number, n: number): void
  /** Writes `n` bits (1 ≤ n ≤ 64) of the 64-bit value hi:lo as one field. */
  protected abstract writeBits64(hi: number, lo: number, n: number): void

  /** Starts over (the subclass clears its bytes). */
  protected resetEncoder(): void {
    this.count = 0
    this.leading = 0xff
    this.trailing = 0
  }

  /** The fields of one sample at t (prevT: the previous sample's time), value hi:lo. */
  protected encode(t: number, prevT: number, hi: number, lo: number): void {
    if (this.count === 0) {
      this.writeVarint(t, true)
      this.writeBits64(hi, lo, 64)
    } else if (this.count === 1) {
      this.delta = t - prevT
      this.writeVarint(this.delta, false)
      this.writeValue(hi, lo)
    } else {
      const delta = t - prevT
      const dod = delta - this.delta
      this.delta = delta
      // Bucket ranges are −(2^(n−1) − 1) … 2^(n−1), not two's-complement ranges (§5.3).
      if (dod === 0) this.writeBits(0, 1)
      else if (dod >= -8191 && dod <= 8192) {
        this.writeBits(0b10, 2)
        this.writeBits(dod, 14)
      } else if (dod >= -65535 && dod <= 65536) {
        this.writeBits(0b110, 3)
        this.writeBits(dod, 17)
      } else if (dod >= -524287 && dod <= 524288) {
        this.writeBits(0b1110, 4)
        this.writeBits(dod, 20)
      } else {
        this.writeBits(0b1111, 4)
        // Two's complement of a safe integer in 32-bit halves.
        const hiPart = Math.floor(dod / 4294967296)
        this.writeBits64(hiPart >>> 0, (dod - hiPart * 4294967296) >>> 0, 64)
      }
      this.writeValue(hi, lo)
    }
    this.prevHi = hi | 0
    this.prevLo = lo | 0
    this.count++
  }

  private writeValue(hi: number, lo: number): void {
    const xh = (hi ^ this.prevHi) >>> 0
    const xl = (lo ^ this.prevLo) >>> 0
    if (xh === 0 && xl === 0) {
      this.writeBits(0, 1)
      return
    }
    let lz = clz64(xh, xl)
    const tz = ctz64(xh, xl)
    if (lz >= 32) lz = 31 // the field has 5 bits (§5.4)
    if (this.leading !== 0xff && lz >= this.leading && tz >= this.trailing) {
      this.writeBits(0b10, 2)
      this.writeShifted(xh, xl, this.trailing, 64 - this.leading - this.trailing)
      return
    }
    this.leading = lz
    this.trailing = tz
    const sig = 64 - lz - tz
    // `11`, 5 bits of leading zeros, 6 bits of significant bits (64 is written as 0).
    this.writeBits((0b11 << 11) | (lz << 6) | (sig & 0x3f), 13)
    this.writeShifted(xh, xl, tz, sig)
  }

  /** Writes the low `n` bits of (xh:xl) >> shift as one field. */
  private writeShifted(xh: number, xl: number, shift: number, n: number): void {
    if (shift >= 32) this.writeBits64(0, xh >>> (shift - 32), n)
    else if (shift === 0) this.writeBits64(xh, xl, n)
    else this.writeBits64(xh >>> shift, ((xl >>> shift) | (xh << (32 - shift))) >>> 0, n)
  }

  /** Zig-zag (when signed) then base-128 groups, exact for |n| < 2^52, one byte field each. */
  private writeVarint(n: number, signed: boolean): void {
    let u = signed ? (n >= 0 ? n * 2 : -n * 2 - 1) : n
    while (u >= 0x80) {
      this.writeBits((u % 0x80) | 0x80, 8)
      u = Math.floor(u / 0x80)
    }
    this.writeBits(u, 8)
  }
}
