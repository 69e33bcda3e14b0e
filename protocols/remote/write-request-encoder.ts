/**
 * Encodes remote write 1.0 `WriteRequest`s (series labels and float samples) with the exact
 * protobuf wire format, sample values written from their bytes so staleness markers keep their
 * bits. Used for the embedded write-ahead log and by senders.
 */

const utf8 = new TextEncoder()

class Writer {
  bytes: Uint8Array
  length = 0
  constructor(bytes: Uint8Array) {
    this.bytes = bytes
  }
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
    const d = this.bytes
    let o = this.length
    let u = v
    if (u > 0x0fffffff) {
      // The low 28 bits with 32-bit operations, then the rest (timestamps are ~2^41).
      const lo = u % 0x10000000
      d[o++] = (lo & 0x7f) | 0x80
      d[o++] = ((lo >>> 7) & 0x7f) | 0x80
      d[o++] = ((lo >>> 14) & 0x7f) | 0x80
      d[o++] = ((lo >>> 21) & 0x7f) | 0x80
      u = Math.floor(u / 0x10000000)
      while (u >= 0x80) {
        d[o++] = (u % 0x80) | 0x80
        u = Math.floor(u / 0x80)
      }
    } else
      while (u >= 0x80) {
        d[o++] = (u & 0x7f) | 0x80
        u >>>= 7
      }
    d[o++] = u
    this.length = o
  }
  /** The 8 bytes of `b` at `at`. */
  raw8(b: Uint8Array, at: number) {
    this.ensure(8)
    const o = this.length
    const d = this.bytes
    d[o] = b[at]
    d[o + 1] = b[at + 1]
    d[o + 2] = b[at + 2]
    d[o + 3] = b[at + 3]
    d[o + 4] = b[at + 4]
    d[o + 5] = b[at + 5]
    d[o + 6] = b[at + 6]
    d[o + 7] = b[at + 7]
    this.length = o + 8
  }
  raw(b: Uint8Array) {
    this.ensure(b.length)
    this.bytes.set(b, this.length)
    this.length += b.length
  }
  /** A string whose UTF-8 length is `n`. */
  string(s: string, n: number) {
    this.ensure(n)
    const d = this.bytes
    if (n === s.length) {
      let o = this.length
      for (let i = 0; i < n; i++) d[o++] = s.charCodeAt(i)
    } else utf8.encodeInto(s, d.subarray(this.length, this.length + n))
    this.length += n
  }
}

export interface EncodeSeries {
  /** Flat name, value pairs. */
  readonly labels: ReadonlyArray<string>
  readonly timestamps: ArrayLike<number>
  /** Float64Array so NaN payloads (the staleness marker) survive. */
  readonly values: Float64Array
  /** Native histogram samples as encoded `Histogram` messages (TimeSeries field 4). */
  readonly histograms?: ReadonlyArray<Uint8Array>
  /** The labels already encoded (`encodeLabelFields(labels)`), copied instead of encoded again. */
  readonly labelBytes?: Uint8Array
  /** Only samples [from, to) of timestamps/values (default: all), so callers need no views. */
  readonly from?: number
  readonly to?: number
  /** Exemplars (TimeSeries field 3). */
  readonly exemplars?: ReadonlyArray<EncodeExemplar>
}

export interface EncodeExemplar {
  /** Flat name, value pairs. */
  readonly labels: ReadonlyArray<string>
  readonly value: number
  readonly timestampMs: number
}

const varintLength = (v: number): number =>
  v < 0
    ? 10
    : v < 2 ** 7
      ? 1
      : v < 2 ** 14
        ? 2
        : v < 2 ** 21
          ? 3
          : v < 2 ** 28
            ? 4
            : v < 2 ** 35
              ? 5
              : v < 2 ** 42
                ? 6
                : v < 2 ** 49
                  ? 7
                  : v < 2 ** 56
                    ? 8
                    : 9

/** UTF-8 length: the string's length when it is ASCII (label strings almost always are). */
const utf8Length = (s: string): number => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return Buffer.byteLength(s, "utf8")
  return s.length
}

/** Size of a Label message with a name and a value of these UTF-8 lengths. */
const labelSize = (n: number, v: number): number => 2 + varintLength(n) + n + varintLength(v) + v

const writeLabel = (w: Writer, name: string, n: number, value: string, v: number): void => {
  w.varint(0x0a)
  w.varint(labelSize(n, v))
  w.varint(0x0a)
  w.varint(n)
  w.string(name, n)
  w.varint(0x12)
  w.varint(v)
  w.string(value, v)
}

/** Size of an Exemplar message (labels, value, timestamp). */
const exemplarSize = (e: EncodeExemplar): number => {
  let size = 9 + 1 + varintLength(e.timestampMs)
  for (let i = 0; i < e.labels.length; i += 2) {
    const label = labelSize(utf8Length(e.labels[i]), utf8Length(e.labels[i + 1]))
    size += 1 + varintLength(label) + label
  }
  return size
}

