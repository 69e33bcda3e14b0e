/**
 * Bit-level writing and reading, most significant bit first (Prometheus's chunk bit stream,
 * tsdb-block-format.md §5.1). Fields up to 32 bits go through `writeBits`/`readBits`, 64-bit
 * fields as two halves. Plain code on the hot path: no allocation per field; the writer's buffer
 * doubles when full, the reader is reset onto new bytes instead of being re-created.
 */

export class BitWriter {
  bytes: Uint8Array
  /** Bytes in use, including a partly filled last byte. */
  length = 0
  /** Bits used in the last byte; 0 means it is full (or there is none) and the next bit opens one. */
  private bitPos = 0
  /**
   * Whether the last field was a whole number of bytes written from a byte boundary. Prometheus
   * < 3.0 left an extra zero byte after such a field (§5.7); the XOR appender uses this to
   * reproduce those bytes on request.
   */
  lastFieldAligned = false

  constructor(initial = 128) {
    this.bytes = new Uint8Array(Math.max(initial, 8))
  }

  /** Forgets the content, keeping the buffer. */
  reset(): void {
    this.bytes.fill(0, 0, this.length)
    this.length = 0
    this.bitPos = 0
    this.lastFieldAligned = false
  }

  private grow(): void {
    const b = new Uint8Array(this.bytes.length * 2)
    b.set(this.bytes.subarray(0, this.length))
    this.bytes = b
  }

  writeBit(bit: number): void {
    if (this.bitPos === 0) {
      if (this.length === this.bytes.length) this.grow()
      this.bytes[this.length++] = 0
    }
    if (bit !== 0) this.bytes[this.length - 1] |= 0x80 >>> this.bitPos
    this.bitPos = (this.bitPos + 1) & 7
    this.lastFieldAligned = false
  }

  /** Writes the low `n` bits of `v` (1 ≤ n ≤ 32), most significant first. */
  writeBits(v: number, n: number): void {
    // At most 5 bytes are touched; make room once instead of per byte.
    if (this.length + 5 > this.bytes.length) this.grow()
    const bytes = this.bytes
    this.lastFieldAligned = this.bitPos === 0 && (n & 7) === 0
    // Keep only the low n bits, as an unsigned 32-bit number.
    let rest = n === 32 ? v >>> 0 : (v & ((1 << n) - 1)) >>> 0
    let remaining = n
    if (this.bitPos !== 0) {
      // Top up the partly filled last byte.
      const room = 8 - this.bitPos
      if (remaining <= room) {
        bytes[this.length - 1] |= rest << (room - remaining)
        this.bitPos = (this.bitPos + remaining) & 7
        return
      }
      remaining -= room
      bytes[this.length - 1] |= rest >>> remaining
      rest = remaining === 32 ? rest : (rest & ((1 << remaining) - 1)) >>> 0
      this.bitPos = 0
    }
    while (remaining >= 8) {
      remaining -= 8
      bytes[this.length++] = rest >>> remaining
    }
    if (remaining > 0) {
      bytes[this.length++] = (rest << (8 - remaining)) & 0xff
      this.bitPos = remaining
    }
  }

  /** Writes `n` bits (1 ≤ n ≤ 64) of the 64-bit value hi:lo, as one field. */
  writeBits64(hi: number, lo: number, n: number): void {
    const aligned = this.bitPos === 0 && (n & 7) === 0
    if (n > 32) {
      this.writeBits(hi, n - 32)
      this.writeBits(lo, 32)
    } else this.writeBits(lo, n)
    this.lastFieldAligned = aligned
  }

  /** Writes a whole byte as one field (it straddles two bytes when the stream is not aligned). */
  writeByte(b: number): void {
    this.writeBits(b & 0xff, 8)
  }

  /** The stream so far (a view; copy it before writing more if you keep it). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }
}

export class BitReader {
  private bytes: Uint8Array
  private pos: number
  /** Bits already consumed of bytes[pos]. */
  private bit = 0

  constructor(bytes: Uint8Array = new Uint8Array(0), startByte = 0) {
    this.bytes = bytes
    this.pos = startByte
  }

  reset(bytes: Uint8Array, startByte: number): void {
    this.bytes = bytes
    this.pos = startByte
    this.bit = 0
  }

  /** False when reading n more bits would pass the end. */
  hasBits(n: number): boolean {
    return (this.bytes.length - this.pos) * 8 - this.bit >= n
  }

  /** Position of the next bit, counted from the start of the bytes. */
  get bitOffset(): number {
    return this.pos * 8 + this.bit
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

  /** Reads 1 ≤ n ≤ 32 bits as an unsigned number. */
  readBits(n: number): number {
    const bytes = this.bytes
    let pos = this.pos
    if (((bytes.length - pos) << 3) - this.bit < n) throw new RangeError("bit stream ended")
    // Bits left in the current byte, then whole bytes, then the top of the last byte.
    const avail = 8 - this.bit
    let v = bytes[pos] & ((1 << avail) - 1)
    if (n < avail) {
      this.bit += n
      return v >>> (avail - n)
    }
    let remaining = n - avail
    pos++
    while (remaining >= 8) {
      v = ((v << 8) | bytes[pos++]) >>> 0
      remaining -= 8
    }
    if (remaining > 0) v = ((v << remaining) | (bytes[pos] >>> (8 - remaining))) >>> 0
    this.pos = pos
    this.bit = remaining
    return v >>> 0
  }

  readByte(): number {
    return this.readBits(8)
  }
}
