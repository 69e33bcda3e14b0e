/**
 * The PromQL evaluator: walks a plan over all steps of an instant or range query, reading through
 * EngineStorage, and assembles Prometheus's result (vector, matrix, scalar, string) with its
 * annotations. Synchronous and pure apart from reads; it checks the deadline inside loops.
 */
import { evalAggregate } from "./aggregations.ts"
import { evalBinary } from "./binary-ops.ts"
import { durationMs } from "./durations.ts"
import {
  Annotations,
  defaultEngineOptions,
  type EngineOptions,
  type EngineStorage,
  type EvalContext,
  QueryError
} from "./engine-context.ts"
import { evalCall } from "./functions.ts"
import { type FloatHistogram, scaleHistogram } from "./histogram.ts"
import type { Plan, SubqueryPlan } from "./plan.ts"
import { evalInstantSelector, evalRangeSelector, readTimes, windowsOf } from "./selectors.ts"
import {
  compareLabels,
  compareUtf8,
  dropMetricName,
  formatLabels,
  getLabel,
  type Labels,
  labelsKey,
  type MatrixValue,
  type RawSeries,
  type StepSeries,
  type Value,
  type VectorValue
} from "./values.ts"

export type QueryResult =
  | {
      readonly resultType: "vector"
      /** `h` set: the sample is a native histogram (v is then 0). */
      readonly result: ReadonlyArray<{ labels: Labels; t: number; v: number; h?: FloatHistogram }>
    }
  | {
      readonly resultType: "matrix"
      readonly result: ReadonlyArray<{
        labels: Labels
        points: Array<[number, number]>
        /** Native histogram points, when the series has any. */
        histograms?: Array<[number, FloatHistogram]>
      }>
    }
  | { readonly resultType: "scalar"; readonly result: readonly [number, number] }
  | { readonly resultType: "string"; readonly result: readonly [number, string] }

export interface QueryOutput {
  readonly result: QueryResult
  readonly warnings: ReadonlyArray<string>
  readonly infos: ReadonlyArray<string>
}

const evaluate = (p: Plan, ctx: EvalContext): Value => {
  switch (p.kind) {
    case "number":
      return { kind: "scalar", values: new Float64Array(ctx.times.length).fill(p.value) }
    case "string":
      return { kind: "string", value: p.value }
    case "duration":
      return {
        kind: "scalar",
        values: new Float64Array(ctx.times.length).fill(durationMs(p.value, ctx) / 1000)
      }
    case "selector":
      return p.range ? evalRangeSelector(ctx, p) : evalInstantSelector(ctx, p)
    case "subquery":
      return evalSubquery(p, ctx)
    case "step_invariant":
      return evaluate(p.expr, ctx)
    case "unary": {
      const v = evaluate(p.expr, ctx)
      if (p.op === "+") return v
      if (v.kind === "scalar") return { kind: "scalar", values: v.values.map((x) => -x) }
      if (v.kind !== "vector") throw new QueryError("execution", "unary minus on a non-vector")
      return {
        kind: "vector",
        series: v.series.map((s) => ({
          ...s,
          dropName: true,
          values: s.values.map((x) => -x),
          ...(s.hs ? { hs: s.hs.map((h) => (h ? scaleHistogram(h, -1) : undefined)) } : {})
        }))
      }
    }
    case "binary":
      return evalBinary(p, ctx, evaluate(p.lhs, ctx), evaluate(p.rhs, ctx))
    case "aggregate": {
      const param = p.param ? evaluate(p.param, ctx) : undefined
      return evalAggregate(p, ctx, evaluate(p.expr, ctx) as VectorValue, param)
    }
    case "call":
      return evalCall(p, ctx, evaluate)
  }
}

