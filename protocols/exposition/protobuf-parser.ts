/**
 * The protobuf exposition format (`application/vnd.google.protobuf;
 * proto=io.prometheus.client.MetricFamily; encoding=delimited`): a run of varint-length-prefixed
 * `MetricFamily` messages, as client libraries serve it when asked. Prometheus 2.42 reads it only
 * with native histograms enabled; the series it makes, observed black-box on 2.42:
 *
 * - counter, gauge, untyped: one series named after the family;
 * - summary: `name{quantile="q"}` per quantile, `name_sum`, `name_count`;
 * - histogram with native buckets (schema, zero bucket or spans set): one native histogram sample
 *   named after the family, its classic buckets ignored; gauge histograms get the gauge hint;
 * - histogram without: classic `name_bucket{le}` (a `+Inf` bucket added when missing, holding the
 *   count), `name_sum`, `name_count`;
 * - `le` and `quantile` values in OpenMetrics form (`1.0`, `0.5`, `+Inf`);
 * - `timestamp_ms` when non-zero is the sample's explicit timestamp; HELP and TYPE per family
 *   (GAUGE_HISTOGRAM as `gaugehistogram`).
 *
 * The whole body is decoded up front (a bad message fails the scrape, naming the family by index
 * and the byte offset); entries are then served through the same pull interface as the text
 * parsers. Field numbers are those of the public `io.prometheus.client` metrics.proto.
 */
import { formatG } from "../metrics/go-float.ts"
import type { DecodedHistogram } from "../remote/decoded-write.ts"
import { DecodeError, ProtoReader } from "../remote/proto-reader.ts"
import type {
  EntryKind,
  Exemplar,
  ExpositionError,
  ExpositionParser,
  MetricType
} from "./exposition-parser.ts"

export const protobufMediaType = "application/vnd.google.protobuf"

/** True for the protobuf exposition media type (parameters ignored, as 2.42 does). */
export const isProtobufExposition = (contentType: string): boolean =>
  contentType.split(";")[0].trim().toLowerCase() === protobufMediaType

const metricTypes: ReadonlyArray<MetricType> = [
  "counter",
  "gauge",
  "summary",
  "untyped",
  "histogram",
  "gaugehistogram"
]

/** Go's formatOpenMetricsFloat: like %g, with ".0" on integral values. */
export const openMetricsFloat = (v: number): string => {
  if (Number.isNaN(v)) return "NaN"
  if (v === Number.POSITIVE_INFINITY) return "+Inf"
  if (v === Number.NEGATIVE_INFINITY) return "-Inf"
  const s = formatG(v)
  return /[.eE]/.test(s) ? s : `${s}.0`
}

interface SeriesEntry {
  readonly kind: "series"
  readonly name: string
  /** Alternating name, value (without the metric name). */
  readonly labels: ReadonlyArray<string>
  readonly text: string
  readonly value: number
  readonly timestampMs: number | undefined
  readonly histogram: DecodedHistogram | undefined
}

interface MetaEntry {
  readonly kind: "help" | "type"
  readonly name: string
  readonly help: string
  readonly type: MetricType
}

type Entry = SeriesEntry | MetaEntry

interface Pair {
  name: string
  value: string
}

interface RawHistogram {
  count: number
  countFloat: number | undefined
  sum: number
  buckets: Array<{ count: number; upper: number }>
  schema: number | undefined
  zeroThreshold: number
  zeroCount: number
  zeroCountFloat: number | undefined
  negativeSpans: number[]
  negativeDeltas: number[]
  negativeCounts: number[]
  positiveSpans: number[]
  positiveDeltas: number[]
  positiveCounts: number[]
}

const readPair = (r: ProtoReader, end: number): Pair => {
  const p = { name: "", value: "" }
  while (r.pos < end) {
    const key = r.varint()
    if (key === 0x0a) p.name = r.string()
    else if (key === 0x12) p.value = r.string()
    else r.skip(key & 7)
  }
  return p
}

/** The one double field (1) of Gauge, Counter, Untyped; other fields skipped. */
const readValue = (r: ProtoReader, end: number): number => {
  let v = 0
  while (r.pos < end) {
    const key = r.varint()
    if (key === 0x09) v = r.double()
    else r.skip(key & 7)
  }
  return v
}

const readSpan = (r: ProtoReader, end: number, into: number[]): void => {
  let offset = 0
  let length = 0
  while (r.pos < end) {
    const key = r.varint()
    if (key === 0x08) offset = r.sint()
    else if (key === 0x10) length = r.varint()
    else r.skip(key & 7)
  }
  into.push(offset, length)
}

/** Packed or unpacked repeated scalars. */
const repeated = (r: ProtoReader, wire: number, into: number[], one: () => number): void => {
  if (wire !== 2) {
    into.push(one())
    return
  }
  const end = r.delimited()
  while (r.pos < end) into.push(one())
}

