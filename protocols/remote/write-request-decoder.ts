/**
 * The hot path of the remote-write receiver: a hand-written decoder for remote write 1.0
 * (`prometheus.WriteRequest`, spec §2.2) into a reusable flat `DecodedWrite` (labels, float
 * samples with their exact bits, exemplars, native histograms, metadata). It checks wire-format
 * integrity only; label rules (sorting, names, `__name__`) are the receiver's business. Malformed
 * bytes come back as a `DecodeError` naming the field and byte offset, never as a throw.
 */
import { type DecodedHistogram, DecodedWrite } from "./decoded-write.ts"
import { decodeHistogram } from "./histogram-decoder.ts"
import { DecodeError, ProtoReader } from "./proto-reader.ts"
import { StringInterner } from "./string-interner.ts"

export { DecodeError, ProtoReader } from "./proto-reader.ts"

// Field keys (field number << 3 | wire type) of the messages decoded here.
const keyTimeseries = 0x0a // WriteRequest.timeseries, bytes
const keyMetadata = 0x1a // WriteRequest.metadata, bytes
const keyLabels = 0x0a // TimeSeries.labels / Exemplar.labels, bytes
const keySamples = 0x12 // TimeSeries.samples, bytes
const keyExemplars = 0x1a // TimeSeries.exemplars, bytes
const keyHistograms = 0x22 // TimeSeries.histograms, bytes
const keyName = 0x0a // Label.name
const keyValue = 0x12 // Label.value
const keySampleValue = 0x09 // Sample.value, fixed64
const keySampleTimestamp = 0x10 // Sample.timestamp, varint
const keyExemplarValue = 0x11 // Exemplar.value, fixed64
const keyExemplarTimestamp = 0x18 // Exemplar.timestamp, varint

/**
 * Decodes WriteRequests into one reused `DecodedWrite`. Not reentrant: the result of `decode` is
 * valid until the next call on the same decoder. One decoder per receiving fiber is enough
 * (decoding is synchronous).
 */
export class WriteRequestDecoder {
  readonly out = new DecodedWrite()
  private readonly strings = new StringInterner()
  private readonly r = new ProtoReader(new Uint8Array(0))
  // Where we are, only read to name the place of an error.
  private section = "request"
  private index = 0
  // Refs of the last Label read, and how many label refs (series, exemplar) are in use.
  private nameRef = 0
  private valueRef = 0
  private labelRefsUsed = 0
  private exemplarLabelRefsUsed = 0

  decode(body: Uint8Array): DecodedWrite | DecodeError {
    const out = this.out
    const r = this.r
    out.reset()
    this.strings.begin(out.symbols)
    this.labelRefsUsed = 0
    this.exemplarLabelRefsUsed = 0
    r.reset(body)
    let metadataIndex = 0
    this.section = "request"
    try {
      while (r.pos < r.end) {
        const keyAt = r.pos
        const key = r.varint()
        if (key === keyTimeseries) {
          const end = r.delimited()
          this.section = "timeseries"
          this.timeSeries(r, end)
          this.section = "request"
        } else if (key === keyMetadata) {
          this.section = "metadata"
          this.index = metadataIndex++
          this.metadata(r, r.delimited())
          this.section = "request"
        } else r.skip(key & 7, keyAt)
      }
      return out
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e
      if (this.section === "request") return e.within("WriteRequest")
      return this.section === "metadata"
        ? e.within(`metadata[${this.index}]`)
        : e.within(
            `timeseries[${this.out.seriesCount}]${this.section === "timeseries" ? "" : `.${this.section}`}`
          )
    }
  }

