/**
 * PromQL functions over native histograms: histogram_count/sum/avg/stddev/stdvar, the native
 * side of histogram_quantile(s) and histogram_fraction (classic `le` buckets are read as custom
 * buckets for the fraction), with the annotations Prometheus gives (NaN observations, mixed
 * classic and native input).
 */
import type { EvalContext } from "./engine-context.ts"
import {
  addHistograms,
  detectReset,
  type FloatHistogram,
  histogramFraction,
  histogramQuantile,
  histogramsMatch,
  histogramVariance,
  isCustom,
  reduceSchema,
  scaleHistogram,
  withHint
} from "./histogram.ts"
import {
  compareLabels,
  dropMetricName,
  getLabel,
  type Labels,
  labelsKey,
  type StepSeries,
  setLabel,
  type VectorValue,
  type Window
} from "./values.ts"

const newSeries = (labels: Labels, n: number, dropName: boolean): StepSeries => ({
  labels,
  dropName,
  values: new Float64Array(n),
  present: new Uint8Array(n)
})

const scalarFns: Readonly<Record<string, (h: FloatHistogram) => number>> = {
  histogram_count: (h) => h.count,
  histogram_sum: (h) => h.sum,
  histogram_avg: (h) => h.sum / h.count,
  histogram_stdvar: (h) => histogramVariance(h),
  histogram_stddev: (h) => Math.sqrt(histogramVariance(h))
}

export const isHistogramScalarFn = (fn: string): boolean => fn in scalarFns

/** histogram_count & co: one float per histogram sample; float samples are dropped. */
export const histogramScalarFn = (fn: string, v: VectorValue): VectorValue => {
  const f = scalarFns[fn]
  const series: StepSeries[] = []
  for (const s of v.series) {
    if (!s.hs) continue
    const out = newSeries(s.labels, s.values.length, true)
    let any = false
    for (let i = 0; i < s.values.length; i++) {
      const h = s.hs[i]
      if (!s.present[i] || !h) continue
      out.values[i] = f(h)
      out.present[i] = 1
      any = true
    }
    if (any) series.push(out)
  }
  return { kind: "vector", series }
}

const bucketTotal = (h: FloatHistogram) => {
  let t = h.zeroCount
  for (const x of h.pos) t += x
  for (const x of h.neg) t += x
  return t
}

/** Observations counted but in no bucket (NaN observations make the sum NaN). */
export const nanObservations = (h: FloatHistogram): number =>
  Number.isNaN(h.sum) ? Math.max(0, h.count - bucketTotal(h)) : 0

const nameOf = (l: Labels) => getLabel(l, "__name__")

/**
 * The native-histogram results of histogram_quantile at each step: for every series holding a
 * histogram there. Returns the series and the keys (labels without name) used, so the classic
 * path can flag a mix.
 */
export const nativeQuantiles = (
  ctx: EvalContext,
  q: Float64Array,
  v: VectorValue,
  pos: number,
  label?: { name: string; value: string }
): StepSeries[] => {
  const n = ctx.times.length
  const out: StepSeries[] = []
  for (const s of v.series) {
    if (!s.hs) continue
    let labels = dropMetricName(s.labels)
    if (label) labels = setLabel(labels, label.name, label.value)
    const o = newSeries(labels, n, false)
    let any = false
    for (let i = 0; i < n; i++) {
      const h = s.hs[i]
      if (!s.present[i] || !h) continue
      const nan = nanObservations(h)
      let r = histogramQuantile(q[i], h)
      if (nan > 0 && !Number.isNaN(q[i]) && q[i] >= 0 && q[i] <= 1) {
        const rank = q[i] * h.count
        if (rank > h.count - nan) {
          r = Number.NaN
          ctx.annotations.info(
            `input to histogram_quantile has NaN observations, result is NaN for metric name ${JSON.stringify(nameOf(s.labels))}`,
            pos
          )
        } else
          ctx.annotations.info(
            `input to histogram_quantile has NaN observations, result is skewed higher for metric name ${JSON.stringify(nameOf(s.labels))}`,
            pos
          )
      }
      o.values[i] = r
      o.present[i] = 1
      any = true
    }
    if (any) out.push(o)
  }
  return out
}