const readHistogram = (r: ProtoReader, end: number): RawHistogram => {
  const h: RawHistogram = {
    count: 0,
    countFloat: undefined,
    sum: 0,
    buckets: [],
    schema: undefined,
    zeroThreshold: 0,
    zeroCount: 0,
    zeroCountFloat: undefined,
    negativeSpans: [],
    negativeDeltas: [],
    negativeCounts: [],
    positiveSpans: [],
    positiveDeltas: [],
    positiveCounts: []
  }
  while (r.pos < end) {
    const key = r.varint()
    const field = key >>> 3
    const wire = key & 7
    if (field === 1 && wire === 0) h.count = r.varint()
    else if (field === 4 && wire === 1) h.countFloat = r.double()
    else if (field === 2 && wire === 1) h.sum = r.double()
    else if (field === 3 && wire === 2) {
      const bend = r.delimited()
      const b = { count: 0, upper: 0 }
      let countFloat: number | undefined
      while (r.pos < bend) {
        const k = r.varint()
        if (k === 0x08) b.count = r.varint()
        else if (k === 0x21) countFloat = r.double()
        else if (k === 0x11) b.upper = r.double()
        else r.skip(k & 7)
      }
      if (countFloat !== undefined && b.count === 0) b.count = countFloat
      h.buckets.push(b)
    } else if (field === 5 && wire === 0) h.schema = r.sint()
    else if (field === 6 && wire === 1) h.zeroThreshold = r.double()
    else if (field === 7 && wire === 0) h.zeroCount = r.varint()
    else if (field === 8 && wire === 1) h.zeroCountFloat = r.double()
    else if (field === 9 && wire === 2) readSpan(r, r.delimited(), h.negativeSpans)
    else if (field === 10) repeated(r, wire, h.negativeDeltas, () => r.sint())
    else if (field === 11) repeated(r, wire, h.negativeCounts, () => r.double())
    else if (field === 12 && wire === 2) readSpan(r, r.delimited(), h.positiveSpans)
    else if (field === 13) repeated(r, wire, h.positiveDeltas, () => r.sint())
    else if (field === 14) repeated(r, wire, h.positiveCounts, () => r.double())
    else r.skip(wire)
  }
  return h
}

/** 2.42's test for a native histogram: any of schema-related data present. */
const isNative = (h: RawHistogram): boolean =>
  h.zeroThreshold !== 0 ||
  h.zeroCount !== 0 ||
  (h.zeroCountFloat ?? 0) !== 0 ||
  h.positiveSpans.length > 0 ||
  h.negativeSpans.length > 0

const nativeOf = (h: RawHistogram, gauge: boolean, timestampMs: number): DecodedHistogram => {
  const float = h.countFloat !== undefined && h.countFloat !== 0
  return {
    seriesIndex: 0,
    timestampMs,
    startTimestampMs: 0,
    float,
    count: float ? (h.countFloat as number) : h.count,
    sum: h.sum,
    schema: h.schema ?? 0,
    zeroThreshold: h.zeroThreshold,
    zeroCount: float ? (h.zeroCountFloat ?? 0) : h.zeroCount,
    negativeSpans: h.negativeSpans,
    negativeDeltas: h.negativeDeltas,
    negativeCounts: h.negativeCounts,
    positiveSpans: h.positiveSpans,
    positiveDeltas: h.positiveDeltas,
    positiveCounts: h.positiveCounts,
    resetHint: gauge ? 3 : 0,
    customValues: []
  }
}

const seriesText = (name: string, labels: ReadonlyArray<string>): string => {
  let s = name
  for (let i = 0; i < labels.length; i += 2) s += `\xff${labels[i]}\xfe${labels[i + 1]}`
  return s
}

