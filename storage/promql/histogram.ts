/**
 * Native histograms as the engine sees them: float histograms with dense bucket runs (offset +
 * counts) for the positive and negative side, a zero bucket, and custom bounds for schema -53.
 * The arithmetic PromQL defines on them: addition (lower schema wins, wider zero bucket wins,
 * custom bounds reconciled to their common subset), scaling, counter-reset detection, and the
 * bucket walk quantile/fraction/stddev use. Values are treated as immutable.
 */
import { exponentialBoundBase } from "./exponential-bounds.ts"

export type ResetHint = "unknown" | "reset" | "not_reset" | "gauge"

export interface FloatHistogram {
  readonly schema: number
  readonly zeroThreshold: number
  readonly zeroCount: number
  readonly count: number
  readonly sum: number
  /** Count of positive bucket `pOffset + i` at index i. */
  readonly pOffset: number
  readonly pos: ReadonlyArray<number>
  readonly nOffset: number
  readonly neg: ReadonlyArray<number>
  /** Upper bounds of the custom buckets (schema -53), +Inf implied. */
  readonly customValues?: ReadonlyArray<number>
  readonly hint: ResetHint
}

export const customSchema = -53

export const isCustom = (h: FloatHistogram): boolean => h.schema === customSchema

export const isHistogram = (x: unknown): x is FloatHistogram =>
  typeof x === "object" && x !== null && "schema" in x && "pos" in x

/** Exponential bucket index at a schema `d` steps lower. */
const reduceIndex = (i: number, d: number) => (d === 0 ? i : Math.ceil(i / 2 ** d))

const reduceRun = (v: ReadonlyArray<number>, offset: number, d: number): [number[], number] => {
  if (d === 0 || v.length === 0) return [[...v], offset]
  const lo = reduceIndex(offset, d)
  const out = new Array<number>(reduceIndex(offset + v.length - 1, d) - lo + 1).fill(0)
  for (let i = 0; i < v.length; i++) out[reduceIndex(offset + i, d) - lo] += v[i]
  return [out, lo]
}

/** The histogram at a lower (or equal) exponential schema. */
export const reduceSchema = (h: FloatHistogram, schema: number): FloatHistogram => {
  if (schema >= h.schema || isCustom(h)) return h
  const d = h.schema - schema
  const [pos, pOffset] = reduceRun(h.pos, h.pOffset, d)
  const [neg, nOffset] = reduceRun(h.neg, h.nOffset, d)
  return { ...h, schema, pos, pOffset, neg, nOffset }
}

/** Upper bound of exponential bucket i (positive side). */
/**
 * Upper bound of exponential bucket `i` as Prometheus computes it: powers of two for schemas <= 0,
 * the observed base table (exponential-bounds.ts) scaled by a power of two for schemas 1..8
 * (`2 ** x` is off by an ulp or two for some of them).
 */
export const exponentialBound = (schema: number, i: number): number => {
  if (schema <= 0) return 2 ** (i * 2 ** -schema)
  const base = exponentialBoundBase[schema]
  if (base === undefined) return 2 ** (i * 2 ** -schema)
  const n = base.length
  const k = ((i % n) + n) % n
  return base[k] * 2 ** ((i - k) / n + 1)
}

export const expUpper = exponentialBound

/** Moves buckets whose upper bound is ≤ the new threshold into the zero bucket. */
const widenZero = (h: FloatHistogram, threshold: number): FloatHistogram => {
  if (threshold <= h.zeroThreshold || isCustom(h)) return h
  let zeroCount = h.zeroCount
  let t = threshold
  const cut = (v: ReadonlyArray<number>, offset: number): [number[], number] => {
    let k = 0
    while (k < v.length) {
      const lower = expUpper(h.schema, offset + k - 1)
      if (lower >= t) break
      // A bucket straddling the threshold is swallowed whole: the threshold moves to its top.
      const upper = expUpper(h.schema, offset + k)
      if (upper > t) t = upper
      zeroCount += v[k]
      k++
    }
    return [v.slice(k), offset + k]
  }
  let [pos, pOffset] = cut(h.pos, h.pOffset)
  let [neg, nOffset] = cut(h.neg, h.nOffset)
  if (t > threshold) {
    // The threshold grew: the other side may have to give up more buckets.
    ;[pos, pOffset] = cut(pos, pOffset)
    ;[neg, nOffset] = cut(neg, nOffset)
  }
  return { ...h, zeroCount, zeroThreshold: t, pos, pOffset, neg, nOffset }
}

