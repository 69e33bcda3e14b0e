/**
 * The flat, reusable result of decoding a remote write request (1.0 or 2.0): labels as refs into
 * one short symbol table, samples in typed arrays, with per-series offsets into both. A decoder owns one instance
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
  /**
   * The request's strings. 2.0: its symbols table as sent. 1.0: the distinct label strings in
   * order of first use (a string may appear twice; compare strings, not refs, across series).
   * A table of distinct strings rather than a string per label keeps the JS heap out of the hot
   * loop: a 28k-element string array per request cost 5x in V8 (see remote-write.bench.ts).
   */
  symbols: string[] = []
  /**
   * Name and value refs into `symbols`, interleaved; series i owns
   * labelRefs[labelStart[i] .. labelStart[i+1]), in the order sent (not re-sorted).
   */
  labelRefs = new Uint32Array(4096)
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
  /** Exemplar j owns exemplarLabelRefs[exemplarLabelStart[j] .. exemplarLabelStart[j+1]) (refs into symbols). */
  exemplarLabelStart = new Uint32Array(64)
  exemplarLabelRefs = new Uint32Array(64)

  histograms: DecodedHistogram[] = []
  metadata: DecodedMetadata[] = []

  /** Empties the structure, keeping its buffers. */
  reset(): void {
    this.seriesCount = 0
    this.symbols.length = 0
    this.labelStart[0] = 0
    this.sampleCount = 0
    this.sampleStart[0] = 0
    this.exemplarCount = 0
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

  /** Makes room for `n` more label refs after the first `used`. */
  reserveLabelRefs(used: number, n: number): void {
    if (used + n > this.labelRefs.length) this.labelRefs = grow(this.labelRefs, used + n, used)
  }

  reserveExemplarLabelRefs(used: number, n: number): void {
    if (used + n > this.exemplarLabelRefs.length)
      this.exemplarLabelRefs = grow(this.exemplarLabelRefs, used + n, used)
  }

  /** Label pairs of series i as a fresh flat array of strings. */
  seriesLabels(i: number): string[] {
    const out: string[] = []
    for (let k = this.labelStart[i]; k < this.labelStart[i + 1]; k++)
      out.push(this.symbols[this.labelRefs[k]])
    return out
  }

  /** Label pairs of exemplar j as a fresh flat array of strings. */
  exemplarLabels(j: number): string[] {
    const out: string[] = []
    for (let k = this.exemplarLabelStart[j]; k < this.exemplarLabelStart[j + 1]; k++)
      out.push(this.symbols[this.exemplarLabelRefs[k]])
    return out
  }
}
