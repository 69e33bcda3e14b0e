/**
 * A cursor over protobuf wire-format bytes for the hand-written decoders (varints, zigzag, fixed
 * 64-bit doubles copied byte for byte, length-delimited ranges, skipping unknown fields) and the
 * one error they report. It knows no message layouts. Malformed input throws `DecodeError`
 * internally; every public decoder catches it once and returns it as a value.
 */

/** Bad bytes: what failed and where. `offset` is a byte position in the decoded (uncompressed) body. */
export class DecodeError extends Error {
  readonly _tag = "DecodeError"
  /** Byte offset of the failure, or -1 when it is not about one position (e.g. a bad reference). */
  readonly offset: number
  /** The message without the offset, so a caller can prefix where it happened. */
  readonly what: string
  constructor(what: string, offset = -1) {
    super(offset >= 0 ? `${what} at byte ${offset}` : what)
    this.name = "DecodeError"
    this.offset = offset
    this.what = what
  }
  /** The same error with a location prefix, e.g. "timeseries[3].samples: truncated double at byte 57". */
  within(where: string): DecodeError {
    return new DecodeError(`${where}: ${this.what}`, this.offset)
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: false })

/** Protobuf wire types. */
export const Wire = { varint: 0, fixed64: 1, bytes: 2, fixed32: 5 } as const

export class ProtoReader {
  pos = 0
  b: Uint8Array
  end: number
  constructor(b: Uint8Array, start = 0, end = b.length) {
    this.b = b
    this.pos = start
    this.end = end
  }

  /** Re-points the reader at new bytes (decoders keep one reader per instance). */
  reset(b: Uint8Array, start = 0, end = b.length): void {
    this.b = b
    this.pos = start
    this.end = end
  }

  fail(what: string, offset = this.pos): never {
    throw new DecodeError(what, offset)
  }

  /** An unsigned varint as a Number; exact up to 2^53, approximate beyond (callers that care use int64). */
  varint(): number {
    const b = this.b
    let pos = this.pos
    if (pos < this.end && b[pos] < 0x80) {
      this.pos = pos + 1
      return b[pos]
    }
    let v = 0
    let mul = 1
    for (let i = 0; i < 10; i++) {
      if (pos >= this.end) this.fail("truncated varint", pos)
      const byte = b[pos++]
      v += (byte & 0x7f) * mul
      if (byte < 0x80) {
        this.pos = pos
        return v
      }
      mul *= 128
    }
    return this.fail("varint longer than 10 bytes", this.pos)
  }

  /** A 32-bit unsigned varint (e.g. a symbol reference); larger values are an error. */
  uint32(): number {
    const start = this.pos
    const v = this.varint()
    if (v > 0xffffffff) this.fail(`value ${v} does not fit in uint32`, start)
    return v
  }

  /** int64 as a Number; negatives (10-byte two's complement varints) are decoded exactly via BigInt. */
  int64(): number {
    const start = this.pos
    const v = this.varint()
    if (v < 2 ** 53) return v
    return Number(BigInt.asIntN(64, this.bigVarint(start)))
  }

  /** sint32/sint64 (zigzag). */
  sint(): number {
    const start = this.pos
    const v = this.varint()
    if (v < 2 ** 53) return v % 2 === 1 ? -(v + 1) / 2 : v / 2
    const u = this.bigVarint(start)
    return Number((u >> 1n) ^ -(u & 1n))
  }

  private bigVarint(start: number): bigint {
    let u = 0n
    let shift = 0n
    for (let i = start; i < this.pos; i++) {
      u |= BigInt(this.b[i] & 0x7f) << shift
      shift += 7n
    }
    return BigInt.asUintN(64, u)
  }

  double(): number {
    if (this.pos + 8 > this.end) this.fail("truncated double")
    const v = new DataView(this.b.buffer, this.b.byteOffset + this.pos, 8).getFloat64(0, true)
    this.pos += 8
    return v
  }

  /**
   * Copies the 8 raw bytes of a double into `into` at byte offset `at`. Going through a number
   * would let V8 quiet a signalling NaN, and the staleness marker 0x7ff0000000000002 is one.
   */
  doubleBytesInto(into: Uint8Array, at: number): void {
    const b = this.b
    const p = this.pos
    if (p + 8 > this.end) this.fail("truncated double")
    into[at] = b[p]
    into[at + 1] = b[p + 1]
    into[at + 2] = b[p + 2]
    into[at + 3] = b[p + 3]
    into[at + 4] = b[p + 4]
    into[at + 5] = b[p + 5]
    into[at + 6] = b[p + 6]
    into[at + 7] = b[p + 7]
    this.pos = p + 8
  }

  /** Compatibility form of doubleBytesInto for a Float64Array slot. */
  doubleInto(into: Float64Array, index: number): void {
    this.doubleBytesInto(new Uint8Array(into.buffer, into.byteOffset, into.byteLength), index * 8)
  }

  /** Reads a length prefix and returns the end of the delimited range; pos is at its start. */
  delimited(): number {
    const at = this.pos
    const n = this.varint()
    const end = this.pos + n
    if (end > this.end)
      this.fail(`truncated: field length ${n} overruns its message by ${end - this.end} bytes`, at)
    return end
  }

  /** [start, end) of a length-delimited field, and skips it. */
  bytes(): [number, number] {
    const end = this.delimited()
    const start = this.pos
    this.pos = end
    return [start, end]
  }

  string(): string {
    const end = this.delimited()
    const s = this.pos === end ? "" : utf8.decode(this.b.subarray(this.pos, end))
    this.pos = end
    return s
  }

  /** Skips one field's value of the given wire type (unknown fields are ignored, as protobuf requires). */
  skip(wire: number, keyAt = this.pos - 1): void {
    if (wire === 0) this.varint()
    else if (wire === 1) this.fixed(8)
    else if (wire === 2) this.pos = this.delimited()
    else if (wire === 5) this.fixed(4)
    else this.fail(`unsupported wire type ${wire}`, keyAt)
  }

  private fixed(n: number): void {
    if (this.pos + n > this.end) this.fail(`truncated ${n}-byte field`)
    this.pos += n
  }
}