/** Subquery steps: multiples of the step inside (t - range, t] for every read time t. */
const evalSubquery = (p: SubqueryPlan, ctx: EvalContext): MatrixValue => {
  const rangeMs = durationMs(p.range, ctx)
  const stepMs = p.step ? durationMs(p.step, ctx) : ctx.options.subqueryStepMs
  if (stepMs <= 0) throw new QueryError("execution", "zero or negative subquery step")
  const at = readTimes(ctx, p.at, p.offset ? durationMs(p.offset, ctx) : 0)
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (const t of at) {
    lo = Math.min(lo, t)
    hi = Math.max(hi, t)
  }
  const first = Math.floor((lo - rangeMs) / stepMs) * stepMs + stepMs
  const last = Math.floor(hi / stepMs) * stepMs
  const count = Math.max(0, Math.floor((last - first) / stepMs) + 1)
  const times = new Float64Array(count)
  for (let i = 0; i < count; i++) times[i] = first + i * stepMs
  const inner = evaluate(p.expr, { ...ctx, times })
  if (inner.kind !== "vector") throw new QueryError("execution", "subquery of a non-vector expression")
  const raw: Array<RawSeries & { dropName: boolean }> = inner.series.map((s) => {
    const ts: number[] = []
    const vs: number[] = []
    const hs: Array<FloatHistogram | undefined> = []
    for (let i = 0; i < count; i++) {
      if (!s.present[i]) continue
      ts.push(times[i])
      vs.push(s.values[i])
      hs.push(s.hs?.[i])
    }
    const base = {
      labels: s.labels,
      ts: Float64Array.from(ts),
      vs: Float64Array.from(vs),
      dropName: s.dropName
    }
    return s.hs ? { ...base, hs } : base
  })
  const m = windowsOf(ctx, raw, at, rangeMs)
  return { kind: "matrix", series: m.series.map((s, i) => ({ ...s, dropName: raw[i].dropName })) }
}

/** Drops flagged names and checks that no two series ended with the same labels. */
const finish = (series: StepSeries[], n: number): StepSeries[] => {
  const out = series.map((s) =>
    s.dropName ? { ...s, labels: dropMetricName(s.labels), dropName: false } : s
  )
  const seen = new Map<string, StepSeries>()
  for (const s of out) {
    const key = labelsKey(s.labels)
    const prev = seen.get(key)
    if (prev) {
      for (let i = 0; i < n; i++) {
        if (prev.present[i] && s.present[i])
          throw new QueryError("execution", "vector cannot contain metrics with the same labelset")
      }
      // Same labels at different steps: one series in the result (range queries).
      for (let i = 0; i < n; i++) {
        if (!s.present[i]) continue
        prev.values[i] = s.values[i]
        prev.present[i] = 1
        if (s.hs?.[i] || prev.hs) {
          if (!prev.hs) prev.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
          prev.hs[i] = s.hs?.[i]
        }
      }
      continue
    }
    seen.set(key, s)
  }
  return [...seen.values()]
}

const topLevelOrder = (
  p: Plan
): ((a: { labels: Labels; v: number }, b: { labels: Labels; v: number }) => number) | undefined => {
  const q = p.kind === "step_invariant" ? p.expr : p
  if (q.kind === "call" && (q.fn === "sort" || q.fn === "sort_desc")) {
    const sign = q.fn === "sort" ? 1 : -1
    return (a, b) => (Number.isNaN(a.v) ? 1 : Number.isNaN(b.v) ? -1 : sign * (a.v - b.v))
  }
  if (q.kind === "call" && (q.fn === "sort_by_label" || q.fn === "sort_by_label_desc")) {
    const names = q.args.slice(1).map((a) => (a.kind === "string" ? a.value : ""))
    const sign = q.fn === "sort_by_label" ? 1 : -1
    return (a, b) => {
      for (const n of names) {
        const c = compareNatural(getLabel(a.labels, n), getLabel(b.labels, n))
        if (c !== 0) return sign * c
      }
      return sign * compareLabels(a.labels, b.labels)
    }
  }
  if (q.kind === "aggregate" && (q.op === "topk" || q.op === "bottomk")) {
    const sign = q.op === "topk" ? -1 : 1
    return (a, b) => (Number.isNaN(a.v) ? 1 : Number.isNaN(b.v) ? -1 : sign * (a.v - b.v))
  }
  return undefined
}