/** histogram_fraction over native histograms and classic `le` buckets (as custom buckets). */
export const histogramFractionFn = (
  ctx: EvalContext,
  lo: Float64Array,
  hi: Float64Array,
  v: VectorValue,
  pos: number
): VectorValue => {
  const n = ctx.times.length
  const series: StepSeries[] = []
  const nativeKeys = new Map<string, Set<number>>()
  for (const s of v.series) {
    if (!s.hs) continue
    const labels = dropMetricName(s.labels)
    const o = newSeries(labels, n, false)
    let any = false
    for (let i = 0; i < n; i++) {
      const h = s.hs[i]
      if (!s.present[i] || !h) continue
      if (nanObservations(h) > 0)
        ctx.annotations.info(
          `input to histogram_fraction has NaN observations, which are excluded from all fractions for metric name ${JSON.stringify(nameOf(s.labels))}`,
          pos
        )
      o.values[i] = histogramFraction(lo[i], hi[i], h)
      o.present[i] = 1
      any = true
      const key = labelsKey(labels)
      let steps = nativeKeys.get(key)
      if (!steps) nativeKeys.set(key, (steps = new Set()))
      steps.add(i)
    }
    if (any) series.push(o)
  }
  // Classic buckets: group by labels without le and name.
  const groups = new Map<
    string,
    { labels: Labels; name: string; buckets: Array<{ le: number; s: StepSeries }> }
  >()
  for (const s of v.series) {
    const leText = getLabel(s.labels, "le")
    if (leText === "" || s.hs?.some((h) => h)) continue
    const le = leText === "+Inf" ? Number.POSITIVE_INFINITY : Number(leText)
    if (Number.isNaN(le)) continue
    const labels = dropMetricName(setLabel(s.labels, "le", ""))
    const key = labelsKey(labels)
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { labels, name: nameOf(s.labels), buckets: [] }))
    g.buckets.push({ le, s })
  }
  for (const [key, g] of groups) {
    const o = newSeries(g.labels, n, false)
    let any = false
    for (let i = 0; i < n; i++) {
      const bs = g.buckets.filter((b) => b.s.present[i]).sort((a, b) => a.le - b.le)
      if (bs.length === 0) continue
      if (nativeKeys.get(key)?.has(i)) {
        ctx.annotations.warn(
          `vector contains a mix of classic and native histograms for metric name ${JSON.stringify(g.name)}`,
          pos
        )
        continue
      }
      if (bs[bs.length - 1].le !== Number.POSITIVE_INFINITY) {
        o.values[i] = Number.NaN
      } else {
        const pos: number[] = []
        let prev = 0
        for (const b of bs) {
          const c = Math.max(prev, b.s.values[i])
          pos.push(c - prev)
          prev = c
        }
        const h: FloatHistogram = {
          schema: -53,
          zeroThreshold: 0,
          zeroCount: 0,
          count: prev,
          sum: 0,
          pOffset: 0,
          pos,
          nOffset: 0,
          neg: [],
          customValues: bs.slice(0, -1).map((b) => b.le),
          hint: "unknown"
        }
        o.values[i] = histogramFraction(lo[i], hi[i], h)
      }
      o.present[i] = 1
      any = true
    }
    if (any) series.push(o)
  }
  // Native results whose key also had classic buckets at that step are dropped with the warning.
  return { kind: "vector", series: series.sort((a, b) => compareLabels(a.labels, b.labels)) }
}

/** Sum of histograms for aggregation; undefined when layouts are incompatible (warned). */
export const sumHistograms = (
  ctx: EvalContext,
  hs: ReadonlyArray<FloatHistogram>,
  pos: number | undefined,
  what: "aggregation" | "addition"
): FloatHistogram | undefined => {
  let acc = hs[0]
  let reconciled = false
  let incompatible = false
  for (let k = 1; k < hs.length; k++) {
    const r = addHistograms(acc, hs[k])
    if (!r.h) {
      incompatible = true
      break
    }
    if (r.problem === "reconciled") reconciled = true
    acc = r.h
  }
  if (incompatible) return undefined
  if (reconciled) ctx.annotations.info(`mismatched custom buckets were reconciled during ${what}`, pos)
  return acc
}

