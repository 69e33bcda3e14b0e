/**
 * Aggregation operators (sum, avg, min, max, count, group, stddev, stdvar, topk, bottomk,
 * quantile, count_values, limitk, limit_ratio) evaluated per step over the series present at that
 * step, grouped by `by`/`without`. Sums are Kahan-compensated; avg falls back to an incremental
 * mean on overflow, as Prometheus 3 does.
 */
import { formatApiValue } from "../../protocols/metrics/go-float.ts"
import { type EvalContext, QueryError } from "./engine-context.ts"
import { type FloatHistogram, scaleHistogram, withHint } from "./histogram.ts"
import { sumWithConflicts } from "./histogram-functions.ts"
import type { AggregatePlan } from "./plan.ts"
import { kahanInc, quantile } from "./range-functions.ts"
import {
  compareLabels,
  getLabel,
  type Labels,
  labelsKey,
  nameLabels,
  onlyLabels,
  type StepSeries,
  setLabel,
  type Value,
  type VectorValue,
  withoutLabels
} from "./values.ts"

interface Group {
  readonly labels: Labels
  readonly members: StepSeries[]
  dropName: boolean
}

const groupLabels = (p: AggregatePlan, l: Labels): Labels => {
  if (p.without) return withoutLabels(l, new Set([...p.grouping, ...nameLabels]))
  return onlyLabels(l, new Set(p.grouping))
}

const newOut = (labels: Labels, n: number): StepSeries => ({
  labels,
  dropName: false,
  values: new Float64Array(n),
  present: new Uint8Array(n)
})

const pair: [number, number] = [0, 0]

/** sum/avg/min/max/count/group/stddev/stdvar of one group at one step; undefined = no output. */
const simple = (op: AggregatePlan["op"], vals: number[]): number => {
  switch (op) {
    case "sum": {
      let s = 0
      let c = 0
      for (const v of vals) {
        kahanInc(v, s, c, pair)
        s = pair[0]
        c = pair[1]
      }
      return s + c
    }
    case "avg": {
      let s = 0
      let c = 0
      let mean = 0
      let cMean = 0
      let incremental = false
      for (let i = 0; i < vals.length; i++) {
        const v = vals[i]
        if (!incremental) {
          kahanInc(v, s, c, pair)
          if (Number.isFinite(pair[0]) || !Number.isFinite(v)) {
            s = pair[0]
            c = pair[1]
            continue
          }
          incremental = true
          mean = s / i
          cMean = c / i
        }
        const count = i + 1
        const q = (count - 1) / count
        kahanInc(v / count, q * mean, q * cMean, pair)
        mean = pair[0]
        cMean = pair[1]
      }
      return incremental ? mean + cMean : (s + c) / vals.length
    }
    case "min":
    case "max": {
      let r = vals[0]
      for (const v of vals) if ((op === "min" ? v < r : v > r) || Number.isNaN(r)) r = v
      return r
    }
    case "count":
      return vals.length
    case "group":
      return 1
    case "stddev":
    case "stdvar": {
      let count = 0
      let mean = 0
      let cMean = 0
      let aux = 0
      let cAux = 0
      for (const v of vals) {
        count++
        const delta = v - (mean + cMean)
        kahanInc(delta / count, mean, cMean, pair)
        mean = pair[0]
        cMean = pair[1]
        kahanInc(delta * (v - (mean + cMean)), aux, cAux, pair)
        aux = pair[0]
        cAux = pair[1]
      }
      const variance = (aux + cAux) / count
      return op === "stddev" ? Math.sqrt(variance) : variance
    }
    default:
      throw new Error(`bug: ${op} is not a simple aggregation`)
  }
}

export const evalAggregate = (
  p: AggregatePlan,
  ctx: EvalContext,
  input: VectorValue,
  param: Value | undefined
): VectorValue => {
  const n = ctx.times.length
  // Delayed name removal: grouping sees the not yet removed name (so `by (__name__)` partitions
  // by it), and a group drops it at the end when any member was to drop it.
  const groups = new Map<string, Group>()
  for (const s of input.series) {
    const labels = groupLabels(p, s.labels)
    const key = labelsKey(labels)
    let g = groups.get(key)
    if (!g) {
      g = { labels, members: [], dropName: false }
      groups.set(key, g)
    }
    g.members.push(s)
    if (s.dropName) g.dropName = true
  }
  const ordered = [...groups.values()].sort((a, b) => compareLabels(a.labels, b.labels))
  switch (p.op) {
    case "topk":
    case "bottomk":
    case "limitk":
    case "limit_ratio":
      return selectMembers(p, ctx, ordered, param)
    case "count_values":
      return countValues(p, ctx, ordered, param)
  }
  const qs = p.op === "quantile" ? scalarParam(param, n) : undefined
  if (qs) {
    for (const q of qs) {
      if (!(q >= 0 && q <= 1)) {
        ctx.annotations.warn(
          `quantile value should be between 0 and 1, got ${Number.isNaN(q) ? "NaN" : q}`,
          p.param?.pos
        )
        break
      }
    }
  }
  const out: StepSeries[] = []
  for (const g of ordered) {
    const o = newOut(g.labels, n)
    o.dropName = g.dropName
    for (let i = 0; i < n; i++) {
      const vals: number[] = []
      let hs: FloatHistogram[] | undefined
      for (const m of g.members) {
        if (!m.present[i]) continue
        const h = m.hs?.[i]
        if (h) (hs ??= []).push(h)
        else vals.push(m.values[i])
      }
      if (hs) {
        if (p.op === "count" || p.op === "group") {
          o.values[i] = p.op === "count" ? vals.length + hs.length : 1
          o.present[i] = 1
          continue
        }
        if (p.op === "sum" || p.op === "avg") {
          if (vals.length > 0) {
            ctx.annotations.warn(`encountered a mix of histograms and floats for aggregation`, p.pos)
            continue
          }
          const name = getLabel(g.members[0].labels, "__name__")
          const sum = sumWithConflicts(ctx, hs, p.pos, name)
          if (!sum) continue
          if (!o.hs) o.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
          o.hs[i] = withHint(p.op === "sum" ? sum : scaleHistogram(sum, 1 / hs.length), "gauge")
          o.present[i] = 1
          continue
        }
      }
      if (vals.length === 0) continue
      o.values[i] = qs ? quantile(qs[i], vals) : simple(p.op, vals)
      o.present[i] = 1
    }
    if (o.present.some((x) => x)) out.push(o)
  }
  return { kind: "vector", series: out }
}

