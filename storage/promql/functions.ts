/**
 * PromQL functions: the instant-vector math functions, the range-vector functions over windows,
 * label manipulation, time functions, sorting and the special ones (absent, scalar, vector).
 * Each runs over all steps of the query at once; names are dropped the delayed way (flagged).
 */
import { RE2JS } from "re2js"
import { expandTemplate } from "../../protocols/config/regex-expand.ts"
import { formatApiValue } from "../../protocols/metrics/go-float.ts"
import { type EvalContext, QueryError } from "./engine-context.ts"
import type { FloatHistogram } from "./histogram.ts"
import {
  floatsOnly,
  histogramFractionFn,
  histogramScalarFn,
  histogramWindow,
  isHistogramScalarFn,
  nativeQuantiles
} from "./histogram-functions.ts"
import type { CallPlan, Plan } from "./plan.ts"
import {
  avgOverTime,
  doubleExponentialSmoothing,
  extrapolatedRate,
  instantValue,
  kahanSum,
  linearRegression,
  quantile,
  varianceOverTime,
  windowValues
} from "./range-functions.ts"
import { evalInstantSelector } from "./selectors.ts"
import {
  compareLabels,
  getLabel,
  type Labels,
  labelsFromObject,
  labelsKey,
  type MatrixValue,
  type ScalarValue,
  type StepSeries,
  setLabel,
  type Value,
  type VectorValue,
  type Window
} from "./values.ts"

export type Evaluator = (p: Plan, ctx: EvalContext) => Value

const newSeries = (labels: Labels, n: number, dropName: boolean): StepSeries => ({
  labels,
  dropName,
  values: new Float64Array(n),
  present: new Uint8Array(n)
})

const mapVector = (v: VectorValue, f: (x: number, step: number) => number, dropName = true): VectorValue => ({
  kind: "vector",
  series: v.series.map((s) => {
    const out = newSeries(s.labels, s.values.length, dropName || s.dropName)
    for (let i = 0; i < s.values.length; i++) {
      if (!s.present[i] || s.hs?.[i]) continue
      out.values[i] = f(s.values[i], i)
      out.present[i] = 1
    }
    return out
  })
})

const scalarArg = (v: Value, _n: number): Float64Array => {
  if (v.kind === "scalar") return v.values
  throw new QueryError("execution", `expected scalar, got ${v.kind}`)
}

const mathFns: Readonly<Record<string, (x: number) => number>> = {
  abs: Math.abs,
  ceil: Math.ceil,
  floor: Math.floor,
  exp: Math.exp,
  sqrt: Math.sqrt,
  ln: Math.log,
  log2: Math.log2,
  log10: Math.log10,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  deg: (x) => (x * 180) / Math.PI,
  rad: (x) => (x * Math.PI) / 180,
  sgn: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  timestamp: (x) => x
}

/** Range functions keeping the metric name (Prometheus 3: last/first_over_time keep it). */
const keepsName = new Set(["last_over_time", "first_over_time"])

type WindowFn = (
  w: Window,
  step: number,
  extra: ReadonlyArray<Float64Array>,
  ctx: EvalContext
) => number | undefined