const addRuns = (
  a: ReadonlyArray<number>,
  ao: number,
  b: ReadonlyArray<number>,
  bo: number,
  k: number
): [number[], number] => {
  if (b.length === 0) return [[...a], ao]
  if (a.length === 0) return [b.map((x) => x * k), bo]
  const lo = Math.min(ao, bo)
  const hi = Math.max(ao + a.length, bo + b.length)
  const out = new Array<number>(hi - lo).fill(0)
  for (let i = 0; i < a.length; i++) out[ao + i - lo] += a[i]
  for (let i = 0; i < b.length; i++) out[bo + i - lo] += k * b[i]
  return [out, lo]
}

/** Custom bounds both histograms share; buckets of each merged onto them. */
const reconcileCustom = (h: FloatHistogram, bounds: ReadonlyArray<number>): FloatHistogram => {
  const cv = h.customValues ?? []
  const out = new Array<number>(bounds.length + 1).fill(0)
  for (let i = 0; i < h.pos.length; i++) {
    const idx = h.pOffset + i
    const upper = idx < cv.length ? cv[idx] : Number.POSITIVE_INFINITY
    let j = 0
    while (j < bounds.length && bounds[j] < upper) j++
    out[j] += h.pos[i]
  }
  return { ...h, customValues: bounds, pos: out, pOffset: 0 }
}

export type AddProblem = "incompatible" | "reconciled" | undefined

/**
 * a + k·b. Returns the problem Prometheus annotates: "incompatible" (exponential with custom
 * buckets; no result) or "reconciled" (different custom bounds, merged to the common ones).
 */
export const addHistograms = (
  a0: FloatHistogram,
  b0: FloatHistogram,
  k = 1
): { h?: FloatHistogram; problem: AddProblem } => {
  let a = a0
  let b = b0
  let problem: AddProblem
  if (isCustom(a) !== isCustom(b)) return { problem: "incompatible" }
  if (isCustom(a)) {
    const ac = a.customValues ?? []
    const bc = b.customValues ?? []
    if (ac.length !== bc.length || ac.some((x, i) => x !== bc[i])) {
      const common = ac.filter((x) => bc.includes(x))
      a = reconcileCustom(a, common)
      b = reconcileCustom(b, common)
      problem = "reconciled"
    }
  } else {
    const schema = Math.min(a.schema, b.schema)
    a = reduceSchema(a, schema)
    b = reduceSchema(b, schema)
    const zt = Math.max(a.zeroThreshold, b.zeroThreshold)
    a = widenZero(a, zt)
    b = widenZero(b, a.zeroThreshold)
    a = widenZero(a, b.zeroThreshold)
  }
  const [pos, pOffset] = addRuns(a.pos, a.pOffset, b.pos, b.pOffset, k)
  const [neg, nOffset] = addRuns(a.neg, a.nOffset, b.neg, b.nOffset, k)
  return {
    h: {
      ...a,
      count: a.count + k * b.count,
      sum: a.sum + k * b.sum,
      zeroCount: a.zeroCount + k * b.zeroCount,
      pos,
      pOffset,
      neg,
      nOffset
    },
    problem
  }
}

export const scaleHistogram = (h: FloatHistogram, f: number): FloatHistogram => ({
  ...h,
  count: h.count * f,
  sum: h.sum * f,
  zeroCount: h.zeroCount * f,
  pos: h.pos.map((x) => x * f),
  neg: h.neg.map((x) => x * f)
})

export const withHint = (h: FloatHistogram, hint: ResetHint): FloatHistogram =>
  h.hint === hint ? h : { ...h, hint }

/** Whether `cur` following `prev` means the counter was reset. */
export const detectReset = (prev: FloatHistogram, cur: FloatHistogram): boolean => {
  if (cur.hint === "reset") return true
  if (cur.hint === "not_reset" || cur.hint === "gauge") return false
  if (cur.count < prev.count) return true
  if (isCustom(prev) !== isCustom(cur)) return true
  if (isCustom(cur)) {
    const a = prev.customValues ?? []
    const b = cur.customValues ?? []
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) return true
  } else {
    if (cur.schema > prev.schema) return true
    if (cur.zeroThreshold < prev.zeroThreshold) return true
  }
  let p = prev
  const c = cur
  if (!isCustom(cur)) {
    p = reduceSchema(p, c.schema)
    if (c.zeroThreshold > p.zeroThreshold) p = widenZero(p, c.zeroThreshold)
  }
  if (c.zeroCount < p.zeroCount) return true
  const decreased = (pv: ReadonlyArray<number>, po: number, cv: ReadonlyArray<number>, co: number) => {
    for (let i = 0; i < pv.length; i++) {
      if (pv[i] === 0) continue
      const j = po + i - co
      const x = j >= 0 && j < cv.length ? cv[j] : 0
      if (x < pv[i]) return true
    }
    return false
  }
  return decreased(p.pos, p.pOffset, c.pos, c.pOffset) || decreased(p.neg, p.nOffset, c.neg, c.nOffset)
}

