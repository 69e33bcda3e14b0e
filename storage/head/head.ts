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
import { ChunkSlab } from "./chunk-slab.ts"
import { HeadChunk } from "./head-chunk.ts"
import { MemPostings } from "./mem-postings.ts"
import { mergeSorted, OooSamples } from "./ooo-samples.ts"

export interface HeadOptions {
  /** Chunk range R (the minimum block duration), 2h by default. */
  readonly chunkRangeMs: number
  /**
   * 0 = reject any sample older than the series' newest one (Prometheus's default). Above 0, a
   * sample no older than the head's newest time minus this window is kept as out-of-order data;
   * older ones are "too old". Changeable at run time (`Head.outOfOrderTimeWindowMs`).
   */
  readonly outOfOrderTimeWindowMs: number
}

export const defaultHeadOptions: HeadOptions = { chunkRangeMs: 2 * 3600_000, outOfOrderTimeWindowMs: 0 }

export type AppendError =
  | "out of order sample"
  | "duplicate sample for timestamp"
  | "out of bounds"
  | "too old sample"

/** FNV-1a (32-bit) over the labels' UTF-16 code units with a separator, as a 31-bit integer. */
export const seriesHash = (labels: ReadonlyArray<string>): number => {
  let h = 0x811c9dc5
  for (let i = 0; i < labels.length; i++) {
    const s = labels[i]
    for (let j = 0; j < s.length; j++) h = Math.imul(h ^ s.charCodeAt(j), 0x01000193)
    h = Math.imul(h ^ 0xffff, 0x01000193)
  }
  return h & 0x7fffffff
}

const sameLabels = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export class MemSeries {
  readonly ref: number
  readonly labels: Labels
  /** Time order; the last one is open. Starts as a one-slot literal (a push onto [] reserves 17). */
  chunks: HeadChunk[] = []
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
  /** Out-of-order float samples (only with an out-of-order window), until flushed into blocks. */
  ooo: OooSamples | undefined
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
  /** Samples taken into out-of-order storage (prometheus_tsdb_head_out_of_order_samples_appended_total). */
  outOfOrderAppended: number
  /** Samples older than the out-of-order window (prometheus_tsdb_too_old_samples_total). */
  tooOld: number
}

export class Head implements EngineStorage {
  readonly options: HeadOptions
  /** Series by a 31-bit hash of their labels (a small integer key, no joined-string key per series); collisions share a list. */
  private readonly byHash = new Map<number, MemSeries | MemSeries[]>()
  private readonly byRef = new Map<number, MemSeries>()
  readonly postings = new MemPostings()
  /** The bytes of every series' chunks. */
  readonly slab = new ChunkSlab()
  private nextRef = 1
  minTime = Number.POSITIVE_INFINITY
  maxTime = Number.NEGATIVE_INFINITY
  readonly stats: HeadStats = {
    samplesAppended: 0,
    outOfOrder: 0,
    duplicates: 0,
    outOfBounds: 0,
    seriesCreated: 0,
    seriesRemoved: 0,
    outOfOrderAppended: 0,
    tooOld: 0
  }
  /** See HeadOptions; a config reload may change it. */
  outOfOrderTimeWindowMs: number
  /** Bounds of the out-of-order samples held (not part of minTime/maxTime, as in Prometheus). */
  oooMinTime = Number.POSITIVE_INFINITY
  oooMaxTime = Number.NEGATIVE_INFINITY

