/**
 * Bit-level writing and reading, most significant bit first (Prometheus's XOR chunk convention).
 * Fields are at most 32 bits per call; 64-bit fields are two calls. Plain code on the hot path:
 * no allocation per write beyond doubling the buffer.
 */

export class BitWriter {
  bytes: Uint8Array
  /** Bits used in the last byte (0 = the next write starts a new byte). */
  private bitPos = 0
  length = 0

  constructor(initial = 128) {
    this.bytes = new Uint8Array(initial)
  }

  private grow(): void {
    const b = new Uint8Array(this.bytes.length * 2)
    b.set(this.bytes)
    this.bytes = b
  }

  writeBit(bit: number): void {
    if (this.bitPos === 0) {
      if (this.length === this.bytes.length) this.grow()
      this.bytes[this.length++] = 0
    }
    if (bit) this.bytes[this.length - 1] |= 0x80 >>> this.bitPos
    this.bitPos = (this.bitPos + 1) & 7
  }

  /** Writes the low `n` bits of `v` (n ≤ 32), most significant first, a byte's worth at a time. */
  writeBits(v: number, n: number): void {
    let remaining = n
    while (remaining > 0) {
      if (this.bitPos === 0) {
        if (this.length === this.bytes.length) this.grow()
        this.bytes[this.length++] = 0
      }
      const room = 8 - this.bitPos
      const take = remaining < room ? remaining : room
      // The next `take` bits of v (from the top of the remaining ones), placed under the used bits.
      const bits =
        remaining > 31
          ? Math.floor(v / 2 ** (remaining - take)) & ((1 << take) - 1)
          : (v >>> (remaining - take)) & ((1 << take) - 1)
      this.bytes[this.length - 1] |= bits << (room - take)
      this.bitPos = (this.bitPos + take) & 7
      remaining -= take
    }
  }

  /** Writes a whole byte (through the bit stream, so it may straddle two bytes). */
  writeByte(b: number): void {
    this.writeBits(b & 0xff, 8)
  }

  /** The stream so far (a view; copy before writing more if you keep it). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }
}

export class BitReader {
  private readonly bytes: Uint8Array
  private pos: number
  private bit = 0

  constructor(bytes: Uint8Array, startByte: number) {
    this.bytes = bytes
    this.pos = startByte
  }

  /** False when reading would pass the end. */
  hasBits(n: number): boolean {
    return (this.bytes.length - this.pos) * 8 - this.bit >= n
  }

  readBit(): number {
    if (this.pos >= this.bytes.length) throw new RangeError("bit stream ended")
    const b = (this.bytes[this.pos] >>> (7 - this.bit)) & 1
    if (++this.bit === 8) {
      this.bit = 0
      this.pos++
    }
    return b
  }

  /** Reads n ≤ 32 bits as an unsigned number, a byte's worth at a time. */
  readBits(n: number): number {
    let v = 0
    let remaining = n
    while (remaining > 0) {
      if (this.pos >= this.bytes.length) throw new RangeError("bit stream ended")
      const avail = 8 - this.bit
      const take = remaining < avail ? remaining : avail
      const bits = (this.bytes[this.pos] >>> (avail - take)) & ((1 << take) - 1)
      v = v * (1 << take) + bits
      remaining -= take
      this.bit += take
      if (this.bit === 8) {
        this.bit = 0
        this.pos++
      }
    }
    return v
  }

  readByte(): number {
    return this.readBits(8)
  }
}