const exemplarsSize = (es: ReadonlyArray<EncodeExemplar> | undefined): number => {
  let size = 0
  for (const e of es ?? []) {
    const b = exemplarSize(e)
    size += 1 + varintLength(b) + b
  }
  return size
}

const valueScratch = new Float64Array(1)
const valueScratchBytes = new Uint8Array(valueScratch.buffer)

// Byte lengths of the strings of the request being encoded, in order (reused between calls).
let lengths = new Int32Array(1024)

/**
 * One pass to size every message, then the bytes written once into a buffer of exactly that size
 * (no intermediate copies; ASCII strings written byte by byte).
 */
export const encodeWriteRequest = (series: ReadonlyArray<EncodeSeries>): Uint8Array => {
  let strings = 0
  for (const s of series) if (s.labelBytes === undefined) strings += s.labels.length
  if (lengths.length < strings) lengths = new Int32Array(strings * 2)
  let total = 0
  let k = 0
  for (const s of series) {
    let body = s.labelBytes?.length ?? 0
    if (s.labelBytes === undefined)
      for (let i = 0; i < s.labels.length; i += 2) {
        const n = utf8Length(s.labels[i])
        const v = utf8Length(s.labels[i + 1])
        lengths[k++] = n
        lengths[k++] = v
        const label = labelSize(n, v)
        body += 1 + varintLength(label) + label
      }
    for (let i = s.from ?? 0, end = s.to ?? s.timestamps.length; i < end; i++) {
      const sample = 10 + varintLength(s.timestamps[i])
      body += 1 + varintLength(sample) + sample
    }
    for (const h of s.histograms ?? []) body += 1 + varintLength(h.length) + h.length
    body += exemplarsSize(s.exemplars)
    total += 1 + varintLength(body) + body
  }
  // 10 spare bytes: Writer.varint makes room for a whole varint before writing one.
  const out = new Uint8Array(total + 10)
  let viewOf: ArrayBufferLike | undefined
  let view: Uint8Array = out
  const w = new Writer(out)
  k = 0
  for (const s of series) {
    let body = s.labelBytes?.length ?? 0
    let at = k
    if (s.labelBytes === undefined)
      for (let i = 0; i < s.labels.length; i += 2) {
        const n = lengths[at++]
        const v = lengths[at++]
        const label = labelSize(n, v)
        body += 1 + varintLength(label) + label
      }
    for (let i = s.from ?? 0, end = s.to ?? s.timestamps.length; i < end; i++) {
      const sample = 10 + varintLength(s.timestamps[i])
      body += 1 + varintLength(sample) + sample
    }
    for (const h of s.histograms ?? []) body += 1 + varintLength(h.length) + h.length
    body += exemplarsSize(s.exemplars)
    w.varint(0x0a)
    w.varint(body)
    if (s.labelBytes !== undefined) w.raw(s.labelBytes)
    else
      for (let i = 0; i < s.labels.length; i += 2) {
        const n = lengths[k++]
        const v = lengths[k++]
        writeLabel(w, s.labels[i], n, s.labels[i + 1], v)
      }
    // The values' bytes through one view per buffer (a scrape's or request's series share one).
    if (s.values.buffer !== viewOf) {
      viewOf = s.values.buffer
      view = new Uint8Array(viewOf)
    }
    for (let i = s.from ?? 0, end = s.to ?? s.timestamps.length; i < end; i++) {
      const t = s.timestamps[i]
      w.varint(0x12)
      w.varint(10 + varintLength(t))
      w.varint(0x09)
      w.raw8(view, s.values.byteOffset + i * 8)
      w.varint(0x10)
      w.varint(t)
    }
    for (const e of s.exemplars ?? []) {
      w.varint(0x1a)
      w.varint(exemplarSize(e))
      for (let i = 0; i < e.labels.length; i += 2)
        writeLabel(w, e.labels[i], utf8Length(e.labels[i]), e.labels[i + 1], utf8Length(e.labels[i + 1]))
      valueScratch[0] = e.value
      w.varint(0x11)
      w.raw8(valueScratchBytes, 0)
      w.varint(0x18)
      w.varint(e.timestampMs)
    }
    for (const h of s.histograms ?? []) {
      w.varint(0x22)
      w.varint(h.length)
      w.raw(h)
    }
  }
  if (w.length !== total || w.bytes !== out) throw new Error(`bug: encoded ${w.length} bytes, sized ${total}`)
  return out.subarray(0, total)
}

/**
 * The label fields of a TimeSeries (`1: Label` repeated) for `labels`, for callers that encode
 * the same series often (EncodeSeries.labelBytes).
 */
export const encodeLabelFields = (labels: ReadonlyArray<string>): Uint8Array => {
  const whole = encodeWriteRequest([{ labels, timestamps: [], values: noValues }])
  // Skip the WriteRequest's `1: TimeSeries` tag and length.
  let o = 1
  while (whole[o] & 0x80) o++
  return whole.slice(o + 1)
}

export const noValues = new Float64Array(0)
