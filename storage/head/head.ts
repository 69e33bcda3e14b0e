/**
 * The head: recent samples in memory for one shard — series with their chunks, the postings index,
 * Prometheus's append rules (out-of-order, duplicate, out-of-bounds rejected and counted), reads
 * for queries, and truncation once a block holds the old data. Plain code; the shard actor owns it.
 */
import { isStaleMarker, valueBits } from "../../protocols/values/special-nans.ts"
import type { XorIterator } from "../chunks/xor-chunk.ts"
import type { EngineStorage } from "../promql/engine-context.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { compareLabels, type Labels, type RawSeries } from "../promql/values.ts"
import { HeadChunk } from "./head-chunk.ts"
import { MemPostings } from "./mem-postings.ts"

export interface HeadOptions {
  /** Chunk range R (the minimum block duration), 2h by default. */
  readonly chunkRangeMs: number
  /** 0 = reject any sample older than the series' newest one (Prometheus's default). */
  readonly outOfOrderTimeWindowMs: number
}

export const defaultHeadOptions: HeadOptions = { chunkRangeMs: 2 * 3600_000, outOfOrderTimeWindowMs: 0 }

export type AppendError = "out of order sample" | "duplicate sample for timestamp" | "out of bounds"

export class MemSeries {
  readonly ref: number
  readonly labels: Labels
  readonly chunks: HeadChunk[] = []
  lastT = Number.NEGATIVE_INFINITY
  /** The newest sample's value (its bits are compared only when a timestamp repeats). */
  lastValue = 0
  /** Whether the newest sample is a native histogram. */
  lastIsHistogram = false
  /**
   * Native histogram samples, in time order, kept as decoded (floats and histograms never share a
   * timestamp); encoded into histogram chunks when a block is cut.
   */
  hist: { readonly ts: number[]; readonly hs: FloatHistogram[] } | undefined
  constructor(ref: number, labels: Labels) {
    this.ref = ref
    this.labels = labels
  }
}

/** Counters with Prometheus's meaning (prometheus_tsdb_* and out-of-order metrics). */
export interface HeadStats {
  samplesAppended: number
  outOfOrder: number
  duplicates: number
  outOfBounds: number
  seriesCreated: number
  seriesRemoved: number
}

export class Head implements EngineStorage {
  readonly options: HeadOptions
  private readonly byKey = new Map<string, MemSeries>()
  private readonly byRef = new Map<number, MemSeries>()
  readonly postings = new MemPostings()
  private nextRef = 1
  minTime = Number.POSITIVE_INFINITY
  maxTime = Number.NEGATIVE_INFINITY
  readonly stats: HeadStats = {
    samplesAppended: 0,
    outOfOrder: 0,
    duplicates: 0,
    outOfBounds: 0,
    seriesCreated: 0,
    seriesRemoved: 0
  }

  constructor(options: HeadOptions = defaultHeadOptions) {
    this.options = options
  }

  get numSeries(): number {
    return this.byRef.size
  }

  /** Samples older than this are out of bounds: half a chunk range behind the newest data. */
  get minValidTime(): number {
    return this.maxTime === Number.NEGATIVE_INFINITY
      ? Number.NEGATIVE_INFINITY
      : this.maxTime - this.options.chunkRangeMs / 2
  }

  getOrCreate(labels: Labels): MemSeries {
    const key = labels.join("\xff")
    let s = this.byKey.get(key)
    if (!s) {
      s = new MemSeries(this.nextRef++, labels)
      this.byKey.set(key, s)
      this.byRef.set(s.ref, s)
      this.postings.add(s.ref, labels)
      this.stats.seriesCreated++
    }
    return s
  }

  /** Appends one sample; returns the reason when Prometheus would reject it. */
  append(labels: Labels, t: number, v: number): AppendError | undefined {
    if (t < this.minValidTime) {
      this.stats.outOfBounds++
      return "out of bounds"
    }
    const s = this.getOrCreate(labels)
    return this.appendTo(s, t, v)
  }

  appendTo(s: MemSeries, t: number, v: number): AppendError | undefined {
    if (t <= s.lastT) {
      if (t === s.lastT) {
        // an exact repeat is a silent no-op
        if (!s.lastIsHistogram && valueBits(v) === valueBits(s.lastValue)) return undefined
        this.stats.duplicates++
        return "duplicate sample for timestamp"
      }
      this.stats.outOfOrder++
      return "out of order sample"
    }
    let c = s.chunks[s.chunks.length - 1]
    if (!c || c.mustCut(t)) {
      c?.seal()
      c = new HeadChunk(t, this.options.chunkRangeMs)
      s.chunks.push(c)
    }
    c.append(t, v)
    s.lastT = t
    s.lastValue = v
    s.lastIsHistogram = false
    if (t < this.minTime) this.minTime = t
    if (t > this.maxTime) this.maxTime = t
    this.stats.samplesAppended++
    return undefined
  }

  /** Appends one native histogram sample, under the same order rules as floats. */
  appendHistogramTo(s: MemSeries, t: number, h: FloatHistogram): AppendError | undefined {
    if (t <= s.lastT) {
      if (t === s.lastT) {
        this.stats.duplicates++
        return "duplicate sample for timestamp"
      }
      this.stats.outOfOrder++
      return "out of order sample"
    }
    s.hist ??= { ts: [], hs: [] }
    s.hist.ts.push(t)
    s.hist.hs.push(h)
    s.lastT = t
    s.lastIsHistogram = true
    if (t < this.minTime) this.minTime = t
    if (t > this.maxTime) this.maxTime = t
    this.stats.samplesAppended++
    return undefined
  }

