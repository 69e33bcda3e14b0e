/**
 * One series' samples (floats and native histograms) as block chunks, and histogram chunk samples
 * back as the engine's float histograms. Floats go to XOR chunks; histograms to float-histogram
 * chunks (encoding 3), or integer-histogram chunks (encoding 2) when asked and every count is a
 * safe integer. A chunk holds one kind and one bucket layout (schema, zero threshold, custom
 * bounds); its spans are one run per side covering every bucket of its samples, so a sample whose
 * buckets fall outside, a counter reset, a kind change or 120 samples cut a new chunk, as does a
 * multiple of `cutEveryMs` (the block range, so chunks never straddle blocks).
 */
import { ChunkEncoding } from "../chunks/chunk-encoding.ts"
import { HistogramAppender, type HistogramLayout } from "../chunks/histogram-appender.ts"
import { CounterResetHeader, type HistogramIterator } from "../chunks/histogram-chunk.ts"
import { encodingXor, XorAppender, type XorIterator } from "../chunks/xor-chunk.ts"
import { customSchema, detectReset, type FloatHistogram, withHint } from "../promql/histogram.ts"
import type { BlockChunk } from "./block-writer.ts"

export interface SampleChunksOptions {
  /** Integer-histogram chunks where every count of a chunk's samples is a safe integer. */
  readonly integerHistograms?: boolean
  /** Chunks never span a multiple of this (ms). */
  readonly cutEveryMs?: number
}

const maxSamples = 120

/** Index range [lo, hi) of the non-trailing buckets of a dense run. */
const range = (v: ReadonlyArray<number>, offset: number): [number, number] | undefined => {
  let a = 0
  while (a < v.length && v[a] === 0) a++
  let b = v.length
  while (b > a && v[b - 1] === 0) b--
  return a === b ? undefined : [offset + a, offset + b]
}

const union = (x: [number, number] | undefined, y: [number, number] | undefined) =>
  x === undefined
    ? y
    : y === undefined
      ? x
      : ([Math.min(x[0], y[0]), Math.max(x[1], y[1])] as [number, number])

/** Dense counts of run [lo, hi) from a histogram side. */
const dense = (v: ReadonlyArray<number>, offset: number, r: [number, number] | undefined): number[] => {
  if (r === undefined) return []
  const out = new Array<number>(r[1] - r[0]).fill(0)
  for (let i = 0; i < v.length; i++) {
    const k = offset + i - r[0]
    if (v[i] !== 0) out[k] = v[i]
  }
  return out
}

const sameShape = (a: FloatHistogram, b: FloatHistogram) =>
  a.schema === b.schema &&
  a.zeroThreshold === b.zeroThreshold &&
  (a.hint === "gauge") === (b.hint === "gauge") &&
  (a.schema !== customSchema || JSON.stringify(a.customValues ?? []) === JSON.stringify(b.customValues ?? []))

const isIntegral = (h: FloatHistogram) =>
  Number.isSafeInteger(h.count) &&
  Number.isSafeInteger(h.zeroCount) &&
  h.pos.every(Number.isSafeInteger) &&
  h.neg.every(Number.isSafeInteger)

/** Encodes histograms that share one shape into one chunk. */
const histogramChunk = (
  ts: ReadonlyArray<number>,
  hs: ReadonlyArray<FloatHistogram>,
  header: CounterResetHeader,
  integer: boolean
): BlockChunk => {
  let pr: [number, number] | undefined
  let nr: [number, number] | undefined
  for (const h of hs) {
    pr = union(pr, range(h.pos, h.pOffset))
    nr = union(nr, range(h.neg, h.nOffset))
  }
  const first = hs[0]
  const layout: HistogramLayout = {
    schema: first.schema,
    zeroThreshold: first.zeroThreshold,
    positiveSpans: pr ? [pr[0], pr[1] - pr[0]] : [],
    negativeSpans: nr ? [nr[0], nr[1] - nr[0]] : [],
    ...(first.schema === customSchema ? { customValues: first.customValues ?? [] } : {})
  }
  const a = new HistogramAppender(!integer, layout, header)
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]
    a.append(ts[i], h.count, h.zeroCount, h.sum, dense(h.pos, h.pOffset, pr), dense(h.neg, h.nOffset, nr))
  }
  return {
    minTime: ts[0],
    maxTime: ts[ts.length - 1],
    encoding: integer ? ChunkEncoding.histogram : ChunkEncoding.floatHistogram,
    data: a.bytes(),
    numSamples: hs.length
  }
}

/**
 * Chunks for one series' samples (time order). `hs[i]`, where set, is the sample at i (vs[i] is
 * then ignored).
 */
