/**
 * Encoder for native histogram chunks (integer: encoding 2, float: encoding 3), the counterpart of
 * histogram-chunk.ts. One chunk has one bucket layout (schema, zero threshold, spans, custom
 * bounds): the caller cuts a new chunk, or re-encodes the samples under a wider layout, when a
 * sample does not fit. Counter-reset detection is the caller's too; it only sets the header.
 */
import { BitWriter } from "./bit-stream.ts"
import { chunkBytesMax, samplesPerChunk } from "./chunk-encoding.ts"
import { type CounterResetHeader, customBucketsSchema } from "./histogram-chunk.ts"
import { writeVarbitInt, writeVarbitUint } from "./varbit.ts"

export interface HistogramLayout {
  readonly schema: number
  readonly zeroThreshold: number
  /** Flat (offset, length) pairs. */
  readonly positiveSpans: ReadonlyArray<number>
  readonly negativeSpans: ReadonlyArray<number>
  /** Upper bounds for schema −53; ignored otherwise. */
  readonly customValues?: ReadonlyArray<number>
}

const f64 = new Float64Array(1)
const u32 = new Uint32Array(f64.buffer)
const hiIdx = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0

const clz64 = (hi: number, lo: number) => (hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo))
const ctz32 = (x: number) => 31 - Math.clz32(x & -x)
const ctz64 = (hi: number, lo: number) => (lo !== 0 ? ctz32(lo) : 32 + ctz32(hi))

const spanBuckets = (spans: ReadonlyArray<number>) => {
  let n = 0
  for (let i = 1; i < spans.length; i += 2) n += spans[i]
  return n
}

export class HistogramAppender {
  readonly float: boolean
  private readonly w = new BitWriter(256)
  private readonly nPos: number
  private readonly nNeg: number
  count = 0
  private t = 0
  private tDelta = 0
  private cnt = 0
  private cntDelta = 0
  private zcnt = 0
  private zcntDelta = 0
  private readonly raw: Float64Array
  private readonly rawDelta: Float64Array
  /** Per XOR field (count, zero count, sum, buckets): previous bits and window; leading 0xff = unset. */
  private readonly hi: Uint32Array
  private readonly lo: Uint32Array
  private readonly leading: Uint8Array
  private readonly trailing: Uint8Array

  constructor(float: boolean, layout: HistogramLayout, counterResetHeader: CounterResetHeader) {
    this.float = float
    this.nPos = spanBuckets(layout.positiveSpans)
    this.nNeg = spanBuckets(layout.negativeSpans)
    const buckets = this.nPos + this.nNeg
    this.raw = new Float64Array(buckets)
    this.rawDelta = new Float64Array(buckets)
    this.hi = new Uint32Array(buckets + 3)
    this.lo = new Uint32Array(buckets + 3)
    this.leading = new Uint8Array(buckets + 3).fill(0xff)
    this.trailing = new Uint8Array(buckets + 3)
    const w = this.w
    w.writeBits(0, 16)
    w.writeBits(counterResetHeader << 6, 8)
    this.writeLayout(layout)
  }

  private writeLayout(l: HistogramLayout): void {
    const w = this.w
    const zt = l.zeroThreshold
    f64[0] = zt
    const hi = u32[hiIdx]
    const lo = u32[1 - hiIdx]
    const exp = ((hi >>> 20) & 0x7ff) - 1023
    if (zt === 0) w.writeByte(0)
    else if ((hi & 0x800fffff) === 0 && lo === 0 && exp >= -243 && exp <= 10) w.writeByte(exp + 244)
    else {
      w.writeByte(255)
      w.writeBits64(hi, lo, 64)
    }
    writeVarbitInt(w, l.schema)
    for (const spans of [l.positiveSpans, l.negativeSpans]) {
      writeVarbitUint(w, spans.length / 2)
      for (let i = 0; i < spans.length; i += 2) {
        writeVarbitUint(w, spans[i + 1])
        writeVarbitInt(w, spans[i])
      }
    }
    if (l.schema === customBucketsSchema) {
      const values = l.customValues ?? []
      writeVarbitUint(w, values.length)
      for (const x of values) {
        const y = x * 1000
        if (y >= 0 && y <= 33554430 && Number.isInteger(y)) writeVarbitUint(w, y + 1)
        else {
          f64[0] = x
          w.writeBit(0)
          w.writeBits64(u32[hiIdx], u32[1 - hiIdx], 64)
        }
      }
    }
  }

  /** Full by the same rules as float chunks (samplesPerChunk samples or chunkBytesMax bytes). */
  get full(): boolean {
    return this.count >= samplesPerChunk || this.w.length > chunkBytesMax
  }

