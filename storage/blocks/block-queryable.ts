/**
 * Blocks as a Queryable: every block opened once (index header in memory), postings, series
 * entries and chunks read by range, asynchronously, for the blocks overlapping the query; the
 * same series from several blocks joined in time order (overlapping blocks — out-of-order blocks, or
 * before vertical compaction — merged, a timestamp kept once, the most recently written block's
 * sample winning as in compaction);
 * tombstoned samples dropped. XOR chunks
 * give float samples, histogram chunks (encodings 2 and 3) native histogram samples; any other
 * encoding fails the select with an error naming the block and series.
 */
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import { ChunkEncoding, encodingName } from "../chunks/chunk-encoding.ts"
import { HistogramIterator } from "../chunks/histogram-chunk.ts"
import { encodingXor, XorIterator } from "../chunks/xor-chunk.ts"
import type { SeriesEntry } from "../index/index-reader.ts"
import { onSource, runSourcesAsync, runSourcesSync, type SourceReads } from "../index/range-reads.ts"
import { compareLabels, type Labels } from "../labels/labels.ts"
import { Matcher } from "../labels/matcher.ts"
import { compareUtf8 } from "../labels/utf8-order.ts"
import type { FloatHistogram } from "../promql/histogram.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { ArraySeriesSet, arraySeries, type Queryable, StorageUnavailableError } from "../queryable.ts"
import { BlockReader } from "./block-reader.ts"
import { histogramAt } from "./sample-chunks.ts"
import { isDeleted } from "./tombstones.ts"
import { isUlid } from "./ulid.ts"

/** Opens every block directory (named by a ULID) under `dir`, ordered by minTime. */
export const openBlocks = (dir: string): BlockReader[] =>
  readdirSync(dir)
    .filter(isUlid)
    .map((name) => BlockReader.openSync(join(dir, name)))
    .sort((a, b) => a.meta.minTime - b.meta.minTime)

const toMatchers = (ms: ReadonlyArray<PlanMatcher>): Matcher[] =>
  ms.map((m) => {
    const r = Matcher.make(m.type, m.name, m.value)
    if (r instanceof Matcher) return r
    throw r
  })

interface Collected {
  readonly labels: Labels
  readonly ts: number[]
  readonly vs: number[]
  /** Set once the series has a histogram sample: index-aligned with ts. */
  hs?: Array<FloatHistogram | undefined>
}

function* matchingSeries(r: BlockReader, ms: ReadonlyArray<PlanMatcher>): SourceReads<SeriesEntry[]> {
  const ids = yield* onSource(r.index.source, r.index.selectSteps(toMatchers(ms)))
  const out: SeriesEntry[] = []
  for (const id of ids) out.push(yield* onSource(r.index.source, r.index.seriesSteps(id)))
  return out
}

/** Appends the samples of one series entry within [minMs, maxMs] to `out`. */
function* readSamples(
  r: BlockReader,
  s: SeriesEntry,
  minMs: number,
  maxMs: number,
  it: XorIterator,
  hit: HistogramIterator,
  out: Collected
): SourceReads<void> {
  const deletes = r.tombstones.length > 0
  for (let i = 0; i < s.chunks.length; i++) {
    const c = s.chunks[i]
    if (c.maxTime < minMs || c.minTime > maxMs) continue
    const { encoding, data } = yield* r.chunks.chunkSteps(c.ref, s.chunks[i + 1]?.ref)
    if (encoding === ChunkEncoding.histogram || encoding === ChunkEncoding.floatHistogram) {
      hit.reset(encoding, data)
      let first = true
      while (hit.next()) {
        const t = hit.timeMs
        const isFirst = first
        first = false
        if (t < minMs) continue
        if (t > maxMs) break
        if (deletes && isDeleted(r.tombstones, s.id, t)) continue
        if (!out.hs) out.hs = new Array<FloatHistogram | undefined>(out.ts.length).fill(undefined)
        out.hs.push(histogramAt(hit, isFirst))
        out.ts.push(t)
        out.vs.push(0)
      }
      continue
    }
    if (encoding !== encodingXor)
      throw new Error(
        `block ${r.meta.ulid}: series ${s.id} has a ${encodingName(encoding)} chunk; only XOR and histogram chunks are read`
      )
    it.reset(data)
    while (it.next()) {
      const t = it.timeMs
      if (t < minMs) continue
      if (t > maxMs) break
      if (deletes && isDeleted(r.tombstones, s.id, t)) continue
      out.hs?.push(undefined)
      out.ts.push(t)
      out.vs.push(it.value)
    }
  }
}