  private timeSeries(r: ProtoReader, end: number): void {
    const out = this.out
    const outer = r.end
    r.end = end
    out.reserveSeries()
    const si = out.seriesCount
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === keyLabels) {
        this.section = "labels"
        this.label(r, r.delimited())
        const used = this.labelRefsUsed
        out.reserveLabelRefs(used, 2)
        out.labelRefs[used] = this.nameRef
        out.labelRefs[used + 1] = this.valueRef
        this.labelRefsUsed = used + 2
      } else if (key === keySamples) {
        this.section = "samples"
        this.sample(r, r.delimited())
      } else if (key === keyExemplars) {
        this.section = "exemplars"
        this.exemplar(r, r.delimited(), si)
      } else if (key === keyHistograms) {
        this.section = "histograms"
        const hend = r.delimited()
        out.histograms.push(decodeHistogram(r, hend, si))
      } else {
        this.section = "timeseries"
        r.skip(key & 7, keyAt)
      }
    }
    this.section = "timeseries"
    r.end = outer
    out.labelStart[si + 1] = this.labelRefsUsed
    out.sampleStart[si + 1] = out.sampleCount
    out.seriesCreatedMs[si] = 0
    out.seriesCount = si + 1
  }

  /** A Label message; leaves the refs of its name and value in nameRef and valueRef. */
  private label(r: ProtoReader, end: number): void {
    // Fast path for the usual layout, name then value, each under 128 bytes (1-byte lengths):
    // 0a <n> name… 12 <m> value…, ending exactly at `end`. Anything else takes the general loop.
    const b = r.b
    const p = r.pos
    if (b[p] === 0x0a && p + 2 <= end) {
      const ns = p + 2
      const ne = ns + b[p + 1]
      if (
        b[p + 1] < 0x80 &&
        ne + 2 <= end &&
        b[ne] === 0x12 &&
        b[ne + 1] < 0x80 &&
        ne + 2 + b[ne + 1] === end
      ) {
        this.nameRef = this.strings.ref(b, ns, ne)
        this.valueRef = this.strings.ref(b, ne + 2, end)
        r.pos = end
        return
      }
    }
    const outer = r.end
    r.end = end
    // An absent name or value is the empty string.
    let name = -1
    let value = -1
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === keyName || key === keyValue) {
        const e = r.delimited()
        const ref = this.strings.ref(r.b, r.pos, e)
        r.pos = e
        if (key === keyName) name = ref
        else value = ref
      } else r.skip(key & 7, keyAt)
    }
    r.end = outer
    this.nameRef = name >= 0 ? name : this.strings.ref(b, 0, 0)
    this.valueRef = value >= 0 ? value : this.strings.ref(b, 0, 0)
  }

  private sample(r: ProtoReader, end: number): void {
    const out = this.out
    const outer = r.end
    r.end = end
    out.reserveSample()
    const n = out.sampleCount
    out.values[n] = 0
    out.timestampsMs[n] = 0
    out.startTimestampsMs[n] = 0
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === keySampleValue) r.doubleBytesInto(out.valueBytes, n * 8)
      else if (key === keySampleTimestamp) out.timestampsMs[n] = r.int64()
      else r.skip(key & 7, keyAt)
    }
    r.end = outer
    out.sampleCount = n + 1
  }

  private exemplar(r: ProtoReader, end: number, seriesIndex: number): void {
    const out = this.out
    const outer = r.end
    r.end = end
    out.reserveExemplar()
    const j = out.exemplarCount
    out.exemplarSeries[j] = seriesIndex
    out.exemplarValues[j] = 0
    out.exemplarTimestampsMs[j] = 0
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === keyLabels) {
        this.label(r, r.delimited())
        const used = this.exemplarLabelRefsUsed
        out.reserveExemplarLabelRefs(used, 2)
        out.exemplarLabelRefs[used] = this.nameRef
        out.exemplarLabelRefs[used + 1] = this.valueRef
        this.exemplarLabelRefsUsed = used + 2
      } else if (key === keyExemplarValue) r.doubleBytesInto(out.exemplarValueBytes, j * 8)
      else if (key === keyExemplarTimestamp) out.exemplarTimestampsMs[j] = r.int64()
      else r.skip(key & 7, keyAt)
    }
    r.end = outer
    out.exemplarLabelStart[j + 1] = this.exemplarLabelRefsUsed
    out.exemplarCount = j + 1
  }

  private metadata(r: ProtoReader, end: number): void {
    const outer = r.end
    r.end = end
    let type = 0
    let family = ""
    let help = ""
    let unit = ""
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      if (key === 0x08) type = r.varint()
      else if (key === 0x12) family = r.string()
      else if (key === 0x22) help = r.string()
      else if (key === 0x2a) unit = r.string()
      else r.skip(key & 7, keyAt)
    }
    r.end = outer
    this.out.metadata.push({ seriesIndex: -1, type, family, help, unit })
  }
}

// ---------------------------------------------------------------------------------------------
// Per-series object form, for callers that keep what they decode (write-ahead log replay, tests).

export interface DecodedSeries {
  /** Flat name, value pairs as sent (the receiver sorts and validates). */
  readonly labels: string[]
  readonly timestamps: number[]
  /** Values with their exact bits (staleness markers included). */
  readonly values: Float64Array
  /** Native histogram samples of the series (TimeSeries.histograms), when it has any. */
  readonly histograms?: DecodedHistogram[]
}

export interface DecodedWriteRequest {
  readonly series: DecodedSeries[]
  readonly metadata: Array<{ type: number; family: string; help: string; unit: string }>
  /** Native histogram samples and exemplars in the request (not part of `series`). */
  histograms: number
  exemplars: number
}

/** Copies a flat decode into independent per-series objects. */
export const toSeriesObjects = (d: DecodedWrite): DecodedWriteRequest => {
  const series: DecodedSeries[] = new Array(d.seriesCount)
  const { symbols, labelRefs, labelStart, sampleStart, timestampsMs } = d
  for (let i = 0; i < d.seriesCount; i++) {
    const l0 = labelStart[i]
    const labels: string[] = new Array(labelStart[i + 1] - l0)
    for (let k = 0; k < labels.length; k++) labels[k] = symbols[labelRefs[l0 + k]]
    const from = sampleStart[i]
    const to = sampleStart[i + 1]
    const timestamps: number[] = new Array(to - from)
    for (let k = 0; k < timestamps.length; k++) timestamps[k] = timestampsMs[from + k]
    // TypedArray slice copies bytes when the types match, so NaN payloads survive.
    series[i] = { labels, timestamps, values: d.values.slice(from, to) }
  }
  for (const h of d.histograms) {
    const s = series[h.seriesIndex] as { histograms?: DecodedHistogram[] }
    s.histograms ??= []
    s.histograms.push(h)
  }
  return {
    series,
    metadata: d.metadata.map(({ type, family, help, unit }) => ({ type, family, help, unit })),
    histograms: d.histograms.length,
    exemplars: d.exemplarCount
  }
}

const shared = new WriteRequestDecoder()

/** Decodes a 1.0 WriteRequest into per-series objects the caller owns. */
export const decodeWriteRequest = (body: Uint8Array): DecodedWriteRequest | DecodeError => {
  const d = shared.decode(body)
  return d instanceof DecodeError ? d : toSeriesObjects(d)
}