export interface Bucket {
  readonly lower: number
  readonly upper: number
  readonly count: number
  /** Zero bucket (linear interpolation, straddles 0). */
  readonly zero: boolean
}

/** All buckets in ascending order of bounds: negative, zero, positive (empty ones included). */
export const bucketsAscending = (h: FloatHistogram): Bucket[] => {
  const out: Bucket[] = []
  if (isCustom(h)) {
    const cv = h.customValues ?? []
    for (let i = 0; i < h.pos.length; i++) {
      const idx = h.pOffset + i
      const lower = idx === 0 ? Number.NEGATIVE_INFINITY : cv[idx - 1]
      const upper = idx < cv.length ? cv[idx] : Number.POSITIVE_INFINITY
      out.push({ lower, upper, count: h.pos[i], zero: false })
    }
    return out
  }
  for (let i = h.neg.length - 1; i >= 0; i--) {
    const idx = h.nOffset + i
    out.push({
      lower: -expUpper(h.schema, idx),
      upper: -expUpper(h.schema, idx - 1),
      count: h.neg[i],
      zero: false
    })
  }
  out.push({ lower: -h.zeroThreshold, upper: h.zeroThreshold, count: h.zeroCount, zero: true })
  for (let i = 0; i < h.pos.length; i++) {
    const idx = h.pOffset + i
    out.push({
      lower: expUpper(h.schema, idx - 1),
      upper: expUpper(h.schema, idx),
      count: h.pos[i],
      zero: false
    })
  }
  return out
}

const hasAny = (v: ReadonlyArray<number>) => v.some((x) => x !== 0)

/** The zero bucket's effective bounds: it does not reach below 0 if nothing is negative, etc. */
const zeroBounds = (h: FloatHistogram, b: Bucket): [number, number] => {
  const negs = hasAny(h.neg)
  const poss = hasAny(h.pos)
  if (!negs && poss) return [0, b.upper]
  if (negs && !poss) return [b.lower, 0]
  return [b.lower, b.upper]
}

/** Where rank fraction f of bucket b lies. */
const interpolate = (h: FloatHistogram, b: Bucket, f: number): number => {
  if (b.zero) {
    const [lo, hi] = zeroBounds(h, b)
    return lo + (hi - lo) * f
  }
  if (isCustom(h)) {
    let lo = b.lower
    if (lo === Number.NEGATIVE_INFINITY) {
      if (b.upper <= 0) return b.upper
      lo = 0
    }
    if (b.upper === Number.POSITIVE_INFINITY) return lo
    return lo + (b.upper - lo) * f
  }
  const logLo = Math.log2(Math.abs(b.lower))
  const logHi = Math.log2(Math.abs(b.upper))
  const sign = b.lower < 0 ? -1 : 1
  if (sign < 0) return -(2 ** (logLo + (logHi - logLo) * f))
  return 2 ** (logLo + (logHi - logLo) * f)
}

export const histogramQuantile = (q: number, h: FloatHistogram): number => {
  if (Number.isNaN(q)) return Number.NaN
  if (q < 0) return Number.NEGATIVE_INFINITY
  if (q > 1) return Number.POSITIVE_INFINITY
  if (h.count === 0 || Number.isNaN(h.count)) return Number.NaN
  const buckets = bucketsAscending(h).filter((b) => b.count !== 0 || b.zero)
  // Observations not in any bucket (NaN) count above everything.
  const rank = q * h.count
  let cum = 0
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]
    if (b.count === 0) continue
    if (cum + b.count >= rank) {
      const f = (rank - cum) / b.count
      return interpolate(h, b, f)
    }
    cum += b.count
  }
  // Rank beyond the buckets (NaN observations): the top of the highest bucket.
  const last = [...buckets].reverse().find((b) => b.count !== 0)
  if (!last) return Number.NaN
  if (last.zero) return zeroBounds(h, last)[1]
  return last.upper === Number.POSITIVE_INFINITY && isCustom(h) ? last.lower : last.upper
}

/** Share of bucket b below x (interpolated as the quantile is). */
const belowIn = (h: FloatHistogram, b: Bucket, x: number): number => {
  let lo = b.lower
  let hi = b.upper
  if (b.zero) [lo, hi] = zeroBounds(h, b)
  if (x >= hi) return 1
  if (x <= lo) return 0
  if (b.zero || isCustom(h)) {
    if (lo === Number.NEGATIVE_INFINITY) {
      if (hi <= 0) return 0
      lo = 0
      if (x <= 0) return 0
    }
    if (hi === Number.POSITIVE_INFINITY) return 0
    return (x - lo) / (hi - lo)
  }
  const a = Math.log2(Math.abs(lo))
  const c = Math.log2(Math.abs(hi))
  return (Math.log2(Math.abs(x)) - a) / (c - a)
}

