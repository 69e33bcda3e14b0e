/**
 * A hand-written decoder for remote write 1.0 (`prometheus.WriteRequest`, spec §2.2): series labels,
 * float samples (kept in a Float64Array so staleness markers keep their bits), metadata; exemplars
 * and native histograms are counted and skipped for now. Plain code over the bytes; malformed
 * input yields an error naming the byte offset instead of throwing from deep inside.
 */

export interface DecodedSeries {
  /** Flat name, value pairs as sent (the receiver sorts and validates). */
  readonly labels: string[]
  readonly timestamps: number[]
  readonly values: Float64Array
}

export interface DecodedWriteRequest {
  readonly series: DecodedSeries[]
  readonly metadata: Array<{ type: number; family: string; help: string; unit: string }>
  histograms: number
  exemplars: number
}

export class ProtoReader {
  pos = 0
  readonly b: Uint8Array
  readonly end: number
  private readonly view: DataView
  constructor(b: Uint8Array, start = 0, end = b.length) {
    this.b = b
    this.pos = start
    this.end = end
    this.view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  }
  fail(what: string): never {
    throw new DecodeError(`${what} at byte ${this.pos}`)
  }
  varint(): number {
    let v = 0
    let mul = 1
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) this.fail("truncated varint")
      const byte = this.b[this.pos++]
      v += (byte & 0x7f) * mul
      if (byte < 0x80) return v
      mul *= 128
    }
    return this.fail("varint too long")
  }
  /** int64 as a Number; negatives (10-byte two's complement varints) decoded exactly via BigInt. */
  int64(): number {
    const start = this.pos
    const v = this.varint()
    if (v < 2 ** 53) return v
    let u = 0n
    let shift = 0n
    for (let i = start; i < this.pos; i++) {
      u |= BigInt(this.b[i] & 0x7f) << shift
      shift += 7n
    }
    return Number(BigInt.asIntN(64, u))
  }
  double(): number {
    if (this.pos + 8 > this.end) this.fail("truncated double")
    const v = this.view.getFloat64(this.pos, true)
    this.pos += 8
    return v
  }
  /** Copies the raw 8 bytes of a double into `into` at `index` (keeps NaN payloads exactly). */
  doubleInto(into: Float64Array, index: number): void {
    if (this.pos + 8 > this.end) this.fail("truncated double")
    new Uint8Array(into.buffer, into.byteOffset + index * 8, 8).set(this.b.subarray(this.pos, this.pos + 8))
    this.pos += 8
  }
  bytes(): [number, number] {
    const n = this.varint()
    if (this.pos + n > this.end) this.fail(`length ${n} past the end`)
    const start = this.pos
    this.pos += n
    return [start, this.pos]
  }
  string(): string {
    const [s, e] = this.bytes()
    return decoder.decode(this.b.subarray(s, e))
  }
  skip(wire: number): void {
    if (wire === 0) this.varint()
    else if (wire === 1) this.pos += 8
    else if (wire === 2) this.bytes()
    else if (wire === 5) this.pos += 4
    else this.fail(`unsupported wire type ${wire}`)
    if (this.pos > this.end) this.fail("field past the end")
  }
}

export class DecodeError extends Error {}

const decoder = new TextDecoder("utf-8", { fatal: false })

const decodeTimeSeries = (r: ProtoReader, end: number, out: DecodedWriteRequest): void => {
  const labels: string[] = []
  const timestamps: number[] = []
  let values = new Float64Array(4)
  let n = 0
  let exemplars = 0
  let histograms = 0
  while (r.pos < end) {
    const key = r.varint()
    const field = Math.floor(key / 8)
    const wire = key & 7
    if (field === 1 && wire === 2) {
      const [s, e] = r.bytes()
      const lr = new ProtoReader(r.b, s, e)
      let name = ""
      let value = ""
      while (lr.pos < e) {
        const k = lr.varint()
        if (k === 10) name = lr.string()
        else if (k === 18) value = lr.string()
        else lr.skip(k & 7)
      }
      labels.push(name, value)
    } else if (field === 2 && wire === 2) {
      const [s, e] = r.bytes()
      const sr = new ProtoReader(r.b, s, e)
      let t = 0
      if (n === values.length) {
        const grown = new Float64Array(n * 2)
        grown.set(values)
        values = grown
      }
      values[n] = 0
      while (sr.pos < e) {
        const k = sr.varint()
        if (k === 9) sr.doubleInto(values, n)
        else if (k === 16) t = sr.int64()
        else sr.skip(k & 7)
      }
      timestamps.push(t)
      n++
    } else if (field === 3 && wire === 2) {
      r.bytes()
      exemplars++
    } else if (field === 4 && wire === 2) {
      r.bytes()
      histograms++
    } else r.skip(wire)
  }
  out.series.push({ labels, timestamps, values: values.subarray(0, n) })
  out.exemplars += exemplars
  out.histograms += histograms
}

export const decodeWriteRequest = (body: Uint8Array): DecodedWriteRequest | DecodeError => {
  const out: DecodedWriteRequest = { series: [], metadata: [], histograms: 0, exemplars: 0 }
  try {
    const r = new ProtoReader(body)
    while (r.pos < r.end) {
      const key = r.varint()
      const field = Math.floor(key / 8)
      const wire = key & 7
      if (field === 1 && wire === 2) {
        const [s, e] = r.bytes()
        decodeTimeSeries(new ProtoReader(body, s, e), e, out)
      } else if (field === 3 && wire === 2) {
        const [s, e] = r.bytes()
        const mr = new ProtoReader(body, s, e)
        const m = { type: 0, family: "", help: "", unit: "" }
        while (mr.pos < e) {
          const k = mr.varint()
          if (k === 8) m.type = mr.varint()
          else if (k === 18) m.family = mr.string()
          else if (k === 34) m.help = mr.string()
          else if (k === 42) m.unit = mr.string()
          else mr.skip(k & 7)
        }
        out.metadata.push(m)
      } else r.skip(wire)
    }
    return out
  } catch (e) {
    if (e instanceof DecodeError) return e
    throw e
  }
}
