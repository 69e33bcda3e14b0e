/**
 * Backfilling blocks from an OpenMetrics file, as `promtool tsdb create-blocks-from openmetrics`
 * does: samples grouped into 2h-aligned windows, one block per window with
 * `[first sample, last sample + 1)`, chunks cut by the head's rules. Takes the file's bytes (or text). Progress (samples/s while
 * parsing, blocks/s while writing, ETA) is reported through a callback. Reads the whole file; bad input fails with its line.
 */
import { OpenMetricsParser } from "../../protocols/exposition/openmetrics-parser.ts"
import { Head } from "../head/head.ts"
import { headBlockSeries } from "../head/head-block.ts"
import { labelsFromObject } from "../promql/values.ts"
import type { BlockMeta } from "./block-meta.ts"
import { writeBlock } from "./block-writer.ts"

export const defaultBlockDurationMs = 2 * 3600_000

export interface BackfillProgress {
  readonly phase: "parse" | "write"
  readonly done: number
  readonly total: number
  readonly ratePerSecond: number
  readonly etaSeconds: number
}

/** One series' samples in one block window, in file order. */
interface WindowSamples {
  readonly ts: number[]
  readonly vs: number[]
}

/** A series of the file: its labels and its samples per window. */
interface FileSeries {
  readonly labels: string[]
  readonly windows: Map<number, WindowSamples>
  /** The window of the last sample (the next one is usually in it too). */
  lastWindow: number
  last: WindowSamples | undefined
}

export const backfillOpenMetrics = (
  text: string | Uint8Array,
  outDir: string,
  options: { readonly blockDurationMs?: number; readonly progress?: (p: BackfillProgress) => void } = {}
): BlockMeta[] => {
  const blockMs = options.blockDurationMs ?? defaultBlockDurationMs
  const p = new OpenMetricsParser(text)
  // Series by their text in the file (one lookup per sample), and by their labels (two spellings
  // of one series are one series).
  const byText = new Map<string, FileSeries>()
  const byLabels = new Map<string, FileSeries>()
  const windowStarts = new Set<number>()
  const started = performance.now()
  let totalLines = 0
  const bytes =
    typeof text === "string" ? undefined : Buffer.from(text.buffer, text.byteOffset, text.byteLength)
  const lf = (from: number) =>
    bytes === undefined ? (text as string).indexOf("\n", from) : bytes.indexOf(10, from)
  for (let i = lf(0); i !== -1; i = lf(i + 1)) totalLines++
  let n = 0
  for (let kind = p.next(); kind !== undefined; kind = p.next()) {
    if (kind !== "series") continue
    if (p.timestampMs === undefined)
      throw new Error(`line ${p.line}: sample without a timestamp: backfilling needs explicit timestamps`)
    let series = byText.get(p.seriesText)
    if (series === undefined) {
      const flat: string[] = []
      const dup = p.labels(flat)
      if (dup) throw new Error(`line ${p.line}: ${dup}`)
      const o: Record<string, string> = { __name__: p.metricName }
      for (let i = 0; i < flat.length; i += 2) o[flat[i]] = flat[i + 1]
      const labels = labelsFromObject(o) as string[]
      const key = labels.join("\xff")
      series = byLabels.get(key)
      if (series === undefined)
        byLabels.set(key, (series = { labels, windows: new Map(), lastWindow: Number.NaN, last: undefined }))
      byText.set(p.seriesText, series)
    }
    const t = p.timestampMs
    const w = Math.floor(t / blockMs) * blockMs
    let samples = series.last
    if (w !== series.lastWindow || samples === undefined) {
      samples = series.windows.get(w)
      if (samples === undefined) {
        series.windows.set(w, (samples = { ts: [], vs: [] }))
        windowStarts.add(w)
      }
      series.lastWindow = w
      series.last = samples
    }
    samples.ts.push(t)
    samples.vs.push(p.value)
    n++
    if (n % 100_000 === 0 && options.progress) {
      const elapsed = (performance.now() - started) / 1000
      options.progress({
        phase: "parse",
        done: p.line,
        total: totalLines,
        ratePerSecond: n / Math.max(elapsed, 1e-9),
        etaSeconds: (elapsed / p.line) * (totalLines - p.line)
      })
    }
  }
  if (p.error) throw new Error(`line ${p.error.line}: ${p.error.message}`)
  const metas: BlockMeta[] = []
  const keys = [...windowStarts].sort((a, b) => a - b)
  const writeStart = performance.now()
  keys.forEach((w, i) => {
    const head = new Head({ chunkRangeMs: blockMs, outOfOrderTimeWindowMs: 0 })
    let minT = Number.POSITIVE_INFINITY
    let maxT = Number.NEGATIVE_INFINITY
    for (const series of byLabels.values()) {
      const samples = series.windows.get(w)
      if (samples === undefined) continue
      series.windows.delete(w)
      const { ts, vs } = samples
      // In time order; for one timestamp the first in the file wins (the rest are duplicates).
      let order: ArrayLike<number> | undefined
      for (let k = 1; k < ts.length; k++)
        if (ts[k] < ts[k - 1]) {
          order = Array.from(ts.keys()).sort((a, b) => ts[a] - ts[b] || a - b)
          break
        }
      const m = head.getOrCreate(series.labels)
      for (let k = 0; k < ts.length; k++) {
        const j = order === undefined ? k : order[k]
        const err = head.appendTo(m, ts[j], vs[j])
        if (err && err !== "duplicate sample for timestamp") throw new Error(`sample at ${ts[j]}: ${err}`)
      }
      if (ts.length > 0) {
        minT = Math.min(minT, ts[order === undefined ? 0 : order[0]])
        maxT = Math.max(maxT, ts[order === undefined ? ts.length - 1 : order[ts.length - 1]])
      }
    }
    metas.push(
      writeBlock(outDir, headBlockSeries(head, w, w + blockMs), { minTime: minT, maxTime: maxT + 1 })
    )
    const elapsed = (performance.now() - writeStart) / 1000
    options.progress?.({
      phase: "write",
      done: i + 1,
      total: keys.length,
      ratePerSecond: (i + 1) / Math.max(elapsed, 1e-9),
      etaSeconds: (elapsed / (i + 1)) * (keys.length - i - 1)
    })
  })
  return metas
}