const overTime: Readonly<Record<string, WindowFn>> = {
  rate: (w) => extrapolatedRate(w, true, true),
  increase: (w) => extrapolatedRate(w, true, false),
  delta: (w) => extrapolatedRate(w, false, false),
  irate: (w) => instantValue(w, true),
  idelta: (w) => instantValue(w, false),
  sum_over_time: (w) => (w.to > w.from ? kahanSum(w.data.vs, w.from, w.to) : undefined),
  avg_over_time: (w) => (w.to > w.from ? avgOverTime(w.data.vs, w.from, w.to) : undefined),
  count_over_time: (w) => (w.to > w.from ? w.to - w.from : undefined),
  min_over_time: (w) => minMax(w, (a, b) => a < b),
  max_over_time: (w) => minMax(w, (a, b) => a > b),
  last_over_time: (w) => (w.to > w.from ? w.data.vs[w.to - 1] : undefined),
  first_over_time: (w) => (w.to > w.from ? w.data.vs[w.from] : undefined),
  ts_of_last_over_time: (w) => (w.to > w.from ? w.data.ts[w.to - 1] / 1000 : undefined),
  ts_of_first_over_time: (w) => (w.to > w.from ? w.data.ts[w.from] / 1000 : undefined),
  ts_of_min_over_time: (w) => tsOfMinMax(w, (a, b) => a < b),
  ts_of_max_over_time: (w) => tsOfMinMax(w, (a, b) => a > b),
  present_over_time: (w) => (w.to > w.from ? 1 : undefined),
  stdvar_over_time: (w) => (w.to > w.from ? varianceOverTime(w.data.vs, w.from, w.to) : undefined),
  stddev_over_time: (w) => (w.to > w.from ? Math.sqrt(varianceOverTime(w.data.vs, w.from, w.to)) : undefined),
  mad_over_time: (w) => {
    if (w.to === w.from) return undefined
    const vals = windowValues(w)
    const median = quantile(0.5, vals)
    return quantile(
      0.5,
      vals.map((v) => Math.abs(v - median))
    )
  },
  quantile_over_time: (w, step, extra) =>
    w.to > w.from ? quantile(extra[0][step], windowValues(w)) : undefined,
  changes: (w) => {
    if (w.to === w.from) return undefined
    let n = 0
    const vs = w.data.vs
    for (let i = w.from + 1; i < w.to; i++) {
      const a = vs[i - 1]
      const b = vs[i]
      if (a !== b && !(Number.isNaN(a) && Number.isNaN(b))) n++
    }
    return n
  },
  resets: (w) => {
    if (w.to === w.from) return undefined
    let n = 0
    const vs = w.data.vs
    for (let i = w.from + 1; i < w.to; i++) if (vs[i] < vs[i - 1]) n++
    return n
  },
  deriv: (w) => (w.to - w.from < 2 ? undefined : linearRegression(w, w.data.ts[w.from])[0]),
  predict_linear: (w, step, extra, ctx) => {
    if (w.to - w.from < 2) return undefined
    const [slope, intercept] = linearRegression(w, ctx.times[step])
    return slope * extra[0][step] + intercept
  },
  double_exponential_smoothing: (w, step, extra) => {
    const sf = extra[0][step]
    const tf = extra[1][step]
    if (!(sf > 0 && sf < 1))
      throw new QueryError("execution", `invalid smoothing factor. Expected: 0 < sf < 1, got: ${sf}`)
    if (!(tf > 0 && tf < 1))
      throw new QueryError("execution", `invalid trend factor. Expected: 0 < tf < 1, got: ${tf}`)
    return doubleExponentialSmoothing(w, sf, tf)
  }
}

const minMax = (w: Window, better: (a: number, b: number) => boolean): number | undefined => {
  if (w.to === w.from) return undefined
  const vs = w.data.vs
  let r = vs[w.from]
  for (let i = w.from + 1; i < w.to; i++) if (better(vs[i], r) || Number.isNaN(r)) r = vs[i]
  return r
}

const tsOfMinMax = (w: Window, better: (a: number, b: number) => boolean): number | undefined => {
  if (w.to === w.from) return undefined
  const vs = w.data.vs
  let r = w.from
  for (let i = w.from + 1; i < w.to; i++) if (better(vs[i], vs[r]) || Number.isNaN(vs[r])) r = i
  return w.data.ts[r] / 1000
}

const counterNames = /(_total|_sum|_count|_bucket)$/

const applyOverTime = (
  fn: string,
  m: MatrixValue,
  extra: ReadonlyArray<Float64Array>,
  ctx: EvalContext,
  pos: number,
  argPos: number = pos
): VectorValue => {
  const f = overTime[fn]
  const n = ctx.times.length
  const series: StepSeries[] = []
  for (const s of m.series) {
    if (
      (fn === "rate" || fn === "increase" || fn === "irate") &&
      !counterNames.test(getLabel(s.labels, "__name__"))
    ) {
      const name = getLabel(s.labels, "__name__")
      if (name !== "")
        ctx.annotations.info(
          `metric might not be a counter, name does not end in _total/_sum/_count/_bucket: ${JSON.stringify(name)}`,
          pos
        )
    }
    const out = newSeries(s.labels, n, s.dropName || !keepsName.has(fn))
    let any = false
    for (let i = 0; i < n; i++) {
      let w = s.windows[i]
      if (w.data.hs) {
        const r = histogramWindow(fn, w, ctx, argPos, getLabel(s.labels, "__name__"))
        if (r === undefined) continue
        if (r !== "floats") {
          if ("h" in r) {
            if (!out.hs) out.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
            out.hs[i] = r.h
          } else out.values[i] = r.v
          out.present[i] = 1
          any = true
          continue
        }
        w = floatsOnly(w)
      }
      const v = f(w, i, extra, ctx)
      if (v === undefined) continue
      out.values[i] = v
      out.present[i] = 1
      any = true
    }
    if (any) series.push(out)
  }
  return { kind: "vector", series }
}

