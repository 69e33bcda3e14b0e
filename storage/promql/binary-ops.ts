/**
 * Binary operators: arithmetic, comparisons (filtering, or 0/1 with `bool`), `atan2`, and the set
 * operators, between scalars and vectors, with vector matching (on/ignoring, group_left/right,
 * fill modifiers). Matching happens per step over the series present at that step, as in
 * Prometheus; duplicate matches are errors with Prometheus's messages.
 */
import { type EvalContext, QueryError } from "./engine-context.ts"
import { addHistograms, type FloatHistogram, histogramsMatch, scaleHistogram } from "./histogram.ts"
import type { BinaryOp, BinaryPlan, VectorMatching } from "./plan.ts"
import {
  dropMetricName,
  formatLabels,
  getLabel,
  type Labels,
  labelsKey,
  onlyLabels,
  type ScalarValue,
  type StepSeries,
  setLabel,
  type Value,
  type VectorValue,
  withoutLabels
} from "./values.ts"

const isComparison = (op: BinaryOp) =>
  op === "==" || op === "!=" || op === ">" || op === "<" || op === ">=" || op === "<="
const isSetOp = (op: BinaryOp) => op === "and" || op === "or" || op === "unless"

/** Go's math.Mod: the result has the sign of the dividend. JS % does the same. */
export const arith = (op: BinaryOp, a: number, b: number): number => {
  switch (op) {
    case "+":
      return a + b
    case "-":
      return a - b
    case "*":
      return a * b
    case "/":
      return a / b
    case "%":
      return a % b
    case "^":
      return a ** b
    case "atan2":
      return Math.atan2(a, b)
    case "==":
      return a === b ? 1 : 0
    case "!=":
      return a !== b ? 1 : 0
    case ">":
      return a > b ? 1 : 0
    case "<":
      return a < b ? 1 : 0
    case ">=":
      return a >= b ? 1 : 0
    case "<=":
      return a <= b ? 1 : 0
    default:
      throw new Error(`bug: ${op} is not arithmetic`)
  }
}

type Sample = number | FloatHistogram

/**
 * An operator where at least one side is a native histogram: h±h, h*s, s*h, h/s, and ==/!= between
 * histograms. Returns undefined when Prometheus drops the sample; for a filtering comparison the
 * truth is returned as 1/0.
 */
export const histogramArith = (
  op: BinaryOp,
  a: Sample,
  b: Sample,
  ctx: EvalContext,
  pos: number,
  name: string
): Sample | undefined => {
  const ha = typeof a !== "number"
  const hb = typeof b !== "number"
  if (ha && hb) {
    if (op === "+" || op === "-") {
      const r = addHistograms(a, b, op === "+" ? 1 : -1)
      if (!r.h) {
        ctx.annotations.warn(
          `vector contains a mix of histograms with exponential and custom buckets schemas for metric name ${JSON.stringify(name)}`,
          pos
        )
        return undefined
      }
      if (r.problem === "reconciled")
        ctx.annotations.info(
          `mismatched custom buckets were reconciled during ${op === "+" ? "addition" : "subtraction"}`,
          pos
        )
      return { ...r.h, hint: "gauge" }
    }
    if (op === "==" || op === "!=") {
      const eq = histogramsMatch(a, b, false) === undefined
      return (op === "==") === eq ? 1 : 0
    }
    return undefined
  }
  if (ha && typeof b === "number") {
    if (op === "*") return scaleHistogram(a, b)
    if (op === "/") return scaleHistogram(a, 1 / b)
    return undefined
  }
  if (hb && typeof a === "number" && op === "*") return scaleHistogram(b as FloatHistogram, a)
  return undefined
}

export const evalScalarScalar = (p: BinaryPlan, a: ScalarValue, b: ScalarValue): ScalarValue => {
  const out = new Float64Array(a.values.length)
  for (let i = 0; i < out.length; i++) out[i] = arith(p.op, a.values[i], b.values[i])
  return { kind: "scalar", values: out }
}

/** vector op scalar (or scalar op vector when `scalarLeft`). */
export const evalVectorScalar = (
  p: BinaryPlan,
  v: VectorValue,
  s: ScalarValue,
  scalarLeft: boolean,
  ctx?: EvalContext
): VectorValue => {
  const cmp = isComparison(p.op)
  const series: StepSeries[] = []
  for (const x of v.series) {
    const n = x.values.length
    const o: StepSeries = {
      labels: x.labels,
      dropName: x.dropName || !cmp || p.returnBool,
      values: new Float64Array(n),
      present: new Uint8Array(n)
    }
    let any = false
    for (let i = 0; i < n; i++) {
      if (!x.present[i]) continue
      const h = x.hs?.[i]
      if (h) {
        if (cmp || !ctx) continue
        const r = histogramArith(
          p.op,
          scalarLeft ? s.values[i] : h,
          scalarLeft ? h : s.values[i],
          ctx,
          p.pos,
          ""
        )
        if (r === undefined || typeof r === "number") continue
        if (!o.hs) o.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
        o.hs[i] = r
        o.present[i] = 1
        any = true
        continue
      }
      const a = scalarLeft ? s.values[i] : x.values[i]
      const b = scalarLeft ? x.values[i] : s.values[i]
      const r = arith(p.op, a, b)
      if (cmp && !p.returnBool) {
        if (r === 0) continue
        o.values[i] = x.values[i]
      } else o.values[i] = r
      o.present[i] = 1
      any = true
    }
    if (any) series.push(o)
  }
  return { kind: "vector", series }
}