/** What a range function gives for a window: a float, a histogram, nothing, or "float path". */
export type WindowResult = { v: number } | { h: FloatHistogram } | undefined | "floats"

const histogramWindowFns = new Set([
  "rate",
  "increase",
  "delta",
  "irate",
  "idelta",
  "sum_over_time",
  "avg_over_time",
  "count_over_time",
  "last_over_time",
  "first_over_time",
  "present_over_time",
  "resets",
  "changes",
  "ts_of_last_over_time",
  "ts_of_first_over_time"
])

/** Window functions that simply ignore histogram samples (Prometheus drops them). */
const floatOnlyWindowFns = new Set([
  "min_over_time",
  "max_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "quantile_over_time",
  "mad_over_time",
  "deriv",
  "predict_linear",
  "double_exponential_smoothing",
  "ts_of_min_over_time",
  "ts_of_max_over_time"
])

/** Floats only of a window (histogram samples removed), as a new window. */
export const floatsOnly = (w: Window): Window => {
  const ts: number[] = []
  const vs: number[] = []
  for (let i = w.from; i < w.to; i++) {
    if (w.data.hs?.[i]) continue
    ts.push(w.data.ts[i])
    vs.push(w.data.vs[i])
  }
  return {
    data: { labels: w.data.labels, ts: Float64Array.from(ts), vs: Float64Array.from(vs) },
    from: 0,
    to: ts.length,
    startMs: w.startMs,
    endMs: w.endMs
  }
}

const gaugeWarned = new Set(["delta", "idelta"])

