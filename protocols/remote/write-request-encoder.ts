/**
 * Encodes remote write 1.0 `WriteRequest`s (series labels and float samples) with the exact
 * protobuf wire format, sample values written from their bytes so staleness markers keep their
 * bits. Used for the embedded write-ahead log and by senders.
 */

const utf8 = new TextEncoder()

class Writer {
  bytes = new Uint8Array(4096)
  length = 0
  private ensure(n: number) {
    if (this.length + n <= this.bytes.length) return
    let size = this.bytes.length * 2
    while (size < this.length + n) size *= 2
    const b = new Uint8Array(size)
    b.set(this.bytes.subarray(0, this.length))
    this.bytes = b
  }
  varint(v: number) {
    this.ensure(10)
    if (v < 0) {
      // int64 two's complement: 10 bytes, exact only with BigInt.
      let u = BigInt.asUintN(64, BigInt(v))
      while (u >= 0x80n) {
        this.bytes[this.length++] = Number(u & 0x7fn) | 0x80
        u >>= 7n
      }
      this.bytes[this.length++] = Number(u)
      return
    }
    let u = v
    while (u >= 0x80) {
      this.bytes[this.length++] = (u % 0x80) | 0x80
      u = Math.floor(u / 0x80)
    }
    this.bytes[this.length++] = u
  }
  raw(b: Uint8Array) {
    this.ensure(b.length)
    this.bytes.set(b, this.length)
    this.length += b.length
  }
}

export interface EncodeSeries {
  /** Flat name, value pairs. */
  readonly labels: ReadonlyArray<string>
  readonly timestamps: ArrayLike<number>
  /** Float64Array so NaN payloads (the staleness marker) survive. */
  readonly values: Float64Array
}

const field = (w: Writer, num: number, body: Writer) => {
  w.varint(num * 8 + 2)
  w.varint(body.length)
  w.raw(body.bytes.subarray(0, body.length))
}

export const encodeWriteRequest = (series: ReadonlyArray<EncodeSeries>): Uint8Array => {
  const out = new Writer()
  const ts = new Writer()
  const part = new Writer()
  for (const s of series) {
    ts.length = 0
    for (let i = 0; i < s.labels.length; i += 2) {
      part.length = 0
      const name = utf8.encode(s.labels[i])
      const value = utf8.encode(s.labels[i + 1])
      part.varint(10)
      part.varint(name.length)
      part.raw(name)
      part.varint(18)
      part.varint(value.length)
      part.raw(value)
      field(ts, 1, part)
    }
    const valueBytes = new Uint8Array(s.values.buffer, s.values.byteOffset, s.values.byteLength)
    for (let i = 0; i < s.timestamps.length; i++) {
      part.length = 0
      part.varint(9)
      part.raw(valueBytes.subarray(i * 8, i * 8 + 8))
      part.varint(16)
      part.varint(s.timestamps[i])
      field(ts, 2, part)
    }
    field(out, 1, ts)
  }
  return out.bytes.slice(0, out.length)
}
