/**
 * Hand-written decoder for remote write 2.0 (`io.prometheus.write.v2.Request`, spec §2.4) into the
 * same reusable `DecodedWrite` as 1.0, so the receiver handles both alike. Label, exemplar, help
 * and unit references are resolved against the symbols table (symbols[0] must be ""); a reference
 * past the end is an error naming the ref and the series index. Both placements of the start
 * timestamp are kept (TimeSeries field 6 from Prometheus 2.54–3.8, Sample field 3 from rc.4).
 */
import { DecodedWrite } from "./decoded-write.ts"
import { decodeHistogram } from "./histogram-decoder.ts"
import { DecodeError, ProtoReader } from "./proto-reader.ts"
import { StringInterner } from "./string-interner.ts"
import { type DecodedWriteRequest, toSeriesObjects } from "./write-request-decoder.ts"

const keySymbols = 0x22 // Request.symbols (4), bytes
const keyTimeseries = 0x2a // Request.timeseries (5), bytes

/** Decodes 2.0 Requests into one reused `DecodedWrite`; valid until the next call. */
export class WriteRequestV2Decoder {
  readonly out = new DecodedWrite()
  private readonly strings = new StringInterner()
  private readonly r = new ProtoReader(new Uint8Array(0))
  private seriesRanges = new Uint32Array(512)
  private section = "request"
  private labelRefsUsed = 0
  private exemplarLabelRefsUsed = 0

  decode(body: Uint8Array): DecodedWrite | DecodeError {
    const out = this.out
    const r = this.r
    const symbols = out.symbols
    out.reset()
    this.labelRefsUsed = 0
    this.exemplarLabelRefsUsed = 0
    r.reset(body)
    this.section = "request"
    let seriesTotal = 0
    try {
      // Pass 1: the symbols table (the spec does not promise it comes first) and series ranges.
      while (r.pos < r.end) {
        const keyAt = r.pos
        const key = r.varint()
        if (key === keySymbols) {
          const e = r.delimited()
          symbols.push(this.strings.decode(body, r.pos, e))
          r.pos = e
        } else if (key === keyTimeseries) {
          const e = r.delimited()
          if (seriesTotal * 2 + 2 > this.seriesRanges.length) {
            const g = new Uint32Array(this.seriesRanges.length * 2)
            g.set(this.seriesRanges)
            this.seriesRanges = g
          }
          this.seriesRanges[seriesTotal * 2] = r.pos
          this.seriesRanges[seriesTotal * 2 + 1] = e
          seriesTotal++
          r.pos = e
        } else r.skip(key & 7, keyAt)
      }
      if (symbols.length > 0 && symbols[0] !== "")
        return new DecodeError(`symbols[0] must be the empty string, got ${JSON.stringify(symbols[0])}`)
      // Pass 2: the series.
      for (let i = 0; i < seriesTotal; i++) {
        this.section = "timeseries"
        r.pos = this.seriesRanges[i * 2]
        this.timeSeries(r, this.seriesRanges[i * 2 + 1])
      }
      return out
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e
      if (this.section === "request") return e.within("Request")
      const where = `timeseries[${out.seriesCount}]`
      return e.offset < 0
        ? e.within(where)
        : e.within(`${where}${this.section === "timeseries" ? "" : `.${this.section}`}`)
    }
  }

  private symbol(ref: number, what: string): string {
    const s = this.out.symbols[ref]
    if (s === undefined)
      throw new DecodeError(
        `${what} symbol reference ${ref} is out of range: the symbols table has ${this.out.symbols.length} entries`
      )
    return s
  }

  /** Appends packed or unpacked uint32 refs to out.labelRefs (series) or out.exemplarLabelRefs. */
  private readRefs(r: ProtoReader, wire: number, exemplar: boolean): void {
    const out = this.out
    let used = exemplar ? this.exemplarLabelRefsUsed : this.labelRefsUsed
    const end = wire === 2 ? r.delimited() : r.pos + 1
    const outer = r.end
    if (wire === 2) r.end = end
    // A packed field holds at most one ref per byte.
    if (exemplar) out.reserveExemplarLabelRefs(used, end - r.pos)
    else out.reserveLabelRefs(used, end - r.pos)
    const into = exemplar ? out.exemplarLabelRefs : out.labelRefs
    if (wire === 2) while (r.pos < end) into[used++] = r.uint32()
    else into[used++] = r.uint32()
    r.end = outer
    if (exemplar) this.exemplarLabelRefsUsed = used
    else this.labelRefsUsed = used
  }

