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

  /** Writes the low `n` bits of `v` (n ≤ 32), most significant first. */
  writeBits(v: number, n: number): void {
    for (let i = n - 1; i >= 0; i--) this.writeBit((v >>> i) & 1)
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

  /** Reads n ≤ 32 bits as an unsigned number. */
  readBits(n: number): number {
    let v = 0
    for (let i = 0; i < n; i++) v = v * 2 + this.readBit()
    return v
  }

  readByte(): number {
    return this.readBits(8)
  }
}