/** One family's entries, appended to `out`. */
const readFamily = (r: ProtoReader, end: number, out: Entry[]): void => {
  let name = ""
  let help: string | undefined
  let typeIndex = 3
  const metrics: Array<[number, number]> = []
  while (r.pos < end) {
    const key = r.varint()
    if (key === 0x0a) name = r.string()
    else if (key === 0x12) help = r.string()
    else if (key === 0x18) typeIndex = r.varint()
    else if (key === 0x22) metrics.push(r.bytes())
    else r.skip(key & 7)
  }
  const type = metricTypes[typeIndex]
  if (type === undefined)
    throw new DecodeError(`family ${JSON.stringify(name)}: unknown metric type ${typeIndex}`)
  if (help !== undefined) out.push({ kind: "help", name, help, type })
  out.push({ kind: "type", name, help: help ?? "", type })
  const add = (n: string, labels: ReadonlyArray<string>, value: number, t: number, h?: DecodedHistogram) =>
    out.push({
      kind: "series",
      name: n,
      labels,
      text: seriesText(n, labels),
      value,
      timestampMs: t === 0 ? undefined : t,
      histogram: h
    })
  for (const [ms, me] of metrics) {
    r.pos = ms
    const labels: string[] = []
    let value = 0
    let timestampMs = 0
    let summary: { count: number; sum: number; quantiles: Array<[number, number]> } | undefined
    let histogram: RawHistogram | undefined
    while (r.pos < me) {
      const key = r.varint()
      if (key === 0x0a) {
        const p = readPair(r, r.delimited())
        labels.push(p.name, p.value)
      } else if (key === 0x12 || key === 0x1a || key === 0x2a) value = readValue(r, r.delimited())
      else if (key === 0x22) {
        const send = r.delimited()
        summary = { count: 0, sum: 0, quantiles: [] }
        while (r.pos < send) {
          const k = r.varint()
          if (k === 0x08) summary.count = r.varint()
          else if (k === 0x11) summary.sum = r.double()
          else if (k === 0x1a) {
            const qend = r.delimited()
            let q = 0
            let v = 0
            while (r.pos < qend) {
              const qk = r.varint()
              if (qk === 0x09) q = r.double()
              else if (qk === 0x11) v = r.double()
              else r.skip(qk & 7)
            }
            summary.quantiles.push([q, v])
          } else r.skip(k & 7)
        }
      } else if (key === 0x3a) histogram = readHistogram(r, r.delimited())
      else if (key === 0x30) timestampMs = r.int64()
      else r.skip(key & 7, r.pos - 1)
    }
    if (type === "summary") {
      const s = summary ?? { count: 0, sum: 0, quantiles: [] }
      for (const [q, v] of s.quantiles)
        add(name, [...labels, "quantile", openMetricsFloat(q)], v, timestampMs)
      add(`${name}_sum`, labels, s.sum, timestampMs)
      add(`${name}_count`, labels, s.count, timestampMs)
    } else if (type === "histogram" || type === "gaugehistogram") {
      const h = histogram ?? readHistogram(r, r.pos)
      if (isNative(h)) {
        add(name, labels, 0, timestampMs, nativeOf(h, type === "gaugehistogram", timestampMs))
        continue
      }
      const count = h.countFloat !== undefined && h.countFloat !== 0 ? h.countFloat : h.count
      let inf = false
      for (const b of h.buckets) {
        if (b.upper === Number.POSITIVE_INFINITY) inf = true
        add(`${name}_bucket`, [...labels, "le", openMetricsFloat(b.upper)], b.count, timestampMs)
      }
      if (!inf) add(`${name}_bucket`, [...labels, "le", "+Inf"], count, timestampMs)
      add(`${name}_sum`, labels, h.sum, timestampMs)
      add(`${name}_count`, labels, count, timestampMs)
    } else add(name, labels, value, timestampMs)
  }
}

export class ProtobufParser implements ExpositionParser {
  private readonly entries: Entry[] = []
  private i = -1
  error: ExpositionError | undefined
  readonly exemplar: Exemplar | undefined = undefined
  readonly unit = ""

  constructor(body: Uint8Array) {
    const r = new ProtoReader(body)
    let family = 0
    try {
      while (r.pos < r.end) {
        family++
        const end = r.delimited()
        const outer = r.end
        r.end = end
        readFamily(r, end, this.entries)
        r.end = outer
        r.pos = end
      }
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e
      // Entries decoded before the bad family are dropped: the scrape fails as a whole.
      this.entries.length = 0
      this.error = {
        line: family,
        message: `protobuf: metric family ${family}: ${e.message}${e.offset >= 0 ? ` at byte ${e.offset}` : ""}`
      }
    }
  }

  private get at(): Entry {
    return this.entries[this.i]
  }

  next(): EntryKind | undefined {
    this.i++
    return this.i < this.entries.length ? this.entries[this.i].kind : undefined
  }

  /** The family index is the closest thing to a line. */
  get line(): number {
    return this.i + 1
  }

  get seriesText(): string {
    return (this.at as SeriesEntry).text
  }

  /** Built per entry, so already unshared. */
  get seriesTextCopy(): string {
    return (this.at as SeriesEntry).text
  }

  seriesTextIs(text: string): boolean {
    return (this.at as SeriesEntry).text === text
  }

  get metricName(): string {
    return (this.at as SeriesEntry).name
  }

  labels(out: string[]): string | undefined {
    const labels = (this.at as SeriesEntry).labels
    const seen = new Set<string>()
    for (let i = 0; i < labels.length; i += 2) {
      if (seen.has(labels[i])) return `label name "${labels[i]}" is not unique: invalid sample`
      seen.add(labels[i])
      out.push(labels[i], labels[i + 1])
    }
    return undefined
  }

  get value(): number {
    return (this.at as SeriesEntry).value
  }

  get timestampMs(): number | undefined {
    return (this.at as SeriesEntry).timestampMs
  }

  /** The native histogram of the current series entry, if it is one. */
  get histogram(): DecodedHistogram | undefined {
    const e = this.at
    return e.kind === "series" ? e.histogram : undefined
  }

  get metaName(): string {
    return this.at.name
  }

  get helpText(): string {
    return (this.at as MetaEntry).help
  }

  get metricType(): MetricType {
    return (this.at as MetaEntry).type
  }
}
