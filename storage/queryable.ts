/**
 * THE seam between PromQL and storage: Queryable → Querier → SeriesSet → Series → SampleIterator.
 * The head, blocks, the remote head client and merges of them implement it; the engine reads
 * only through it (prefetching what a plan needs, then evaluating synchronously). It does not
 * cover writes.
 */
import { type Effect, Schema, type Scope } from "effect"
import type { FloatHistogram } from "./promql/histogram.ts"
import type { PlanMatcher } from "./promql/plan.ts"
import type { Labels } from "./promql/values.ts"

export class StorageUnavailableError extends Schema.TaggedError<StorageUnavailableError>()(
  "StorageUnavailableError",
  {
    source: Schema.String,
    cause: Schema.Defect()
  }
) {
  override get message() {
    return `storage ${this.source} unavailable: ${String(this.cause)}`
  }
}

export class StorageLimitError extends Schema.TaggedError<StorageLimitError>()("StorageLimitError", {
  limit: Schema.String,
  value: Schema.Number,
  max: Schema.Number
}) {
  override get message() {
    return `query would read ${this.value} ${this.limit}; the limit is ${this.max}`
  }
}

export interface SelectHints {
  /** Narrower than the querier's bounds when the caller knows it (both inclusive, ms). */
  readonly startMs?: number
  readonly endMs?: number
}

export interface Queryable {
  /**
   * A querier over [minTimeMs, maxTimeMs] (both inclusive, ms since the epoch). It closes with the
   * enclosing Scope; what it returned stays valid until then.
   */
  readonly querier: (
    minTimeMs: number,
    maxTimeMs: number
  ) => Effect.Effect<Querier, StorageUnavailableError, Scope.Scope>
}

export interface Querier {
  /**
   * Every series matching all matchers (Prometheus semantics: regexes anchored, a missing label
   * equals "", a matcher matching "" also selects series without the label) with at least one
   * sample in range. Fetches everything the set needs; series come out sorted by labels.
   */
  readonly select: (
    matchers: ReadonlyArray<PlanMatcher>,
    hints?: SelectHints
  ) => Effect.Effect<SeriesSet, StorageUnavailableError | StorageLimitError>
  /** Sorted distinct label names of series matching the matchers (all series when none). */
  readonly labelNames: (
    matchers: ReadonlyArray<PlanMatcher>
  ) => Effect.Effect<ReadonlyArray<string>, StorageUnavailableError>
  /** Sorted distinct values of `name` over matching series. */
  readonly labelValues: (
    name: string,
    matchers: ReadonlyArray<PlanMatcher>
  ) => Effect.Effect<ReadonlyArray<string>, StorageUnavailableError>
}

/** Iterated synchronously, without I/O; `next()` must be called before the first `at()`. */
export interface SeriesSet {
  next(): boolean
  at(): Series
  /** Partial-result notes (a missing block, a slow store) that become API warnings. */
  readonly warnings: ReadonlyArray<string>
}

export interface Series {
  readonly labels: Labels
  /** Pass the previous iterator back to reuse its buffers; values it returned become invalid. */
  samples(reuse?: SampleIterator): SampleIterator
}

/** Samples in time order, only those inside the querier's range. */
export interface SampleIterator {
  next(): boolean
  /** Moves to the first sample at or after timeMs; false when there is none. */
  seek(timeMs: number): boolean
  readonly timeMs: number
  readonly value: number
  /**
   * The native histogram at the current sample, undefined for a float sample (value is then the
   * sample; for a histogram sample value is 0). Sources without histograms may leave it out.
   */
  readonly histogram?: FloatHistogram | undefined
}

/** A SeriesSet over materialised arrays (head reads, tests, merges). */
export class ArraySeriesSet implements SeriesSet {
  private i = -1
  private readonly series: ReadonlyArray<Series>
  readonly warnings: ReadonlyArray<string>
  constructor(series: ReadonlyArray<Series>, warnings: ReadonlyArray<string> = []) {
    this.series = series
    this.warnings = warnings
  }
  next(): boolean {
    return ++this.i < this.series.length
  }
  at(): Series {
    return this.series[this.i]
  }
}

/** Iterates parallel time/value (and optionally histogram) arrays. */
export class ArraySampleIterator implements SampleIterator {
  private ts: ArrayLike<number>
  private vs: ArrayLike<number>
  private hs: ArrayLike<FloatHistogram | undefined> | undefined
  private i = -1
  constructor(ts: ArrayLike<number>, vs: ArrayLike<number>, hs?: ArrayLike<FloatHistogram | undefined>) {
    this.ts = ts
    this.vs = vs
    this.hs = hs
  }
  reset(ts: ArrayLike<number>, vs: ArrayLike<number>, hs?: ArrayLike<FloatHistogram | undefined>): this {
    this.ts = ts
    this.vs = vs
    this.hs = hs
    this.i = -1
    return this
  }
  next(): boolean {
    return ++this.i < this.ts.length
  }
  seek(timeMs: number): boolean {
    if (this.i < 0) this.i = 0
    while (this.i < this.ts.length && this.ts[this.i] < timeMs) this.i++
    return this.i < this.ts.length
  }
  get timeMs(): number {
    return this.ts[this.i]
  }
  get value(): number {
    return this.vs[this.i]
  }
  get histogram(): FloatHistogram | undefined {
    return this.hs?.[this.i]
  }
}

/** A series over arrays; `hs`, where set, holds the native histogram samples at the same indexes. */
export const arraySeries = (
  labels: Labels,
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  hs?: ArrayLike<FloatHistogram | undefined>
): Series => ({
  labels,
  samples: (reuse) =>
    reuse instanceof ArraySampleIterator ? reuse.reset(ts, vs, hs) : new ArraySampleIterator(ts, vs, hs)
})

/**
 * Drains a series' samples into arrays; `hs` is set only when the series has a histogram sample
 * (the shape the engine's RawSeries takes).
 */
export const collectSamples = (
  s: Series
): { ts: Float64Array; vs: Float64Array; hs?: Array<FloatHistogram | undefined> } => {
  const it = s.samples()
  const ts: number[] = []
  const vs: number[] = []
  let hs: Array<FloatHistogram | undefined> | undefined
  while (it.next()) {
    const h = it.histogram
    if (h !== undefined) {
      if (!hs) hs = new Array<FloatHistogram | undefined>(ts.length).fill(undefined)
      hs.push(h)
    } else hs?.push(undefined)
    ts.push(it.timeMs)
    vs.push(h !== undefined ? 0 : it.value)
  }
  return hs
    ? { ts: Float64Array.from(ts), vs: Float64Array.from(vs), hs }
    : { ts: Float64Array.from(ts), vs: Float64Array.from(vs) }
}

/** A series' samples drained into arrays; `hs` only when it has native histogram samples. */
export const sampleArrays = (
  it: SampleIterator
): { ts: number[]; vs: Float64Array; hs: Array<FloatHistogram | undefined> | undefined } => {
  const ts: number[] = []
  const vs: number[] = []
  let hs: Array<FloatHistogram | undefined> | undefined
  while (it.next()) {
    const h = it.histogram
    if (h !== undefined) hs ??= new Array<FloatHistogram | undefined>(ts.length).fill(undefined)
    hs?.push(h)
    ts.push(it.timeMs)
    vs.push(it.value)
  }
  // Element by element: keeps NaN payloads (the staleness marker) as the iterator gave them.
  const values = new Float64Array(vs.length)
  for (let i = 0; i < vs.length; i++) values[i] = vs[i]
  return { ts, vs: values, hs }
}