  allSeries(): IterableIterator<MemSeries> {
    return this.byRef.values()
  }

  series(ref: number): MemSeries | undefined {
    return this.byRef.get(ref)
  }

  /** Series matching all matchers with samples in [minMs, maxMs], sorted by labels. */
  select(matchers: ReadonlyArray<PlanMatcher>, minMs: number, maxMs: number): ReadonlyArray<RawSeries> {
    const series: MemSeries[] = []
    for (const ref of this.postings.select(matchers)) series.push(this.byRef.get(ref)!)
    return this.selectSeries(series, minMs, maxMs)
  }

  /** These series' samples in [minMs, maxMs] (those that have any), sorted by labels. */
  selectSeries(series: ReadonlyArray<MemSeries>, minMs: number, maxMs: number): ReadonlyArray<RawSeries> {
    const out: RawSeries[] = []
    let it: XorIterator | undefined
    for (const s of series) {
      const ts: number[] = []
      const vs: number[] = []
      for (const c of s.chunks) {
        if (c.count === 0 || c.maxTime < minMs || c.minTime > maxMs) continue
        it = c.iterator(it)
        while (it.next()) {
          const t = it.timeMs
          if (t < minMs) continue
          if (t > maxMs) break
          ts.push(t)
          vs.push(it.value)
        }
      }
      if (s.hist !== undefined) {
        out.push(withHistograms(s, ts, vs, minMs, maxMs))
        continue
      }
      if (ts.length === 0) continue
      const values = new Float64Array(vs.length)
      for (let i = 0; i < vs.length; i++) values[i] = vs[i]
      out.push({ labels: s.labels, ts: Float64Array.from(ts), vs: values })
    }
    return out.filter((r) => r.ts.length > 0).sort((a, b) => compareLabels(a.labels, b.labels))
  }

  labelNames(): string[] {
    return this.postings.labelNames().sort()
  }

  labelValues(name: string): string[] {
    return this.postings.labelValues(name).sort()
  }

  /**
   * Drops chunks entirely before `beforeMs` (they are in a block now) and series left without
   * chunks, as Prometheus's head truncation does.
   */
  truncate(beforeMs: number): void {
    const removed = new Set<number>()
    for (const s of this.byRef.values()) {
      while (s.chunks.length > 0 && s.chunks[0].count > 0 && s.chunks[0].maxTime < beforeMs) s.chunks.shift()
      if (s.hist !== undefined) {
        let k = 0
        while (k < s.hist.ts.length && s.hist.ts[k] < beforeMs) k++
        s.hist.ts.splice(0, k)
        s.hist.hs.splice(0, k)
        if (s.hist.ts.length === 0) s.hist = undefined
      }
      if (s.chunks.length === 0 && s.hist === undefined) removed.add(s.ref)
    }
    this.postings.delete(removed, (ref) => this.byRef.get(ref)!.labels)
    for (const ref of removed) {
      const s = this.byRef.get(ref)!
      this.byRef.delete(ref)
      this.byKey.delete(s.labels.join("\xff"))
    }
    this.stats.seriesRemoved += removed.size
    this.minTime = Number.POSITIVE_INFINITY
    for (const s of this.byRef.values()) {
      if (s.chunks.length > 0) this.minTime = Math.min(this.minTime, s.chunks[0].minTime)
      if (s.hist !== undefined) this.minTime = Math.min(this.minTime, s.hist.ts[0])
    }
  }

  /** True when the newest sample of the series is a staleness marker. */
  isStale(s: MemSeries): boolean {
    const c = s.chunks[s.chunks.length - 1]
    if (c === undefined || c.count === 0) return false
    const it = c.iterator()
    let last = 0
    while (it.next()) last = it.value
    return isStaleMarker(last)
  }
}

/** A series' floats (from its chunks) and histograms in [minMs, maxMs], merged in time order. */
const withHistograms = (
  s: MemSeries,
  fts: ReadonlyArray<number>,
  fvs: ReadonlyArray<number>,
  minMs: number,
  maxMs: number
): RawSeries => {
  const hist = s.hist as NonNullable<MemSeries["hist"]>
  const ts: number[] = []
  const vs: number[] = []
  const hs: Array<FloatHistogram | undefined> = []
  let i = 0
  let j = 0
  while (j < hist.ts.length && hist.ts[j] < minMs) j++
  for (;;) {
    const ft = i < fts.length ? fts[i] : Number.POSITIVE_INFINITY
    const ht = j < hist.ts.length && hist.ts[j] <= maxMs ? hist.ts[j] : Number.POSITIVE_INFINITY
    if (ft === Number.POSITIVE_INFINITY && ht === Number.POSITIVE_INFINITY) break
    if (ft < ht) {
      ts.push(ft)
      vs.push(fvs[i++])
      hs.push(undefined)
    } else {
      ts.push(ht)
      vs.push(0)
      hs.push(hist.hs[j++])
    }
  }
  return { labels: s.labels, ts: Float64Array.from(ts), vs: Float64Array.from(vs), hs }
}