  /**
   * Appends a sample in this chunk's layout; bucket counts are absolute and index-aligned with
   * the spans (integer counts must be safe integers).
   */
  append(
    t: number,
    count: number,
    zeroCount: number,
    sum: number,
    positive: ArrayLike<number>,
    negative: ArrayLike<number>
  ): void {
    if (positive.length !== this.nPos || negative.length !== this.nNeg)
      throw new RangeError(
        `histogram has ${positive.length}/${negative.length} buckets, the chunk layout ${this.nPos}/${this.nNeg}`
      )
    const w = this.w
    const i = this.count
    if (i === 0) writeVarbitInt(w, t)
    else if (i === 1) {
      this.tDelta = t - this.t
      writeVarbitInt(w, this.tDelta)
    } else {
      const d = t - this.t
      writeVarbitInt(w, d - this.tDelta)
      this.tDelta = d
    }
    this.t = t
    if (this.float) {
      this.writeFloat(0, count)
      this.writeFloat(1, zeroCount)
      this.writeFloat(2, sum)
      for (let j = 0; j < this.nPos; j++) this.writeFloat(3 + j, positive[j])
      for (let j = 0; j < this.nNeg; j++) this.writeFloat(3 + this.nPos + j, negative[j])
    } else this.appendInt(count, zeroCount, sum, positive, negative)
    this.count++
    w.bytes[0] = this.count >>> 8
    w.bytes[1] = this.count & 0xff
  }

  private appendInt(
    count: number,
    zeroCount: number,
    sum: number,
    positive: ArrayLike<number>,
    negative: ArrayLike<number>
  ): void {
    const w = this.w
    const i = this.count
    // Stored buckets are the delta form: each bucket minus its predecessor on the same side.
    if (i === 0) {
      writeVarbitUint(w, count)
      writeVarbitUint(w, zeroCount)
    } else {
      const cd = count - this.cnt
      const zd = zeroCount - this.zcnt
      writeVarbitInt(w, i === 1 ? cd : cd - this.cntDelta)
      writeVarbitInt(w, i === 1 ? zd : zd - this.zcntDelta)
      this.cntDelta = cd
      this.zcntDelta = zd
    }
    this.cnt = count
    this.zcnt = zeroCount
    this.writeFloat(2, sum)
    for (let side = 0; side < 2; side++) {
      const counts = side === 0 ? positive : negative
      const base = side === 0 ? 0 : this.nPos
      let prev = 0
      for (let j = 0; j < counts.length; j++) {
        const v = counts[j] - prev
        prev = counts[j]
        const k = base + j
        if (i === 0) writeVarbitInt(w, v)
        else {
          const d = v - this.raw[k]
          writeVarbitInt(w, i === 1 ? d : d - this.rawDelta[k])
          this.rawDelta[k] = d
        }
        this.raw[k] = v
      }
    }
  }

  /** Field f: raw 64 bits on the first sample, then the XOR scheme with the field's own window. */
  private writeFloat(f: number, v: number): void {
    const w = this.w
    f64[0] = v
    const hi = u32[hiIdx]
    const lo = u32[1 - hiIdx]
    if (this.count === 0) {
      if (this.float || f === 2) w.writeBits64(hi, lo, 64)
    } else {
      const xh = (hi ^ this.hi[f]) >>> 0
      const xl = (lo ^ this.lo[f]) >>> 0
      if (xh === 0 && xl === 0) w.writeBit(0)
      else {
        let lz = clz64(xh, xl)
        const tz = ctz64(xh, xl)
        if (lz >= 32) lz = 31
        const L = this.leading[f]
        const T = this.trailing[f]
        if (L !== 0xff && lz >= L && tz >= T) {
          w.writeBits(0b10, 2)
          this.writeShifted(xh, xl, T, 64 - L - T)
        } else {
          this.leading[f] = lz
          this.trailing[f] = tz
          const sig = 64 - lz - tz
          w.writeBits((0b11 << 11) | (lz << 6) | (sig & 0x3f), 13)
          this.writeShifted(xh, xl, tz, sig)
        }
      }
    }
    this.hi[f] = hi
    this.lo[f] = lo
  }

  private writeShifted(xh: number, xl: number, shift: number, n: number): void {
    if (shift >= 32) this.w.writeBits64(0, xh >>> (shift - 32), n)
    else if (shift === 0) this.w.writeBits64(xh, xl, n)
    else this.w.writeBits64(xh >>> shift, ((xl >>> shift) | (xh << (32 - shift))) >>> 0, n)
  }

  /** The chunk's bytes (a copy); `legacyTrailingZeroByte` as for XOR chunks (Prometheus < 3.0). */
  bytes(options?: { readonly legacyTrailingZeroByte?: boolean }): Uint8Array {
    const view = this.w.view()
    if (options?.legacyTrailingZeroByte && this.w.lastFieldAligned) {
      const out = new Uint8Array(view.length + 1)
      out.set(view)
      return out
    }
    return view.slice()
  }
}