const timeFn = (f: (d: Date) => number) => (x: number) => f(new Date(x * 1000))
const dateFns: Readonly<Record<string, (x: number) => number>> = {
  minute: timeFn((d) => d.getUTCMinutes()),
  hour: timeFn((d) => d.getUTCHours()),
  day_of_week: timeFn((d) => d.getUTCDay()),
  day_of_month: timeFn((d) => d.getUTCDate()),
  day_of_year: timeFn(
    (d) =>
      Math.floor(
        (Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()) - Date.UTC(d.getUTCFullYear(), 0, 1)) /
          86_400_000
      ) + 1
  ),
  days_in_month: timeFn((d) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate()),
  month: timeFn((d) => d.getUTCMonth() + 1),
  year: timeFn((d) => d.getUTCFullYear())
}

const scalarOf = (values: Float64Array): ScalarValue => ({ kind: "scalar", values })

const labelRegex = /^[a-zA-Z_][a-zA-Z0-9_]*$/

export const evalCall = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): Value => {
  const n = ctx.times.length
  const fn = p.fn
  if (fn === "quantile_over_time") {
    const q = scalarArg(evaluate(p.args[0], ctx), n)
    warnQuantile(ctx, q, p.pos)
    return applyOverTime(fn, evaluate(p.args[1], ctx) as MatrixValue, [q], ctx, p.pos, p.args[1].pos)
  }
  if (fn in overTime) {
    const arg = evaluate(p.args[0], ctx)
    if (arg.kind !== "matrix") throw new QueryError("execution", `${fn}: expected range vector`)
    const extra = p.args.slice(1).map((a) => scalarArg(evaluate(a, ctx), n))
    return applyOverTime(fn, arg, extra, ctx, p.pos, argPosOf(p.args[0]))
  }
  if (fn in mathFns) {
    const v = evaluate(p.args[0], ctx) as VectorValue
    if (fn === "timestamp") return timestampFn(p, ctx, evaluate)
    return mapVector(v, mathFns[fn])
  }
  if (fn in dateFns) {
    const v: VectorValue =
      p.args.length === 0 ? vectorOf(timeValues(ctx)) : (evaluate(p.args[0], ctx) as VectorValue)
    return mapVector(v, dateFns[fn])
  }
  if (isHistogramScalarFn(fn)) return histogramScalarFn(fn, evaluate(p.args[0], ctx) as VectorValue)
  switch (fn) {
    case "histogram_fraction": {
      const lo = scalarArg(evaluate(p.args[0], ctx), n)
      const hi = scalarArg(evaluate(p.args[1], ctx), n)
      return histogramFractionFn(ctx, lo, hi, evaluate(p.args[2], ctx) as VectorValue, p.args[2].pos)
    }
    case "histogram_quantiles":
      return histogramQuantiles(p, ctx, evaluate)
    case "time":
      return scalarOf(timeValues(ctx))
    case "pi":
      return scalarOf(new Float64Array(n).fill(Math.PI))
    case "start":
      return scalarOf(new Float64Array(n).fill(ctx.queryStartMs / 1000))
    case "end":
      return scalarOf(new Float64Array(n).fill(ctx.queryEndMs / 1000))
    case "step":
      return scalarOf(new Float64Array(n).fill(ctx.queryStepMs / 1000))
    case "range":
      return scalarOf(new Float64Array(n).fill((ctx.queryEndMs - ctx.queryStartMs) / 1000))
    case "vector":
      return vectorOf(scalarArg(evaluate(p.args[0], ctx), n))
    case "scalar": {
      const v = evaluate(p.args[0], ctx) as VectorValue
      const out = new Float64Array(n).fill(Number.NaN)
      for (let i = 0; i < n; i++) {
        let count = 0
        let val = Number.NaN
        for (const s of v.series) {
          if (!s.present[i]) continue
          count++
          val = s.values[i]
        }
        if (count === 1) out[i] = val
      }
      return scalarOf(out)
    }
    case "round": {
      const v = evaluate(p.args[0], ctx) as VectorValue
      const to = p.args[1] ? scalarArg(evaluate(p.args[1], ctx), n) : new Float64Array(n).fill(1)
      return mapVector(v, (x, i) => {
        const inv = 1 / to[i]
        return Math.floor(x * inv + 0.5) / inv
      })
    }
    case "clamp": {
      const v = evaluate(p.args[0], ctx) as VectorValue
      const lo = scalarArg(evaluate(p.args[1], ctx), n)
      const hi = scalarArg(evaluate(p.args[2], ctx), n)
      const out = mapVector(v, (x, i) => Math.max(lo[i], Math.min(hi[i], x)))
      for (const s of out.series) for (let i = 0; i < n; i++) if (lo[i] > hi[i]) s.present[i] = 0
      return dropEmpty(out)
    }
    case "clamp_min":
    case "clamp_max": {
      const v = evaluate(p.args[0], ctx) as VectorValue
      const b = scalarArg(evaluate(p.args[1], ctx), n)
      return mapVector(v, (x, i) => (fn === "clamp_min" ? Math.max(b[i], x) : Math.min(b[i], x)))
    }
    case "absent":
      return absent(p, ctx, evaluate(p.args[0], ctx) as VectorValue)
    case "absent_over_time":
      return absentOverTime(p, ctx, evaluate(p.args[0], ctx) as MatrixValue)
    case "label_replace":
      return labelReplace(p, ctx, evaluate)
    case "label_join":
      return labelJoin(p, ctx, evaluate)
    case "sort":
    case "sort_desc":
      return evaluate(p.args[0], ctx)
    case "sort_by_label":
    case "sort_by_label_desc":
      return evaluate(p.args[0], ctx)
    case "histogram_quantile":
      return histogramQuantile(p, ctx, evaluate)
  }
  throw new QueryError("execution", `function ${JSON.stringify(fn)} is not supported yet`)
}

