/**
 * A growable byte buffer with the primitive encodings of the TSDB file formats: big-endian fixed
 * widths, uvarint/varint as Go writes them, length-prefixed UTF-8 strings, alignment padding. Numbers
 * stay exact below 2^53, which covers millisecond timestamps and chunk references. Writers only.
 */

const utf8 = new TextEncoder()

export class ByteBuffer {
  bytes = new Uint8Array(1024)
  length = 0

  private ensure(n: number): void {
    if (this.length + n <= this.bytes.length) return
    let size = this.bytes.length * 2
    while (size < this.length + n) size *= 2
    const b = new Uint8Array(size)
    b.set(this.bytes.subarray(0, this.length))
    this.bytes = b
  }
  u8(v: number): void {
    this.ensure(1)
    this.bytes[this.length++] = v
  }
  be32(v: number): void {
    this.ensure(4)
    this.bytes[this.length++] = (v >>> 24) & 0xff
    this.bytes[this.length++] = (v >>> 16) & 0xff
    this.bytes[this.length++] = (v >>> 8) & 0xff
    this.bytes[this.length++] = v & 0xff
  }
  be64(v: number): void {
    this.be32(Math.floor(v / 2 ** 32))
    this.be32(v % 2 ** 32)
  }
  uvarint(v: number): void {
    let u = v
    while (u >= 0x80) {
      this.u8((u % 0x80) | 0x80)
      u = Math.floor(u / 0x80)
    }
    this.u8(u)
  }
  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1)
  }
  raw(b: Uint8Array): void {
    this.ensure(b.length)
    this.bytes.set(b, this.length)
    this.length += b.length
  }
  string(s: string): void {
    const b = utf8.encode(s)
    this.uvarint(b.length)
    this.raw(b)
  }
  align(n: number): void {
    while (this.length % n !== 0) this.u8(0)
  }
  /** Overwrites a BE32 at an earlier position. */
  setBe32(at: number, v: number): void {
    this.bytes[at] = (v >>> 24) & 0xff
    this.bytes[at + 1] = (v >>> 16) & 0xff
    this.bytes[at + 2] = (v >>> 8) & 0xff
    this.bytes[at + 3] = v & 0xff
  }
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length)
  }
}