const scalarParam = (param: Value | undefined, n: number): Float64Array => {
  if (param?.kind !== "scalar") throw new QueryError("execution", "expected a scalar parameter")
  return param.values.length === n ? param.values : new Float64Array(n).fill(param.values[0])
}

/** topk/bottomk/limitk/limit_ratio keep whole input series, present at the steps they win. */
const selectMembers = (
  p: AggregatePlan,
  ctx: EvalContext,
  groups: Group[],
  param: Value | undefined
): VectorValue => {
  const n = ctx.times.length
  const ks = scalarParam(param, n)
  const out = new Map<StepSeries, StepSeries>()
  const take = (s: StepSeries, i: number) => {
    let o = out.get(s)
    if (!o)
      out.set(
        s,
        (o = {
          labels: s.labels,
          dropName: s.dropName,
          values: new Float64Array(n),
          present: new Uint8Array(n)
        })
      )
    o.values[i] = s.values[i]
    o.present[i] = 1
    const h = s.hs?.[i]
    if (h) {
      if (!o.hs) o.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
      o.hs[i] = h
    }
  }
  for (let i = 0; i < n; i++) {
    const k = ks[i]
    if (p.op === "limit_ratio") {
      if (Number.isNaN(k)) throw new QueryError("execution", "Ratio value is NaN")
      const r = Math.max(-1, Math.min(1, k))
      for (const g of groups) {
        for (const s of g.members) {
          if (!s.present[i]) continue
          const h = ratioHash(s.labels)
          if ((r >= 0 && h < r) || (r < 0 && h >= 1 + r)) take(s, i)
        }
      }
      continue
    }
    if (!Number.isFinite(k) && !Number.isNaN(k) && k > 0) {
      // +Inf keeps everything
    } else if (Number.isNaN(k)) throw new QueryError("execution", `Parameter value is NaN`)
    const limit = k >= 9.2e18 ? Number.POSITIVE_INFINITY : Math.trunc(k)
    if (limit < 1) continue
    for (const g of groups) {
      const present = g.members.filter((s) => s.present[i] && (p.op === "limitk" || !s.hs?.[i]))
      if (p.op === "limitk") {
        for (const s of present.slice(0, limit)) take(s, i)
        continue
      }
      const sign = p.op === "topk" ? -1 : 1
      present.sort((a, b) => {
        const x = a.values[i]
        const y = b.values[i]
        if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1
        if (Number.isNaN(y)) return -1
        return sign * (x - y)
      })
      for (const s of present.slice(0, limit)) take(s, i)
    }
  }
  return { kind: "vector", series: [...out.values()] }
}

/** A stable value in [0, 1) per label set, for limit_ratio. */
const ratioHash = (l: Labels): number => {
  let h = 0x811c9dc5
  const s = labelsKey(l)
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h / 4294967296
}

const countValues = (
  _p: AggregatePlan,
  ctx: EvalContext,
  groups: Group[],
  param: Value | undefined
): VectorValue => {
  const n = ctx.times.length
  if (param?.kind !== "string") throw new QueryError("execution", "count_values: expected a string parameter")
  const label = param.value
  if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label))
    throw new QueryError("execution", `invalid label name ${JSON.stringify(label)}`)
  const out = new Map<string, StepSeries>()
  for (const g of groups) {
    for (let i = 0; i < n; i++) {
      const counts = new Map<string, number>()
      for (const s of g.members)
        if (s.present[i])
          counts.set(formatApiValue(s.values[i]), (counts.get(formatApiValue(s.values[i])) ?? 0) + 1)
      for (const [value, count] of counts) {
        const labels = setLabel(g.labels, label, value)
        const key = labelsKey(labels)
        let o = out.get(key)
        if (!o) out.set(key, (o = newOut(labels, n)))
        o.values[i] = count
        o.present[i] = 1
      }
    }
  }
  return { kind: "vector", series: [...out.values()] }
}
