/**
 * Decodes the primitive encodings of the TSDB formats from a byte range that was read from a
 * file at `base`: every bound or shape problem becomes a CorruptionError naming the file and the
 * absolute offset. Numbers are exact below 2^53 (timestamps, refs); larger varints are corrupt.
 */
import { corrupt } from "./corruption-error.ts"

const utf8 = new TextDecoder("utf-8", { fatal: true })

export class ByteCursor {
  pos: number
  readonly bytes: Uint8Array
  readonly file: string
  /** File offset of bytes[0]. */
  readonly base: number

  constructor(bytes: Uint8Array, file: string, base: number, start = 0) {
    this.bytes = bytes
    this.file = file
    this.base = base
    this.pos = start
  }

  get offset(): number {
    return this.base + this.pos
  }

  get remaining(): number {
    return this.bytes.length - this.pos
  }

  fail(reason: string, at = this.pos): never {
    return corrupt(this.file, this.base + at, reason)
  }

  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length)
      this.fail(`${what} needs ${n} bytes, only ${this.bytes.length - this.pos} left`)
  }

  u8(): number {
    this.need(1, "byte")
    return this.bytes[this.pos++]
  }

  be32(): number {
    this.need(4, "BE32")
    const b = this.bytes
    const p = this.pos
    this.pos += 4
    return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0
  }

  be64(): number {
    const at = this.pos
    const hi = this.be32()
    const lo = this.be32()
    if (hi >= 2 ** 21) this.fail(`BE64 ${hi}·2^32+${lo} is beyond 2^53`, at)
    return hi * 2 ** 32 + lo
  }

  uvarint(): number {
    const at = this.pos
    let v = 0
    let mul = 1
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.bytes.length) this.fail("uvarint runs past the end of the range", at)
      const byte = this.bytes[this.pos++]
      v += (byte & 0x7f) * mul
      if (byte < 0x80) {
        if (v > Number.MAX_SAFE_INTEGER) this.fail("uvarint beyond 2^53", at)
        return v
      }
      mul *= 128
    }
    return this.fail("uvarint longer than 8 bytes (beyond 2^53)", at)
  }

  varint(): number {
    const u = this.uvarint()
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2
  }

  /**
   * A signed varint of any int64 value, clamped to ±(2^53 − 1): Prometheus writes ±2^63 − 1 for
   * open-ended intervals (a delete_series with no start or end), which means "all time" here too.
   */
  varintClamped(): number {
    const at = this.pos
    let v = 0n
    let shift = 0n
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.bytes.length) this.fail("varint runs past the end of the range", at)
      const byte = this.bytes[this.pos++]
      v |= BigInt(byte & 0x7f) << shift
      if (byte < 0x80) {
        const signed = v & 1n ? -(v >> 1n) - 1n : v >> 1n
        const max = BigInt(Number.MAX_SAFE_INTEGER)
        return Number(signed > max ? max : signed < -max ? -max : signed)
      }
      shift += 7n
    }
    return this.fail("varint longer than 10 bytes", at)
  }

  /** A uvarint length then that many UTF-8 bytes; invalid UTF-8 is corruption too. */
  string(): string {
    const at = this.pos
    const n = this.uvarint()
    this.need(n, "string")
    try {
      return utf8.decode(this.bytes.subarray(this.pos, (this.pos += n)))
    } catch {
      return this.fail("string is not valid UTF-8", at)
    }
  }
}

export const be32At = (b: Uint8Array, p: number): number =>
  ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0