/** Natural sort order on label values (numbers inside compare numerically), as sort_by_label. */
const compareNatural = (a: string, b: string): number => {
  const re = /(\d+|\D+)/g
  const xs = a.match(re) ?? []
  const ys = b.match(re) ?? []
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]
    const y = ys[i]
    if (x === y) continue
    const nx = /^\d/.test(x)
    const ny = /^\d/.test(y)
    if (nx && ny) return Number(x) - Number(y) || compareUtf8(x, y)
    return compareUtf8(x, y)
  }
  return xs.length - ys.length
}

export interface QueryRange {
  readonly startMs: number
  readonly endMs: number
  /** 0 for an instant query. */
  readonly stepMs: number
}

export const runPlan = (
  plan: Plan,
  storage: EngineStorage,
  range: QueryRange,
  options: EngineOptions = defaultEngineOptions
): QueryOutput => {
  const instant = range.stepMs === 0
  const n = instant ? 1 : Math.floor((range.endMs - range.startMs) / range.stepMs) + 1
  const times = new Float64Array(n)
  for (let i = 0; i < n; i++) times[i] = range.startMs + i * range.stepMs
  const annotations = new Annotations()
  const ctx: EvalContext = {
    times,
    queryStartMs: range.startMs,
    queryEndMs: range.endMs,
    queryStepMs: range.stepMs,
    storage,
    options,
    annotations,
    samples: { current: 0, checks: 0 }
  }
  const v = evaluate(plan, ctx)
  const done = (result: QueryResult): QueryOutput => ({
    result,
    warnings: [...annotations.warnings],
    infos: [...annotations.infos]
  })
  if (v.kind === "string") return done({ resultType: "string", result: [range.startMs, v.value] })
  if (v.kind === "scalar") {
    if (instant) return done({ resultType: "scalar", result: [range.startMs, v.values[0]] })
    return done({
      resultType: "matrix",
      result: [{ labels: [], points: [...v.values].map((x, i) => [times[i], x]) }]
    })
  }
  if (v.kind === "matrix") {
    if (!instant)
      throw new QueryError(
        "bad_data",
        'invalid expression type "range vector" for range query, must be Scalar or instant Vector'
      )
    const series = v.series
      .map((s) => {
        const w = s.windows[0]
        const points: Array<[number, number]> = []
        const histograms: Array<[number, FloatHistogram]> = []
        for (let i = w.from; i < w.to; i++) {
          const h = w.data.hs?.[i]
          if (h) histograms.push([w.data.ts[i], h])
          else points.push([w.data.ts[i], w.data.vs[i]])
        }
        const labels = s.dropName ? dropMetricName(s.labels) : s.labels
        return histograms.length > 0 ? { labels, points, histograms } : { labels, points }
      })
      .filter((s) => s.points.length > 0 || (s.histograms?.length ?? 0) > 0)
      .sort((a, b) => compareLabels(a.labels, b.labels))
    return done({ resultType: "matrix", result: series })
  }
  const series = finish(v.series, n)
  if (instant) {
    const rows = series
      .filter((s) => s.present[0])
      .map((s) => {
        const h = s.hs?.[0]
        return h
          ? { labels: s.labels, t: range.startMs, v: 0, h }
          : { labels: s.labels, t: range.startMs, v: s.values[0] }
      })
    const order = topLevelOrder(plan)
    rows.sort(order ?? ((a, b) => compareLabels(a.labels, b.labels)))
    return done({ resultType: "vector", result: rows })
  }
  const result = series
    .map((s) => {
      const points: Array<[number, number]> = []
      const histograms: Array<[number, FloatHistogram]> = []
      for (let i = 0; i < n; i++) {
        if (!s.present[i]) continue
        const h = s.hs?.[i]
        if (h) histograms.push([times[i], h])
        else points.push([times[i], s.values[i]])
      }
      return histograms.length > 0 ? { labels: s.labels, points, histograms } : { labels: s.labels, points }
    })
    .filter((s) => s.points.length > 0 || (s.histograms?.length ?? 0) > 0)
    .sort((a, b) => compareLabels(a.labels, b.labels))
  return done({ resultType: "matrix", result })
}

export { formatLabels }
