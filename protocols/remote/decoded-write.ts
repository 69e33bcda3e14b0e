/**
 * The flat, reusable result of decoding a remote write request (1.0 or 2.0): label strings in one
 * array, samples in typed arrays, with per-series offsets into both. A decoder owns one instance
 * and refills it on every call, so steady-state decoding allocates almost nothing; whatever a
 * caller keeps beyond the next decode it must copy. Histograms, exemplars and metadata are rare
 * and kept as small objects. This module only holds data; it does no decoding or validation.
 */

/** A native histogram sample, integer or float flavour (wire layout of remote write §2.2). */
export interface DecodedHistogram {
  readonly seriesIndex: number
  readonly timestampMs: number
  /** Remote write 2.0 rc.4 start timestamp (Histogram field 17); 0 = unset. */
  readonly startTimestampMs: number
  /** True when the count was sent as `count_float` (a float histogram). */
  readonly float: boolean
  readonly count: number
  readonly sum: number
  readonly schema: number
  readonly zeroThreshold: number
  readonly zeroCount: number
  /** Flat (offset, length) pairs. */
  readonly negativeSpans: number[]
  readonly negativeDeltas: number[]
  readonly negativeCounts: number[]
  readonly positiveSpans: number[]
  readonly positiveDeltas: number[]
  readonly positiveCounts: number[]
  /** 0 unknown, 1 yes, 2 no, 3 gauge. */
  readonly resetHint: number
  readonly customValues: number[]
}

/** Metric metadata. 1.0 sends it per family (seriesIndex -1); 2.0 per series (family = its __name__). */
export interface DecodedMetadata {
  readonly seriesIndex: number
  /** Enum value; 1.0 MetricType and 2.0 METRIC_TYPE_* share numbers (0 unknown … 7 stateset). */
  readonly type: number
  readonly family: string
  readonly help: string
  readonly unit: string
}

/** Grows a typed array to at least `need` elements, keeping the first `keep`. */
export const grow = <T extends Float64Array | Uint32Array>(a: T, need: number, keep: number): T => {
  if (need <= a.length) return a
  let size = a.length * 2
  while (size < need) size *= 2
  const g = new (a.constructor as new (n: number) => T)(size)
  g.set(a.subarray(0, keep))
  return g
}

export class DecodedWrite {
  seriesCount = 0
  /** Names and values interleaved; series i owns labels[labelStart[i] .. labelStart[i+1]), as sent (not re-sorted). */
  labels: string[] = []
  labelStart = new Uint32Array(256)

  sampleCount = 0
  /** Series i owns samples [sampleStart[i], sampleStart[i+1]). */
  sampleStart = new Uint32Array(256)
  timestampsMs = new Float64Array(1024)
  /** Raw sample values; NaN payloads (the staleness marker) are exactly as sent. */
  values = new Float64Array(1024)
  /** Byte view of `values`, for copying doubles without passing them through a number. */
  valueBytes = new Uint8Array(this.values.buffer)
  /** 2.0 only: start (created) timestamp per sample (Sample field 3), 0 = unset. */
  startTimestampsMs = new Float64Array(1024)
  /** 2.0 only: created timestamp per series (older TimeSeries field 6), 0 = unset. */
  seriesCreatedMs = new Float64Array(256)

  exemplarCount = 0
  exemplarSeries = new Uint32Array(64)
  exemplarTimestampsMs = new Float64Array(64)
  exemplarValues = new Float64Array(64)
  exemplarValueBytes = new Uint8Array(this.exemplarValues.buffer)
  /** Exemplar j owns exemplarLabels[exemplarLabelStart[j] .. exemplarLabelStart[j+1]). */
  exemplarLabelStart = new Uint32Array(64)
  exemplarLabels: string[] = []

  histograms: DecodedHistogram[] = []
  metadata: DecodedMetadata[] = []

  /** Empties the structure, keeping its buffers. */
  reset(): void {
    this.seriesCount = 0
    this.labels.length = 0
    this.labelStart[0] = 0
    this.sampleCount = 0
    this.sampleStart[0] = 0
    this.exemplarCount = 0
    this.exemplarLabels.length = 0
    this.exemplarLabelStart[0] = 0
    this.histograms = []
    this.metadata = []
  }

  /** Makes room for one more sample (call before writing sample `sampleCount`). */
  reserveSample(): void {
    const n = this.sampleCount
    if (n < this.values.length) return
    this.values = grow(this.values, n + 1, n)
    this.valueBytes = new Uint8Array(this.values.buffer)
    this.timestampsMs = grow(this.timestampsMs, n + 1, n)
    this.startTimestampsMs = grow(this.startTimestampsMs, n + 1, n)
  }

  /** Makes room for series `seriesCount` (its offsets live at index seriesCount + 1). */
  reserveSeries(): void {
    const need = this.seriesCount + 2
    if (need <= this.labelStart.length) return
    this.labelStart = grow(this.labelStart, need, this.seriesCount + 1)
    this.sampleStart = grow(this.sampleStart, need, this.seriesCount + 1)
    this.seriesCreatedMs = grow(this.seriesCreatedMs, need, this.seriesCount + 1)
  }

  reserveExemplar(): void {
    const n = this.exemplarCount
    if (n + 2 <= this.exemplarSeries.length) return
    this.exemplarSeries = grow(this.exemplarSeries, n + 2, n)
    this.exemplarTimestampsMs = grow(this.exemplarTimestampsMs, n + 2, n)
    this.exemplarValues = grow(this.exemplarValues, n + 2, n)
    this.exemplarValueBytes = new Uint8Array(this.exemplarValues.buffer)
    this.exemplarLabelStart = grow(this.exemplarLabelStart, n + 2, n + 1)
  }

  /** Label pairs of series i as a fresh flat array. */
  seriesLabels(i: number): string[] {
    return this.labels.slice(this.labelStart[i], this.labelStart[i + 1])
  }
}
