/**
 * Reading series for selectors: instant vectors with the lookback window (left-open, the newest
 * sample wins, a staleness marker ends the series), range vectors as per-step windows over raw
 * samples with markers removed, honouring `offset` and `@`. Plain loops over sorted arrays.
 */
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { durationMs } from "./durations.ts"
import { addSamples, checkDeadline, type EvalContext } from "./engine-context.ts"
import type { FloatHistogram } from "./histogram.ts"
import type { AtPlan, SelectorPlan } from "./plan.ts"
import type { MatrixValue, RawSeries, StepSeries, VectorValue, Window } from "./values.ts"

/** The time a selector reads at for evaluation time t: `@` pins it, `offset` moves it back. */
export const readTimes = (ctx: EvalContext, at: AtPlan | undefined, offsetMs: number): Float64Array => {
  const out = new Float64Array(ctx.times.length)
  const pinned =
    at === undefined
      ? undefined
      : at.kind === "time"
        ? at.ms
        : at.kind === "start"
          ? ctx.queryStartMs
          : ctx.queryEndMs
  for (let i = 0; i < out.length; i++) out[i] = (pinned ?? ctx.times[i]) - offsetMs
  return out
}

const bounds = (ts: Float64Array) => {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const t of ts) {
    if (t < lo) lo = t
    if (t > hi) hi = t
  }
  return [lo, hi] as const
}

/** First index with ts[i] > t (ts sorted). */
export const upperBound = (ts: ArrayLike<number>, t: number, lo = 0): number => {
  let hi = ts.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (ts[mid] <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** With `timestamps`, each value is the selected sample's time in seconds (for timestamp()). */
export const evalInstantSelector = (ctx: EvalContext, sel: SelectorPlan, timestamps = false): VectorValue => {
  const at = readTimes(ctx, sel.at, sel.offset ? durationMs(sel.offset, ctx) : 0)
  const [lo, hi] = bounds(at)
  const lookback = ctx.options.lookbackDeltaMs
  const raw = ctx.storage.select(sel.matchers, lo - lookback + 1, hi)
  const series: StepSeries[] = []
  for (const s of raw) {
    checkDeadline(ctx)
    const values = new Float64Array(at.length)
    const present = new Uint8Array(at.length)
    let hs: Array<FloatHistogram | undefined> | undefined
    let any = false
    for (let i = 0; i < at.length; i++) {
      const t = at[i]
      const j = upperBound(s.ts, t) - 1 // newest sample at or before t
      if (j < 0 || s.ts[j] <= t - lookback) continue
      const v = s.vs[j]
      if (isStaleMarker(v)) continue
      const h = s.hs?.[j]
      if (h && !timestamps) {
        if (!hs) hs = new Array<FloatHistogram | undefined>(at.length).fill(undefined)
        hs[i] = h
      }
      values[i] = timestamps ? s.ts[j] / 1000 : v
      present[i] = 1
      any = true
    }
    if (any)
      series.push(
        hs
          ? { labels: s.labels, dropName: false, values, present, hs }
          : { labels: s.labels, dropName: false, values, present }
      )
  }
  addSamples(ctx, series.length * at.length)
  return { kind: "vector", series }
}

/** Drops staleness markers (range selectors never return them). */
export const withoutStale = (s: RawSeries): RawSeries => {
  let n = 0
  for (let i = 0; i < s.vs.length; i++) if (isStaleMarker(s.vs[i])) n++
  if (n === 0) return s
  const ts = new Float64Array(s.ts.length - n)
  const vs = new Float64Array(s.ts.length - n)
  const hs = s.hs ? new Array<FloatHistogram | undefined>(s.ts.length - n) : undefined
  let k = 0
  for (let i = 0; i < s.vs.length; i++) {
    if (isStaleMarker(s.vs[i])) continue
    ts[k] = s.ts[i]
    if (hs) hs[k] = s.hs?.[i]
    vs[k++] = s.vs[i]
  }
  return hs ? { labels: s.labels, ts, vs, hs } : { labels: s.labels, ts, vs }
}

/** Windows (t - range, t] of raw series at the given read times. */
export const windowsOf = (
  ctx: EvalContext,
  raw: ReadonlyArray<RawSeries>,
  at: Float64Array,
  rangeMs: number
): MatrixValue => {
  const out: MatrixValue["series"][number][] = []
  let total = 0
  for (const s0 of raw) {
    checkDeadline(ctx)
    const s = withoutStale(s0)
    const windows: Window[] = []
    for (let i = 0; i < at.length; i++) {
      const end = at[i]
      const start = end - rangeMs
      const from = upperBound(s.ts, start)
      const to = upperBound(s.ts, end, from)
      windows.push({ data: s, from, to, startMs: start, endMs: end })
      total += to - from
    }
    out.push({ labels: s.labels, dropName: false, windows })
  }
  addSamples(ctx, total)
  return { kind: "matrix", series: out }
}

export const evalRangeSelector = (ctx: EvalContext, sel: SelectorPlan): MatrixValue => {
  const rangeMs = durationMs(sel.range!, ctx)
  const at = readTimes(ctx, sel.at, sel.offset ? durationMs(sel.offset, ctx) : 0)
  const [lo, hi] = bounds(at)
  return windowsOf(ctx, ctx.storage.select(sel.matchers, lo - rangeMs + 1, hi), at, rangeMs)
}
