/**
 * Decoder for native histogram chunks: integer histograms (encoding 2) and float histograms
 * (encoding 3), laid out as Prometheus `tsdb/docs/format/chunks.md` describes: BE16 sample count,
 * a flags byte whose top two bits are the counter-reset header, then a bit stream with the zero
 * threshold, schema, positive and negative spans, custom bounds (schema −53 only) and the samples
 * (integers as varbit deltas of deltas, floats XOR-ed per field). Reading only; the encoder is
 * histogram-appender.ts (used by storage/blocks/sample-chunks.ts when blocks are written).
 */
import { BitReader } from "./bit-stream.ts"
import { ChunkEncoding } from "./chunk-encoding.ts"
import { readVarbitInt, readVarbitUint } from "./varbit.ts"

/** The chunk-level counter-reset header (flags byte bits 7–6). */
export const CounterResetHeader = { unknown: 0, notCounterReset: 1, counterReset: 2, gauge: 3 } as const
export type CounterResetHeader = (typeof CounterResetHeader)[keyof typeof CounterResetHeader]

/** Schema of histograms with custom bucket bounds (NHCB); their bounds follow the spans. */
export const customBucketsSchema = -53

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const hiIdx = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0
const toFloat = (hi: number, lo: number): number => {
  u32[hiIdx] = hi
  u32[1 - hiIdx] = lo
  return f64[0]
}

/** Per-field XOR state: value bits and the (leading, trailing) window. */
class XorFields {
  hi: Uint32Array
  lo: Uint32Array
  leading: Uint8Array
  trailing: Uint8Array
  constructor(n: number) {
    this.hi = new Uint32Array(n)
    this.lo = new Uint32Array(n)
    this.leading = new Uint8Array(n)
    this.trailing = new Uint8Array(n)
  }
  set(i: number, hi: number, lo: number): void {
    this.hi[i] = hi
    this.lo[i] = lo
    this.leading[i] = 0
    this.trailing[i] = 0
  }
  value(i: number): number {
    return toFloat(this.hi[i], this.lo[i])
  }
  /** Applies one XOR-encoded update of field i (the scheme of XOR chunk values, §5.4). */
  read(r: BitReader, i: number): void {
    if (r.readBit() === 0) return
    if (r.readBit() === 1) {
      const ls = r.readBits(11)
      const sig = ls & 0x3f
      this.leading[i] = ls >>> 6
      this.trailing[i] = 64 - this.leading[i] - (sig === 0 ? 64 : sig)
    }
    const n = 64 - this.leading[i] - this.trailing[i]
    let h = 0
    let l: number
    if (n > 32) {
      h = r.readBits(n - 32)
      l = r.readBits(32)
    } else l = r.readBits(n)
    const s = this.trailing[i]
    if (s >= 32) this.hi[i] ^= l << (s - 32)
    else if (s === 0) {
      this.hi[i] ^= h
      this.lo[i] ^= l
    } else {
      this.hi[i] ^= (h << s) | (l >>> (32 - s))
      this.lo[i] ^= l << s
    }
  }
}

const readSpans = (r: BitReader, into: number[]): number => {
  into.length = 0
  const n = readVarbitUint(r)
  let buckets = 0
  for (let i = 0; i < n; i++) {
    const length = readVarbitUint(r)
    const offset = readVarbitInt(r)
    into.push(offset, length)
    buckets += length
  }
  return buckets
}

/** A custom bound: `x × 1000 + 1` as varbit uint when that is a small integer, else `0` + 64 raw bits. */
const readCustomValue = (r: BitReader): number => {
  if (r.readBit() === 0) return toFloat(r.readBits(32), r.readBits(32))
  // The 1 just read was the first prefix bit of the varbit uint; read the rest of the prefix.
  let ones = 1
  while (ones < 8 && r.readBit() === 1) ones++
  const width = [0, 3, 6, 9, 12, 18, 25, 56, 64][ones]
  const u = width > 32 ? r.readBits(width - 32) * 4294967296 + r.readBits(32) : r.readBits(width)
  return (u - 1) / 1000
}

/**
 * Iterates the samples of one histogram chunk. Spans and bounds are the chunk's (every sample
 * shares them); bucket counts are absolute, index-aligned with the spans. Arrays are reused from
 * sample to sample and chunk to chunk: copy what you keep.
 */
export class HistogramIterator {
  private readonly r = new BitReader()
  private n = 0
  private i = 0
  /** True for encoding 3 (float histograms). */
  float = false
  counterResetHeader: CounterResetHeader = CounterResetHeader.unknown
  schema = 0
  zeroThreshold = 0
  /** Flat (offset, length) pairs, as in the remote-write and exposition protobufs. */
  readonly positiveSpans: number[] = []
  readonly negativeSpans: number[] = []
  /** Custom bucket upper bounds (schema −53), else empty. */
  readonly customValues: number[] = []
  timeMs = 0
  count = 0
  zeroCount = 0
  sum = 0
  positiveBuckets = new Float64Array(0)
  negativeBuckets = new Float64Array(0)
  private nPos = 0
  private nNeg = 0
  private tDelta = 0
  private cntDelta = 0
  private zcntDelta = 0
  /** Integer flavour: per bucket, the delta-encoded value (as stored) and its last change. */
  private bucketRaw = new Float64Array(0)
  private bucketRawDelta = new Float64Array(0)
  /** Field 0 count, 1 zero count, 2 sum, then the buckets (positive then negative). */
  private xor = new XorFields(3)