  private timeSeries(r: ProtoReader, end: number): void {
    const out = this.out
    const outer = r.end
    r.end = end
    out.reserveSeries()
    const si = out.seriesCount
    const refStart = this.labelRefsUsed
    let created = 0
    let type = -1
    let help = 0
    let unit = 0
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      const field = key >>> 3
      const wire = key & 7
      if (field === 1 && (wire === 2 || wire === 0)) {
        this.section = "labels_refs"
        this.readRefs(r, wire, false)
      } else if (key === 0x12) {
        this.section = "samples"
        this.sample(r, r.delimited())
      } else if (key === 0x1a) {
        this.section = "histograms"
        const hend = r.delimited()
        out.histograms.push(decodeHistogram(r, hend, si))
      } else if (key === 0x22) {
        this.section = "exemplars"
        this.exemplar(r, r.delimited(), si)
      } else if (key === 0x2a) {
        this.section = "metadata"
        const mend = r.delimited()
        const mouter = r.end
        r.end = mend
        type = 0
        while (r.pos < mend) {
          const k = r.pos
          const mk = r.varint()
          if (mk === 0x08) type = r.varint()
          else if (mk === 0x18) help = r.uint32()
          else if (mk === 0x20) unit = r.uint32()
          else r.skip(mk & 7, k)
        }
        r.end = mouter
      } else if (key === 0x30) created = r.int64()
      else {
        this.section = "timeseries"
        r.skip(wire, keyAt)
      }
    }
    this.section = "timeseries"
    r.end = outer
    const refs = out.labelRefs
    const refEnd = this.labelRefsUsed
    if ((refEnd - refStart) % 2 !== 0)
      throw new DecodeError(`odd number of labels_refs (${refEnd - refStart})`)
    const symbols = out.symbols
    let name: string | undefined
    for (let i = refStart; i < refEnd; i += 2) {
      const n = refs[i]
      const v = refs[i + 1]
      if (n >= symbols.length) this.symbol(n, "label name")
      if (v >= symbols.length) this.symbol(v, "label value")
      if (type >= 0 && symbols[n] === "__name__") name = symbols[v]
    }
    if (type >= 0) {
      const h = this.symbol(help, "help")
      const u = this.symbol(unit, "unit")
      out.metadata.push({ seriesIndex: si, type, family: name ?? "", help: h, unit: u })
    }
    out.labelStart[si + 1] = this.labelRefsUsed
    out.sampleStart[si + 1] = out.sampleCount
    out.seriesCreatedMs[si] = created
    out.seriesCount = si + 1
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
      if (key === 0x09) r.doubleBytesInto(out.valueBytes, n * 8)
      else if (key === 0x10) out.timestampsMs[n] = r.int64()
      else if (key === 0x18) out.startTimestampsMs[n] = r.int64()
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
    const refStart = this.exemplarLabelRefsUsed
    while (r.pos < end) {
      const keyAt = r.pos
      const key = r.varint()
      const field = key >>> 3
      const wire = key & 7
      if (field === 1 && (wire === 2 || wire === 0)) this.readRefs(r, wire, true)
      else if (key === 0x11) r.doubleBytesInto(out.exemplarValueBytes, j * 8)
      else if (key === 0x18) out.exemplarTimestampsMs[j] = r.int64()
      else r.skip(wire, keyAt)
    }
    r.end = outer
    const refEnd = this.exemplarLabelRefsUsed
    if ((refEnd - refStart) % 2 !== 0)
      throw new DecodeError(`exemplar ${j}: odd number of labels_refs (${refEnd - refStart})`)
    for (let i = refStart; i < refEnd; i++) this.symbol(out.exemplarLabelRefs[i], "exemplar label")
    out.exemplarLabelStart[j + 1] = this.exemplarLabelRefsUsed
    out.exemplarCount = j + 1
  }
}

const shared = new WriteRequestV2Decoder()

/** Decodes a 2.0 Request into per-series objects the caller owns (same shape as 1.0). */
export const decodeWriteRequestV2 = (body: Uint8Array): DecodedWriteRequest | DecodeError => {
  const d = shared.decode(body)
  return d instanceof DecodeError ? d : toSeriesObjects(d)
}