const warnQuantile = (ctx: EvalContext, q: Float64Array, pos: number) => {
  for (const x of q) {
    if (!(x >= 0 && x <= 1)) {
      ctx.annotations.warn(
        `quantile value should be between 0 and 1, got ${Number.isNaN(x) ? "NaN" : x}`,
        pos
      )
      return
    }
  }
}

const timeValues = (ctx: EvalContext) => {
  const out = new Float64Array(ctx.times.length)
  for (let i = 0; i < out.length; i++) out[i] = ctx.times[i] / 1000
  return out
}

const vectorOf = (values: Float64Array): VectorValue => ({
  kind: "vector",
  series: [{ labels: [], dropName: false, values, present: new Uint8Array(values.length).fill(1) }]
})

const dropEmpty = (v: VectorValue): VectorValue => ({
  kind: "vector",
  series: v.series.filter((s) => s.present.some((x) => x === 1))
})

/** timestamp(): the time of each sample selected (not the evaluation time). */
const timestampFn = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): VectorValue => {
  const arg = p.args[0]
  if (arg.kind === "selector") {
    const v = evalInstantSelector(ctx, arg, true)
    return { kind: "vector", series: v.series.map((s) => ({ ...s, dropName: true })) }
  }
  const v = evaluate(arg, ctx) as VectorValue
  return mapVector(v, (_x, i) => ctx.times[i] / 1000)
}

const absent = (p: CallPlan, ctx: EvalContext, v: VectorValue): VectorValue => {
  const n = ctx.times.length
  const out = newSeries(absentLabels(p.args[0]), n, false)
  for (let i = 0; i < n; i++) {
    if (v.series.some((s) => s.present[i] === 1)) continue
    out.values[i] = 1
    out.present[i] = 1
  }
  return dropEmpty({ kind: "vector", series: [out] })
}