/** The labels two series match on: on(…) keeps those, ignoring(…) drops those and the name. */
const matchLabels = (m: VectorMatching, l: Labels): Labels =>
  m.on ? onlyLabels(l, new Set(m.labels)) : withoutLabels(l, new Set([...m.labels, "__name__"]))

const signature = (m: VectorMatching, l: Labels): string => labelsKey(matchLabels(m, l))

const describeMatch = (m: VectorMatching, l: Labels) => formatLabels(matchLabels(m, l))

const resultLabels = (_p: BinaryPlan, m: VectorMatching, lhs: Labels, rhs: Labels): Labels => {
  let l = lhs
  if (m.card === "one-to-one")
    l = m.on ? onlyLabels(l, new Set(m.labels)) : withoutLabels(l, new Set(m.labels))
  for (const name of m.include) l = setLabel(l, name, getLabel(rhs, name))
  return l
}

export const evalVectorVector = (
  p: BinaryPlan,
  ctx: EvalContext,
  lhs: VectorValue,
  rhs: VectorValue
): VectorValue => {
  const m = p.matching as VectorMatching
  const n = ctx.times.length
  if (isSetOp(p.op)) return setOp(p.op, m, n, lhs, rhs)
  const cmp = isComparison(p.op)
  // group_right: swap sides so "many" is always on the left.
  const swap = m.card === "one-to-many"
  const many = swap ? rhs : lhs
  const one = swap ? lhs : rhs
  const manySig = many.series.map((s) => signature(m, s.labels))
  const oneSig = one.series.map((s) => signature(m, s.labels))
  const out = new Map<string, StepSeries>()
  // After the swap for group_right, fill_left still fills the "many" side and fill_right the
  // "one" side, as the peer suite shows.
  const fillMany = m.fillLeft
  const fillOne = m.fillRight
  for (let i = 0; i < n; i++) {
    const oneBySig = new Map<string, StepSeries>()
    for (let k = 0; k < one.series.length; k++) {
      const s = one.series[k]
      if (!s.present[i]) continue
      const prev = oneBySig.get(oneSig[k])
      if (prev) {
        const side = swap ? "left" : "right"
        throw new QueryError(
          "execution",
          `found duplicate series for the match group ${describeMatch(m, s.labels)} on the ${side} hand-side of the operation: [${formatLabels(prev.labels)}, ${formatLabels(s.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`
        )
      }
      oneBySig.set(oneSig[k], s)
    }
    const matchedOne = new Set<string>()
    const seenMany = new Map<string, Labels>()
    for (let k = 0; k < many.series.length; k++) {
      const ms = many.series[k]
      if (!ms.present[i]) continue
      const sig = manySig[k]
      const os = oneBySig.get(sig)
      let oneValue: number
      if (os) oneValue = os.values[i]
      else if (fillOne !== undefined) oneValue = fillOne
      else continue
      matchedOne.add(sig)
      if (m.card === "one-to-one") {
        const prev = seenMany.get(sig)
        if (prev) {
          throw new QueryError(
            "execution",
            `found duplicate series for the match group ${describeMatch(m, ms.labels)} on the left hand-side of the operation: [${formatLabels(prev)}, ${formatLabels(ms.labels)}];many-to-many matching not allowed: matching labels must be unique on one side`
          )
        }
        seenMany.set(sig, ms.labels)
      }
      const oneH = os?.hs?.[i]
      const manyH = ms.hs?.[i]
      if (oneH || manyH) {
        const a: Sample = swap ? (oneH ?? oneValue) : (manyH ?? ms.values[i])
        const b: Sample = swap ? (manyH ?? ms.values[i]) : (oneH ?? oneValue)
        const r = histogramArith(p.op, a, b, ctx, p.pos, getLabel(ms.labels, "__name__"))
        if (r === undefined) continue
        if (typeof r === "number") {
          if (cmp && !p.returnBool) {
            if (r === 0) continue
            if (typeof a === "number")
              emit(out, p, m, n, i, ms.labels, os?.labels ?? [], a, cmp, ms, swap && !os)
            else emit(out, p, m, n, i, ms.labels, os?.labels ?? [], 0, cmp, ms, swap && !os, a)
          } else emit(out, p, m, n, i, ms.labels, os?.labels ?? [], r, cmp, ms, swap && !os)
          continue
        }
        emit(out, p, m, n, i, ms.labels, os?.labels ?? [], 0, cmp, ms, swap && !os, r)
        continue
      }
      const a = swap ? oneValue : ms.values[i]
      const b = swap ? ms.values[i] : oneValue
      let value = arith(p.op, a, b)
      if (cmp && !p.returnBool) {
        if (value === 0) continue
        value = a // the left operand's value (the fill value when the left side is missing)
      }
      // The "many" side's labels are the base (after the group_right swap too); a filled-in left
      // operand has no name to keep.
      emit(out, p, m, n, i, ms.labels, os?.labels ?? [], value, cmp, ms, swap && !os)
    }
    if (fillMany !== undefined) {
      for (const [sig, os] of oneBySig) {
        if (matchedOne.has(sig)) continue
        const a = swap ? os.values[i] : fillMany
        const b = swap ? fillMany : os.values[i]
        let value = arith(p.op, a, b)
        if (cmp && !p.returnBool) {
          if (value === 0) continue
          value = a
        }
        // Only the "one" side exists: its matching labels are the result's.
        emit(out, p, { ...m, card: "one-to-one" }, n, i, os.labels, os.labels, value, cmp, os, !swap)
      }
    }
  }
  return { kind: "vector", series: [...out.values()] }
}