export const histogramFraction = (lower: number, upper: number, h: FloatHistogram): number => {
  if (h.count === 0 || Number.isNaN(h.count) || Number.isNaN(lower) || Number.isNaN(upper)) return Number.NaN
  if (lower >= upper) return 0
  let below = 0
  let belowLower = 0
  for (const b of bucketsAscending(h)) {
    if (b.count === 0) continue
    below += b.count * belowIn(h, b, upper)
    belowLower += b.count * belowIn(h, b, lower)
  }
  return (below - belowLower) / h.count
}

/** Variance of the observations from bucket midpoints (geometric for exponential buckets). */
export const histogramVariance = (h: FloatHistogram): number => {
  if (h.count === 0) return Number.NaN
  const mean = h.sum / h.count
  let acc = 0
  let comp = 0
  for (const b of bucketsAscending(h)) {
    if (b.count === 0) continue
    let mid: number
    if (b.zero || (b.lower <= 0 && b.upper >= 0)) mid = 0
    else if (isCustom(h)) {
      if (b.upper === Number.POSITIVE_INFINITY) mid = b.lower
      else if (b.lower === Number.NEGATIVE_INFINITY) mid = b.upper
      else mid = (b.lower + b.upper) / 2
    } else {
      mid = Math.sqrt(b.lower * b.upper)
      if (b.upper < 0) mid = -mid
    }
    const d = mid - mean
    const inc = b.count * d * d
    const t = acc + inc
    comp += Math.abs(acc) >= Math.abs(inc) ? acc - t + inc : inc - t + acc
    acc = t
  }
  return (acc + comp) / h.count
}

const approx = (a: number, b: number): boolean => {
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  if (a === b) return true
  const diff = Math.abs(a - b)
  if (a === 0 || b === 0) return diff < 1e-6 * 2.2250738585072014e-308
  return diff / Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE) < 1e-6
}

const nonZero = (v: ReadonlyArray<number>, offset: number): Map<number, number> => {
  const m = new Map<number, number>()
  for (let i = 0; i < v.length; i++) if (v[i] !== 0) m.set(offset + i, v[i])
  return m
}

/** The peer suite's comparison: compacted spans equal, numbers within 1e-6. */
export const histogramsMatch = (
  want: FloatHistogram,
  got: FloatHistogram,
  checkHint: boolean
): string | undefined => {
  if (want.schema !== got.schema) return `schema ${want.schema} vs ${got.schema}`
  if (!approx(want.count, got.count)) return `count ${want.count} vs ${got.count}`
  if (!approx(want.sum, got.sum)) return `sum ${want.sum} vs ${got.sum}`
  if (isCustom(want)) {
    const a = want.customValues ?? []
    const b = got.customValues ?? []
    if (a.length !== b.length || a.some((x, i) => x !== b[i])) return "custom values differ"
  }
  if (want.zeroThreshold !== got.zeroThreshold)
    return `zero threshold ${want.zeroThreshold} vs ${got.zeroThreshold}`
  if (!approx(want.zeroCount, got.zeroCount)) return `zero count ${want.zeroCount} vs ${got.zeroCount}`
  for (const [side, a, b] of [
    ["positive", nonZero(want.pos, want.pOffset), nonZero(got.pos, got.pOffset)],
    ["negative", nonZero(want.neg, want.nOffset), nonZero(got.neg, got.nOffset)]
  ] as const) {
    if (a.size !== b.size) return `${side} buckets ${JSON.stringify([...a])} vs ${JSON.stringify([...b])}`
    for (const [i, x] of a) {
      const y = b.get(i)
      if (y === undefined || !approx(x, y))
        return `${side} buckets ${JSON.stringify([...a])} vs ${JSON.stringify([...b])}`
    }
  }
  if (checkHint && want.hint !== got.hint) return `counter reset hint ${want.hint} vs ${got.hint}`
  return undefined
}

export const formatHistogram = (h: FloatHistogram): string =>
  `{{schema:${h.schema} count:${h.count} sum:${h.sum}${h.zeroCount || h.zeroThreshold ? ` z_bucket:${h.zeroCount} z_bucket_w:${h.zeroThreshold}` : ""}${h.pos.length ? ` offset:${h.pOffset} buckets:[${h.pos.join(" ")}]` : ""}${h.neg.length ? ` n_offset:${h.nOffset} n_buckets:[${h.neg.join(" ")}]` : ""}${h.customValues ? ` custom_values:[${h.customValues.join(" ")}]` : ""} ${h.hint}}}`