export const histogramWindow = (
  fn: string,
  w: Window,
  ctx: EvalContext,
  pos: number,
  name: string
): WindowResult => {
  const hs = w.data.hs
  if (!hs) return "floats"
  let nh = 0
  for (let i = w.from; i < w.to; i++) if (hs[i]) nh++
  if (nh === 0) return "floats"
  const nf = w.to - w.from - nh
  if (floatOnlyWindowFns.has(fn)) return nf > 0 ? "floats" : undefined
  if (!histogramWindowFns.has(fn)) return "floats"
  const ts = w.data.ts
  switch (fn) {
    case "count_over_time":
      return { v: w.to - w.from }
    case "present_over_time":
      return { v: 1 }
    case "ts_of_last_over_time":
      return { v: ts[w.to - 1] / 1000 }
    case "ts_of_first_over_time":
      return { v: ts[w.from] / 1000 }
    case "last_over_time": {
      const h = hs[w.to - 1]
      return h ? { h } : { v: w.data.vs[w.to - 1] }
    }
    case "first_over_time": {
      const h = hs[w.from]
      return h ? { h } : { v: w.data.vs[w.from] }
    }
  }
  if (nf > 0) {
    if (fn !== "changes" && fn !== "resets")
      ctx.annotations.warn(
        `encountered a mix of histograms and floats for metric name ${JSON.stringify(name)}`,
        pos
      )
    if (fn === "changes" || fn === "resets") return "floats"
    return undefined
  }
  const list: FloatHistogram[] = []
  const times: number[] = []
  for (let i = w.from; i < w.to; i++) {
    list.push(hs[i] as FloatHistogram)
    times.push(ts[i])
  }
  switch (fn) {
    case "changes": {
      let c = 0
      for (let i = 1; i < list.length; i++)
        if (histogramsMatch(list[i - 1], list[i], false) !== undefined) c++
      return { v: c }
    }
    case "resets": {
      let c = 0
      for (let i = 1; i < list.length; i++) if (detectReset(list[i - 1], list[i])) c++
      return { v: c }
    }
    case "sum_over_time":
    case "avg_over_time": {
      const sum = sumWithConflicts(ctx, list, pos, name)
      if (!sum) return undefined
      return { h: withHint(fn === "sum_over_time" ? sum : scaleHistogram(sum, 1 / list.length), "gauge") }
    }
  }
  // rate, increase, delta, irate, idelta
  const counter = fn === "rate" || fn === "increase" || fn === "irate"
  if (counter && list.some((h) => h.hint === "gauge"))
    ctx.annotations.warn(`this native histogram metric is not a counter: ${JSON.stringify(name)}`, pos)
  if (gaugeWarned.has(fn) && list.some((h) => h.hint !== "gauge"))
    ctx.annotations.warn(`this native histogram metric is not a gauge: ${JSON.stringify(name)}`, pos)
  if (list.length < 2) return undefined
  if (list.some((h) => isCustom(h)) && list.some((h) => !isCustom(h))) {
    ctx.annotations.warn(
      `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`,
      pos
    )
    return undefined
  }
  if (fn === "irate" || fn === "idelta") {
    const last = list[list.length - 1]
    const prev = list[list.length - 2]
    let d: FloatHistogram | undefined
    let reconciled = false
    if (fn === "irate" && detectReset(prev, last)) d = last
    else {
      const r = addHistograms(last, prev, -1)
      d = r.h
      reconciled = r.problem === "reconciled"
    }
    if (!d) return undefined
    if (reconciled) ctx.annotations.info("mismatched custom buckets were reconciled during subtraction", pos)
    if (fn === "irate") {
      const dt = (times[times.length - 1] - times[times.length - 2]) / 1000
      if (dt === 0) return undefined
      d = scaleHistogram(d, 1 / dt)
    }
    return { h: withHint(d, "gauge") }
  }
  // rate / increase / delta: last - first, plus what was lost at each counter reset.
  const minSchema = Math.min(...list.map((h) => h.schema))
  const last = list[list.length - 1]
  let acc: FloatHistogram | undefined = last
  let reconciled = false
  const sub = (a: FloatHistogram, b: FloatHistogram, k: number) => {
    const r = addHistograms(a, b, k)
    if (r.problem === "reconciled") reconciled = true
    return r.h
  }
  acc = sub(acc, list[0], -1)
  if (counter) {
    for (let i = 1; i < list.length && acc; i++)
      if (detectReset(list[i - 1], list[i])) acc = sub(acc, list[i - 1], 1)
  }
  if (!acc) return undefined
  if (reconciled) ctx.annotations.info("mismatched custom buckets were reconciled during subtraction", pos)
  if (acc.schema > minSchema && !isCustom(acc)) acc = reduceSchemaTo(acc, minSchema)
  const n = list.length
  const firstT = times[0]
  const lastT = times[n - 1]
  let toStart = (firstT - w.startMs) / 1000
  let toEnd = (w.endMs - lastT) / 1000
  const sampled = (lastT - firstT) / 1000
  const avg = sampled / (n - 1)
  if (toStart >= avg * 1.1) toStart = avg / 2
  if (toEnd >= avg * 1.1) toEnd = avg / 2
  let factor = (sampled + toStart + toEnd) / sampled
  if (fn === "rate") factor /= (w.endMs - w.startMs) / 1000
  return { h: withHint(scaleHistogram(acc, factor), "gauge") }
}

const reduceSchemaTo = (h: FloatHistogram, schema: number) => reduceSchema(h, schema)

/** Sum with the "conflicting counter resets" warning (one says reset, another not_reset). */
export const sumWithConflicts = (
  ctx: EvalContext,
  list: ReadonlyArray<FloatHistogram>,
  pos: number | undefined,
  name: string
): FloatHistogram | undefined => {
  if (list.some((h) => isCustom(h)) && list.some((h) => !isCustom(h))) {
    ctx.annotations.warn(
      `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`,
      pos
    )
    return undefined
  }
  if (list.some((h) => h.hint === "reset") && list.some((h) => h.hint === "not_reset"))
    ctx.annotations.warn("conflicting counter resets during histogram aggregation", pos)
  return sumHistograms(ctx, list, pos, "aggregation")
}
