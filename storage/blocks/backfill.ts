/**
 * Backfilling blocks from an OpenMetrics file, as `promtool tsdb create-blocks-from openmetrics`
 * does: samples grouped into 2h-aligned windows, one block per window with
 * `[first sample, last sample + 1)`, chunks cut by the head's rules. Progress (samples/s while
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

export const backfillOpenMetrics = (
  text: string,
  outDir: string,
  options: { readonly blockDurationMs?: number; readonly progress?: (p: BackfillProgress) => void } = {}
): BlockMeta[] => {
  const blockMs = options.blockDurationMs ?? defaultBlockDurationMs
  const p = new OpenMetricsParser(text)
  const windows = new Map<number, Array<{ labels: string[]; t: number; v: number }>>()
  const started = performance.now()
  let totalLines = 0
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) totalLines++
  let n = 0
  for (let kind = p.next(); kind !== undefined; kind = p.next()) {
    if (kind !== "series") continue
    if (p.timestampMs === undefined)
      throw new Error(`line ${p.line}: sample without a timestamp: backfilling needs explicit timestamps`)
    const flat: string[] = []
    const dup = p.labels(flat)
    if (dup) throw new Error(`line ${p.line}: ${dup}`)
    const o: Record<string, string> = { __name__: p.metricName }
    for (let i = 0; i < flat.length; i += 2) o[flat[i]] = flat[i + 1]
    const t = p.timestampMs
    const w = Math.floor(t / blockMs) * blockMs
    let list = windows.get(w)
    if (!list) windows.set(w, (list = []))
    list.push({ labels: labelsFromObject(o) as string[], t, v: p.value })
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
  const keys = [...windows.keys()].sort((a, b) => a - b)
  const writeStart = performance.now()
  keys.forEach((w, i) => {
    const samples = (windows.get(w) ?? []).sort((a, b) => a.t - b.t)
    const head = new Head({ chunkRangeMs: blockMs, outOfOrderTimeWindowMs: 0 })
    let minT = Number.POSITIVE_INFINITY
    let maxT = Number.NEGATIVE_INFINITY
    for (const s of samples) {
      const err = head.appendTo(head.getOrCreate(s.labels), s.t, s.v)
      if (err && err !== "duplicate sample for timestamp") throw new Error(`sample at ${s.t}: ${err}`)
      minT = Math.min(minT, s.t)
      maxT = Math.max(maxT, s.t)
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