const absentOverTime = (p: CallPlan, ctx: EvalContext, m: MatrixValue): VectorValue => {
  const n = ctx.times.length
  const out = newSeries(absentLabels(p.args[0]), n, false)
  for (let i = 0; i < n; i++) {
    if (m.series.some((s) => s.windows[i].to > s.windows[i].from)) continue
    out.values[i] = 1
    out.present[i] = 1
  }
  return dropEmpty({ kind: "vector", series: [out] })
}

/** absent()'s labels: the equality matchers of a plain selector (not when a name repeats). */
const absentLabels = (arg: Plan): Labels => {
  const sel =
    arg.kind === "selector"
      ? arg
      : arg.kind === "subquery" && arg.expr.kind === "selector"
        ? arg.expr
        : undefined
  if (!sel) return []
  const o: Record<string, string> = {}
  const seen = new Set<string>()
  const dup = new Set<string>()
  for (const m of sel.matchers) {
    if (seen.has(m.name)) dup.add(m.name)
    seen.add(m.name)
    if (m.type === "=" && m.name !== "__name__") o[m.name] = m.value
  }
  for (const d of dup) delete o[d]
  return labelsFromObject(o)
}

const stringArg = (p: Plan): string => {
  if (p.kind !== "string") throw new QueryError("execution", "expected a string argument")
  return p.value
}

const labelReplace = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): VectorValue => {
  const v = evaluate(p.args[0], ctx) as VectorValue
  const dst = stringArg(p.args[1])
  const replacement = stringArg(p.args[2])
  const src = stringArg(p.args[3])
  const regexText = stringArg(p.args[4])
  let re: RE2JS
  try {
    re = RE2JS.compile(`^(?:${regexText})$`)
  } catch (_e) {
    throw new QueryError("bad_data", `invalid regular expression in label_replace(): ${regexText}`)
  }
  if (!labelRegex.test(dst))
    throw new QueryError("execution", `invalid destination label name in label_replace(): ${dst}`)
  const groups = { ...(re.namedGroups() as Record<string, number>) }
  return {
    kind: "vector",
    series: v.series.map((s) => {
      const m = re.matcher(getLabel(s.labels, src))
      if (!m.matches()) return s
      const value = expandTemplate(replacement, m, groups)
      const labels = setLabel(s.labels, dst, value)
      return { ...s, labels, dropName: dst === "__name__" ? false : s.dropName }
    })
  }
}

const labelJoin = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): VectorValue => {
  const v = evaluate(p.args[0], ctx) as VectorValue
  const dst = stringArg(p.args[1])
  const sep = stringArg(p.args[2])
  const srcs = p.args.slice(3).map(stringArg)
  if (!labelRegex.test(dst))
    throw new QueryError("execution", `invalid destination label name in label_join(): ${dst}`)
  return {
    kind: "vector",
    series: v.series.map((s) => {
      const value = srcs.map((l) => getLabel(s.labels, l)).join(sep)
      return {
        ...s,
        labels: setLabel(s.labels, dst, value),
        dropName: dst === "__name__" ? false : s.dropName
      }
    })
  }
}

/** Classic histogram_quantile over `le` buckets, grouped by the other labels. */
const histogramQuantile = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): VectorValue => {
  const n = ctx.times.length
  const q = scalarArg(evaluate(p.args[0], ctx), n)
  warnQuantile(ctx, q, p.pos)
  const v = evaluate(p.args[1], ctx) as VectorValue
  return quantileOf(ctx, q, v, p.args[1].pos)
}

/** histogram_quantiles(v, "label", q1, q2, …): one result series per quantile, labelled. */
const histogramQuantiles = (p: CallPlan, ctx: EvalContext, evaluate: Evaluator): VectorValue => {
  const n = ctx.times.length
  const v = evaluate(p.args[0], ctx) as VectorValue
  const label = stringArg(p.args[1])
  const series: StepSeries[] = []
  for (const a of p.args.slice(2)) {
    const q = scalarArg(evaluate(a, ctx), n)
    warnQuantile(ctx, q, a.pos)
    const text = formatApiValue(q[0])
    const r = quantileOf(ctx, q, v, p.args[0].pos, { name: label, value: text })
    series.push(...r.series)
  }
  return { kind: "vector", series }
}