  constructor(encoding?: number, data?: Uint8Array) {
    if (encoding !== undefined && data !== undefined) this.reset(encoding, data)
  }

  /** Starts over on a chunk; `encoding` is 2 or 3, `data` the bytes after the encoding byte. */
  reset(encoding: number, data: Uint8Array): this {
    if (encoding !== ChunkEncoding.histogram && encoding !== ChunkEncoding.floatHistogram)
      throw new RangeError(`encoding ${encoding} is not a histogram chunk encoding`)
    if (data.length < 3) throw new RangeError("histogram chunk shorter than its 3-byte header")
    this.float = encoding === ChunkEncoding.floatHistogram
    this.n = (data[0] << 8) | data[1]
    this.counterResetHeader = (data[2] >>> 6) as CounterResetHeader
    this.i = 0
    const r = this.r
    r.reset(data, 3)
    if (this.n === 0) return this
    const zt = r.readBits(8)
    this.zeroThreshold = zt === 0 ? 0 : zt === 255 ? toFloat(r.readBits(32), r.readBits(32)) : 2 ** (zt - 244)
    this.schema = readVarbitInt(r)
    this.nPos = readSpans(r, this.positiveSpans)
    this.nNeg = readSpans(r, this.negativeSpans)
    this.customValues.length = 0
    if (this.schema === customBucketsSchema) {
      const k = readVarbitUint(r)
      for (let j = 0; j < k; j++) this.customValues.push(readCustomValue(r))
    }
    const buckets = this.nPos + this.nNeg
    if (this.positiveBuckets.length !== this.nPos) this.positiveBuckets = new Float64Array(this.nPos)
    if (this.negativeBuckets.length !== this.nNeg) this.negativeBuckets = new Float64Array(this.nNeg)
    if (this.bucketRaw.length < buckets) {
      this.bucketRaw = new Float64Array(buckets)
      this.bucketRawDelta = new Float64Array(buckets)
    }
    if (this.xor.hi.length < buckets + 3) this.xor = new XorFields(buckets + 3)
    return this
  }

  /** Samples in the chunk (from its header). */
  get sampleCount(): number {
    return this.n
  }

  /** Advances to the next sample; false at the end. Throws RangeError on a truncated chunk. */
  next(): boolean {
    if (this.i >= this.n) return false
    if (this.float) this.nextFloat()
    else this.nextInt()
    this.i++
    return true
  }

  /** Moves to the first sample at or after `t` (staying put if already there); false if none. */
  seek(t: number): boolean {
    if (this.i > 0 && this.timeMs >= t) return true
    while (this.next()) if (this.timeMs >= t) return true
    return false
  }

  private nextTime(): void {
    const r = this.r
    if (this.i === 0) this.timeMs = readVarbitInt(r)
    else {
      if (this.i === 1) this.tDelta = readVarbitInt(r)
      else this.tDelta += readVarbitInt(r)
      this.timeMs += this.tDelta
    }
  }

  private nextInt(): void {
    const r = this.r
    const buckets = this.nPos + this.nNeg
    this.nextTime()
    if (this.i === 0) {
      this.count = readVarbitUint(r)
      this.zeroCount = readVarbitUint(r)
      this.xor.set(2, r.readBits(32), r.readBits(32))
      for (let j = 0; j < buckets; j++) this.bucketRaw[j] = readVarbitInt(r)
    } else {
      if (this.i === 1) {
        this.cntDelta = readVarbitInt(r)
        this.zcntDelta = readVarbitInt(r)
      } else {
        this.cntDelta += readVarbitInt(r)
        this.zcntDelta += readVarbitInt(r)
      }
      this.count += this.cntDelta
      this.zeroCount += this.zcntDelta
      this.xor.read(r, 2)
      for (let j = 0; j < buckets; j++) {
        if (this.i === 1) this.bucketRawDelta[j] = readVarbitInt(r)
        else this.bucketRawDelta[j] += readVarbitInt(r)
        this.bucketRaw[j] += this.bucketRawDelta[j]
      }
    }
    this.sum = this.xor.value(2)
    // Stored buckets are deltas from the previous bucket (per side); make them absolute.
    let c = 0
    for (let j = 0; j < this.nPos; j++) this.positiveBuckets[j] = c += this.bucketRaw[j]
    c = 0
    for (let j = 0; j < this.nNeg; j++) this.negativeBuckets[j] = c += this.bucketRaw[this.nPos + j]
  }

  private nextFloat(): void {
    const r = this.r
    const fields = this.nPos + this.nNeg + 3
    this.nextTime()
    const x = this.xor
    if (this.i === 0) for (let j = 0; j < fields; j++) x.set(j, r.readBits(32), r.readBits(32))
    else for (let j = 0; j < fields; j++) x.read(r, j)
    this.count = x.value(0)
    this.zeroCount = x.value(1)
    this.sum = x.value(2)
    for (let j = 0; j < this.nPos; j++) this.positiveBuckets[j] = x.value(3 + j)
    for (let j = 0; j < this.nNeg; j++) this.negativeBuckets[j] = x.value(3 + this.nPos + j)
  }
}