const emit = (
  out: Map<string, StepSeries>,
  p: BinaryPlan,
  m: VectorMatching,
  n: number,
  i: number,
  lhsLabels: Labels,
  rhsLabels: Labels,
  value: number,
  cmp: boolean,
  source: StepSeries,
  leftMissing: boolean,
  h?: FloatHistogram
) => {
  const dropName = !cmp || p.returnBool || leftMissing
  let labels = resultLabels(p, m, lhsLabels, rhsLabels)
  if (dropName) labels = dropMetricName(labels)
  const key = labelsKey(labels)
  let o = out.get(key)
  if (!o) {
    out.set(
      key,
      (o = {
        labels,
        dropName: dropName || source.dropName,
        values: new Float64Array(n),
        present: new Uint8Array(n)
      })
    )
  } else if (o.present[i]) {
    throw new QueryError(
      "execution",
      "multiple matches for labels: grouping labels must ensure unique matches"
    )
  }
  o.values[i] = value
  o.present[i] = 1
  if (h) {
    if (!o.hs) o.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
    o.hs[i] = h
  }
}

const copyHistogram = (from: StepSeries, to: StepSeries, i: number, n: number) => {
  const h = from.hs?.[i]
  if (!h) return
  if (!to.hs) to.hs = new Array<FloatHistogram | undefined>(n).fill(undefined)
  to.hs[i] = h
}

const setOp = (
  op: BinaryOp,
  m: VectorMatching,
  n: number,
  lhs: VectorValue,
  rhs: VectorValue
): VectorValue => {
  const lSig = lhs.series.map((s) => signature(m, s.labels))
  const rSig = rhs.series.map((s) => signature(m, s.labels))
  const copy = (s: StepSeries): StepSeries => ({
    labels: s.labels,
    dropName: s.dropName,
    values: new Float64Array(n),
    present: new Uint8Array(n)
  })
  const lOut = lhs.series.map(copy)
  const rOut = op === "or" ? rhs.series.map(copy) : []
  for (let i = 0; i < n; i++) {
    const rightSigs = new Set<string>()
    for (let k = 0; k < rhs.series.length; k++) if (rhs.series[k].present[i]) rightSigs.add(rSig[k])
    const leftSigs = new Set<string>()
    for (let k = 0; k < lhs.series.length; k++) {
      const s = lhs.series[k]
      if (!s.present[i]) continue
      leftSigs.add(lSig[k])
      const keep = op === "or" || (op === "and" ? rightSigs.has(lSig[k]) : !rightSigs.has(lSig[k]))
      if (!keep) continue
      lOut[k].values[i] = s.values[i]
      lOut[k].present[i] = 1
      copyHistogram(s, lOut[k], i, n)
    }
    if (op === "or") {
      for (let k = 0; k < rhs.series.length; k++) {
        const s = rhs.series[k]
        if (!s.present[i] || leftSigs.has(rSig[k])) continue
        rOut[k].values[i] = s.values[i]
        rOut[k].present[i] = 1
        copyHistogram(s, rOut[k], i, n)
      }
    }
  }
  return { kind: "vector", series: [...lOut, ...rOut].filter((s) => s.present.some((x) => x)) }
}

export const evalBinary = (p: BinaryPlan, ctx: EvalContext, a: Value, b: Value): Value => {
  if (a.kind === "scalar" && b.kind === "scalar") return evalScalarScalar(p, a, b)
  if (a.kind === "vector" && b.kind === "scalar") return evalVectorScalar(p, a, b, false, ctx)
  if (a.kind === "scalar" && b.kind === "vector") return evalVectorScalar(p, b, a, true, ctx)
  if (a.kind === "vector" && b.kind === "vector") return evalVectorVector(p, ctx, a, b)
  throw new QueryError("execution", `binary operator ${p.op} not allowed between ${a.kind} and ${b.kind}`)
}