  constructor(options: HeadOptions = defaultHeadOptions) {
    this.options = options
    this.outOfOrderTimeWindowMs = options.outOfOrderTimeWindowMs
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

  /** One string per label name across all series (names are few; each decoded request brings fresh copies). */
  private readonly internedNames = new Map<string, string>()

  /** The labels with shared name strings, in a new array (the caller's array is left as it is). */
  private internNames(labels: Labels): Labels {
    const out = labels.slice()
    for (let i = 0; i < out.length; i += 2) {
      const name = this.internedNames.get(out[i])
      if (name === undefined) this.internedNames.set(out[i], out[i])
      else out[i] = name
    }
    return out
  }

  getOrCreate(labels: Labels): MemSeries {
    const h = seriesHash(labels)
    const found = this.byHash.get(h)
    if (found !== undefined) {
      if (!Array.isArray(found)) {
        if (sameLabels(found.labels, labels)) return found
      } else for (const s of found) if (sameLabels(s.labels, labels)) return s
    }
    const s = new MemSeries(this.nextRef++, this.internNames(labels))
    if (found === undefined) this.byHash.set(h, s)
    else if (Array.isArray(found)) found.push(s)
    else this.byHash.set(h, [found, s])
    this.byRef.set(s.ref, s)
    this.postings.add(s.ref, labels)
    this.stats.seriesCreated++
    return s
  }

  /** Appends one sample; returns the reason when Prometheus would reject it. */
  append(labels: Labels, t: number, v: number): AppendError | undefined {
    if (t < this.minValidTime) return this.appendBelowBounds(labels, undefined, t, v)
    const s = this.getOrCreate(labels)
    return this.appendTo(s, t, v)
  }

  /**
   * A sample older than in-order appends may go (half a chunk range behind the newest data, or
   * below the newest block): out of bounds, or with an out-of-order window out-of-order data or
   * too old.
   */
  appendBelowBounds(
    labels: Labels,
    series: MemSeries | undefined,
    t: number,
    v: number
  ): AppendError | undefined {
    if (this.outOfOrderTimeWindowMs <= 0) {
      this.stats.outOfBounds++
      return "out of bounds"
    }
    return this.appendOutOfOrder(series ?? this.getOrCreate(labels), t, v)
  }

  /** Keeps t as an out-of-order sample when within the window. */
  private appendOutOfOrder(s: MemSeries, t: number, v: number): AppendError | undefined {
    if (t < this.maxTime - this.outOfOrderTimeWindowMs) {
      this.stats.tooOld++
      return "too old sample"
    }
    s.ooo ??= new OooSamples()
    if (!s.ooo.insert(t, v)) return undefined
    if (t < this.oooMinTime) this.oooMinTime = t
    if (t > this.oooMaxTime) this.oooMaxTime = t
    this.stats.outOfOrderAppended++
    this.stats.samplesAppended++
    return undefined
  }

  appendTo(s: MemSeries, t: number, v: number): AppendError | undefined {
    if (t <= s.lastT) {
      if (t === s.lastT) {
        // an exact repeat is a silent no-op
        if (!s.lastIsHistogram && valueBits(v) === valueBits(s.lastValue)) return undefined
        this.stats.duplicates++
        return "duplicate sample for timestamp"
      }
      if (this.outOfOrderTimeWindowMs > 0) return this.appendOutOfOrder(s, t, v)
      this.stats.outOfOrder++
      return "out of order sample"
    }
    let c = s.chunks[s.chunks.length - 1]
    if (!c || c.mustCut(t)) {
      c = new HeadChunk(t, this.options.chunkRangeMs, this.slab)
      if (s.chunks.length === 0) s.chunks = [c]
      else s.chunks.push(c)
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
      if (s.ooo !== undefined && s.ooo.maxTime >= minMs && s.ooo.minTime <= maxMs) {
        // In-order samples win a timestamp both hold.
        const o = s.ooo.samples(minMs, maxMs)
        const m = mergeSorted([{ ts, vs }, o])
        ts.length = vs.length = m.ts.length
        for (let k = 0; k < m.ts.length; k++) {
          ts[k] = m.ts[k]
          vs[k] = m.vs[k]
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
      while (s.chunks.length > 0 && s.chunks[0].count > 0 && s.chunks[0].maxTime < beforeMs)
        s.chunks.shift()?.release()
      if (s.hist !== undefined) {
        let k = 0
        while (k < s.hist.ts.length && s.hist.ts[k] < beforeMs) k++
        s.hist.ts.splice(0, k)
        s.hist.hs.splice(0, k)
        if (s.hist.ts.length === 0) s.hist = undefined
      }
      if (s.chunks.length === 0 && s.hist === undefined && s.ooo === undefined) removed.add(s.ref)
    }
    this.removeSeries(removed)
    this.minTime = Number.POSITIVE_INFINITY
    for (const s of this.byRef.values()) {
      if (s.chunks.length > 0) this.minTime = Math.min(this.minTime, s.chunks[0].minTime)
      if (s.hist !== undefined) this.minTime = Math.min(this.minTime, s.hist.ts[0])
    }
  }

  /** Series holding out-of-order samples. */
  *oooSeries(): IterableIterator<MemSeries> {
    if (this.oooMaxTime === Number.NEGATIVE_INFINITY) return
    for (const s of this.byRef.values()) if (s.ooo !== undefined) yield s
  }

  /**
   * Forgets every out-of-order sample (they are in blocks now), and series left empty, as
   * Prometheus's out-of-order head truncation after its compaction.
   */
  clearOutOfOrder(): void {
    if (this.oooMaxTime === Number.NEGATIVE_INFINITY) return
    const removed = new Set<number>()
    for (const s of this.byRef.values()) {
      if (s.ooo === undefined) continue
      s.ooo = undefined
      if (s.chunks.length === 0 && s.hist === undefined) removed.add(s.ref)
    }
    this.removeSeries(removed)
    this.oooMinTime = Number.POSITIVE_INFINITY
    this.oooMaxTime = Number.NEGATIVE_INFINITY
  }

  private removeSeries(removed: ReadonlySet<number>): void {
    if (removed.size === 0) return
    this.postings.delete(removed, (ref) => this.byRef.get(ref)!.labels)
    for (const ref of removed) {
      const s = this.byRef.get(ref)!
      this.byRef.delete(ref)
      const h = seriesHash(s.labels)
      const found = this.byHash.get(h)
      if (found === s) this.byHash.delete(h)
      else if (Array.isArray(found)) {
        const rest = found.filter((x) => x !== s)
        this.byHash.set(h, rest.length === 1 ? rest[0] : rest)
      }
    }
    this.stats.seriesRemoved += removed.size
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