const quantileOf = (
  ctx: EvalContext,
  q: Float64Array,
  v: VectorValue,
  pos: number,
  label?: { name: string; value: string }
): VectorValue => {
  const n = ctx.times.length
  const native = nativeQuantiles(ctx, q, v, pos, label)
  const nativeAt = new Map<string, StepSeries>()
  for (const s of native) nativeAt.set(labelsKey(label ? setLabel(s.labels, label.name, "") : s.labels), s)
  const groups = new Map<
    string,
    { labels: Labels; name: string; buckets: Array<{ le: number; s: StepSeries }> }
  >()
  for (const s of v.series) {
    if (s.hs?.some((h) => h)) continue
    const leText = getLabel(s.labels, "le")
    const le = Number(leText === "+Inf" ? Number.POSITIVE_INFINITY : leText)
    if (leText === "" || Number.isNaN(le)) continue
    const labels = s.labels.filter((_x, i, arr) => {
      const k = i % 2 === 0 ? i : i - 1
      return arr[k] !== "le" && arr[k] !== "__name__"
    })
    const key = labels.join("\xff")
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { labels, name: getLabel(s.labels, "__name__"), buckets: [] }))
    g.buckets.push({ le, s })
  }
  const series: StepSeries[] = []
  for (const g of [...groups.values()].sort((a, b) => compareLabels(a.labels, b.labels))) {
    const out = newSeries(label ? setLabel(g.labels, label.name, label.value) : g.labels, n, true)
    const nat = nativeAt.get(labelsKey(g.labels))
    for (let i = 0; i < n; i++) {
      const bs = g.buckets.filter((b) => b.s.present[i]).map((b) => ({ le: b.le, c: b.s.values[i] }))
      if (bs.length === 0) continue
      if (nat?.present[i]) {
        ctx.annotations.warn(
          `vector contains a mix of classic and native histograms for metric name ${JSON.stringify(g.name)}`,
          pos
        )
        nat.present[i] = 0
        continue
      }
      out.values[i] = bucketQuantile(q[i], bs)
      out.present[i] = 1
    }
    if (out.present.some((x) => x)) series.push(out)
  }
  for (const s of native) if (s.present.some((x) => x)) series.push(s)
  return { kind: "vector", series }
}

const bucketQuantile = (q: number, buckets: Array<{ le: number; c: number }>): number => {
  if (Number.isNaN(q)) return Number.NaN
  if (q < 0) return Number.NEGATIVE_INFINITY
  if (q > 1) return Number.POSITIVE_INFINITY
  buckets.sort((a, b) => a.le - b.le)
  if (buckets[buckets.length - 1].le !== Number.POSITIVE_INFINITY) return Number.NaN
  // Merge duplicate le values and force monotonicity, as Prometheus does.
  const bs: Array<{ le: number; c: number }> = []
  for (const b of buckets) {
    if (bs.length > 0 && bs[bs.length - 1].le === b.le) bs[bs.length - 1].c += b.c
    else bs.push({ ...b })
  }
  for (let i = 1; i < bs.length; i++) if (bs[i].c < bs[i - 1].c) bs[i].c = bs[i - 1].c
  if (bs.length < 2) return Number.NaN
  const observations = bs[bs.length - 1].c
  if (observations === 0) return Number.NaN
  const rank = q * observations
  let b = bs.findIndex((x) => x.c >= rank)
  if (b === bs.length - 1) return bs[bs.length - 2].le
  if (b === 0 && bs[0].le <= 0) return bs[0].le
  let start = 0
  const end = bs[b].le
  let count = bs[b].c
  let r = rank
  if (b > 0) {
    start = bs[b - 1].le
    count -= bs[b - 1].c
    r -= bs[b - 1].c
  }
  if (b < 0) b = bs.length - 1
  return start + (end - start) * (r / count)
}

export { newSeries, scalarOf, vectorOf }

/** Where a range function's argument starts (the selector inside a matrix selector/subquery). */
const argPosOf = (a: Plan): number => a.pos