function* selectSeries(
  readers: ReadonlyArray<BlockReader>,
  matchers: ReadonlyArray<PlanMatcher>,
  lo: number,
  hi: number
): SourceReads<ArraySeriesSet> {
  const it = new XorIterator()
  const hit = new HistogramIterator()
  const byKey = new Map<string, Collected>()
  let overlapping = false
  let reach = Number.NEGATIVE_INFINITY
  for (const r of readers) {
    if (r.meta.minTime < reach) overlapping = true
    if (r.meta.maxTime > reach) reach = r.meta.maxTime
  }
  // Overlapping blocks are read oldest-written first, so the newest block's sample wins a shared
  // timestamp, as in compaction.
  const order = overlapping ? [...readers].sort((a, b) => (a.meta.ulid < b.meta.ulid ? -1 : 1)) : readers
  for (const r of order) {
    for (const s of yield* matchingSeries(r, matchers)) {
      const key = s.labels.join("\xff")
      let e = byKey.get(key)
      if (e === undefined) byKey.set(key, (e = { labels: s.labels, ts: [], vs: [] }))
      yield* readSamples(r, s, lo, hi, it, hit, e)
    }
  }
  if (overlapping) for (const e of byKey.values()) inTimeOrder(e)
  const series = [...byKey.values()]
    .filter((s) => s.ts.length > 0)
    .sort((a, b) => compareLabels(a.labels, b.labels))
    .map((s) => arraySeries(s.labels, Float64Array.from(s.ts), Float64Array.from(s.vs), s.hs))
  return new ArraySeriesSet(series)
}

/** Sorts a series' samples by time when blocks overlapped, keeping the last of equal timestamps. */
const inTimeOrder = (e: Collected): void => {
  const ts = e.ts
  let sorted = true
  for (let i = 1; i < ts.length && sorted; i++) sorted = ts[i] > ts[i - 1]
  if (sorted) return
  const order = Array.from(ts, (_, i) => i).sort((a, b) => ts[a] - ts[b] || a - b)
  const keep = order.filter((i, k) => k === order.length - 1 || ts[i] !== ts[order[k + 1]])
  const vs = e.vs
  const hs = e.hs
  const nts = keep.map((i) => ts[i])
  const nvs = keep.map((i) => vs[i])
  ts.length = vs.length = keep.length
  for (let k = 0; k < keep.length; k++) {
    ts[k] = nts[k]
    vs[k] = nvs[k]
  }
  if (hs !== undefined) e.hs = keep.map((i) => hs[i])
}

function* labelsOf(
  readers: ReadonlyArray<BlockReader>,
  matchers: ReadonlyArray<PlanMatcher>,
  name: string | undefined
): SourceReads<string[]> {
  const out = new Set<string>()
  for (const r of readers) {
    if (matchers.length === 0) {
      for (const x of name === undefined ? r.index.labelNames() : r.index.labelValues(name)) out.add(x)
      continue
    }
    for (const s of yield* matchingSeries(r, matchers))
      for (let i = 0; i < s.labels.length; i += 2)
        if (name === undefined) out.add(s.labels[i])
        else if (s.labels[i] === name) out.add(s.labels[i + 1])
  }
  return [...out].sort(compareUtf8)
}

/**
 * A Queryable over blocks. Reads run synchronously when every block is local (so in-process
 * callers may use Effect.runSync), asynchronously otherwise; both through the same code.
 */
export const blocksQueryable = (blocks: () => ReadonlyArray<BlockReader>): Queryable => ({
  querier: (minTimeMs, maxTimeMs) =>
    Effect.sync(() => {
      // Block maxTime is exclusive.
      const readers = blocks().filter((b) => b.meta.maxTime > minTimeMs && b.meta.minTime <= maxTimeMs)
      const sync = readers.every((r) => r.isSync)
      const run = <A>(op: () => SourceReads<A>) => {
        const catcher = (cause: unknown) => new StorageUnavailableError({ source: "blocks", cause })
        return sync
          ? Effect.try({ try: () => runSourcesSync(op()), catch: catcher })
          : Effect.tryPromise({ try: () => runSourcesAsync(op()), catch: catcher })
      }
      return {
        select: (matchers, hints) =>
          run(() =>
            selectSeries(
              readers,
              matchers,
              Math.max(minTimeMs, hints?.startMs ?? minTimeMs),
              Math.min(maxTimeMs, hints?.endMs ?? maxTimeMs)
            )
          ),
        labelNames: (matchers) => run(() => labelsOf(readers, matchers, undefined)),
        labelValues: (name, matchers) => run(() => labelsOf(readers, matchers, name))
      }
    })
})