export const sampleChunks = (
  ts: ArrayLike<number>,
  vs: ArrayLike<number>,
  hs: ArrayLike<FloatHistogram | undefined> | undefined,
  options: SampleChunksOptions = {}
): BlockChunk[] => {
  const out: BlockChunk[] = []
  const cut = options.cutEveryMs
  const window = (t: number) => (cut === undefined ? 0 : Math.floor(t / cut))
  let i = 0
  const n = ts.length
  while (i < n) {
    const h0 = hs?.[i]
    const w = window(ts[i])
    if (h0 === undefined) {
      const a = new XorAppender()
      const start = i
      while (i < n && hs?.[i] === undefined && window(ts[i]) === w && !a.full) a.append(ts[i], vs[i++])
      out.push({
        minTime: ts[start],
        maxTime: ts[i - 1],
        encoding: encodingXor,
        data: a.bytes(),
        numSamples: i - start
      })
      continue
    }
    const prev = out.length > 0 && i > 0 ? hs?.[i - 1] : undefined
    const header =
      h0.hint === "gauge"
        ? CounterResetHeader.gauge
        : h0.hint === "reset" || (prev !== undefined && sameShape(prev, h0) && detectReset(prev, h0))
          ? CounterResetHeader.counterReset
          : CounterResetHeader.unknown
    const cts: number[] = [ts[i]]
    const chs: FloatHistogram[] = [h0]
    i++
    while (i < n && chs.length < maxSamples && window(ts[i]) === w) {
      const h = hs?.[i]
      if (h === undefined || !sameShape(h0, h) || h.hint === "reset") break
      if (h.hint !== "gauge" && detectReset(chs[chs.length - 1], withHint(h, "unknown"))) break
      cts.push(ts[i])
      chs.push(h)
      i++
    }
    const integer = options.integerHistograms === true && chs.every(isIntegral)
    out.push(histogramChunk(cts, chs, header, integer))
  }
  return out
}

/** Span-aligned bucket counts (flat offset, length pairs) → one dense run and its first index. */
export const denseOf = (spans: ReadonlyArray<number>, buckets: ArrayLike<number>): [number[], number] => {
  if (spans.length === 0) return [[], 0]
  // Spans after the first have offsets relative to the previous span's end: gaps of empty buckets.
  const out: number[] = []
  let k = 0
  for (let s = 0; s < spans.length; s += 2) {
    if (s > 0) for (let g = 0; g < spans[s]; g++) out.push(0)
    for (let j = 0; j < spans[s + 1]; j++) out.push(buckets[k++])
  }
  return [out, spans[0]]
}

/**
 * The iterator's current sample as a float histogram. The hint is what the TSDB gives on reads:
 * gauge in a gauge chunk; otherwise unknown for a chunk's first sample, whatever its header says
 * (the previous chunk may be gone or come from elsewhere), and not_reset after it.
 */
export const histogramAt = (it: HistogramIterator, first: boolean): FloatHistogram => {
  const [pos, pOffset] = denseOf(it.positiveSpans, it.positiveBuckets)
  const [neg, nOffset] = denseOf(it.negativeSpans, it.negativeBuckets)
  const gauge = it.counterResetHeader === CounterResetHeader.gauge
  return {
    schema: it.schema,
    zeroThreshold: it.zeroThreshold,
    zeroCount: it.zeroCount,
    count: it.count,
    sum: it.sum,
    pOffset,
    pos,
    nOffset,
    neg,
    ...(it.schema === customSchema ? { customValues: [...it.customValues] } : {}),
    hint: gauge ? "gauge" : first ? "unknown" : "not_reset"
  }
}

/**
 * Calls `each` for every sample of one chunk in time order: floats from XOR chunks, native
 * histograms (`h` set, `v` 0) from histogram chunks. False for any other encoding (nothing
 * called). The iterators are the caller's, for reuse across chunks.
 */
export const eachChunkSample = (
  encoding: number,
  data: Uint8Array,
  xor: XorIterator,
  hit: HistogramIterator,
  each: (t: number, v: number, h: FloatHistogram | undefined) => void
): boolean => {
  if (encoding === ChunkEncoding.histogram || encoding === ChunkEncoding.floatHistogram) {
    hit.reset(encoding, data)
    for (let first = true; hit.next(); first = false) each(hit.timeMs, 0, histogramAt(hit, first))
    return true
  }
  if (encoding !== encodingXor) return false
  xor.reset(data)
  while (xor.next()) each(xor.timeMs, xor.value, undefined)
  return true
}
