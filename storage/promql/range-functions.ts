/**
 * Functions over one window of raw samples (`rate`, `*_over_time`, `deriv`, …) with Prometheus
 * 3.x semantics: rate/increase/delta extrapolate toward the window bounds (at most half an average
 * interval, never below zero for counters), sums use Kahan compensation. Each returns undefined
 * when the window yields no value. Plain arithmetic, no allocation per sample.
 */
import type { Window } from "./values.ts"

/** Kahan–Babuška step: returns the new sum and compensation in a reused pair. */
export const kahanInc = (inc: number, sum: number, c: number, out: [number, number]): void => {
  const t = sum + inc
  if (!Number.isFinite(t)) {
    out[0] = t
    out[1] = 0
    return
  }
  out[1] = Math.abs(sum) >= Math.abs(inc) ? c + (sum - t + inc) : c + (inc - t + sum)
  out[0] = t
}

const pair: [number, number] = [0, 0]

export const kahanSum = (vs: ArrayLike<number>, from: number, to: number): number => {
  let sum = 0
  let c = 0
  for (let i = from; i < to; i++) {
    kahanInc(vs[i], sum, c, pair)
    sum = pair[0]
    c = pair[1]
  }
  return sum + c
}

/** rate / increase / delta (isCounter, isRate), Prometheus 3 extrapolation. */
export const extrapolatedRate = (w: Window, isCounter: boolean, isRate: boolean): number | undefined => {
  const n = w.to - w.from
  if (n < 2) return undefined
  const ts = w.data.ts
  const vs = w.data.vs
  const firstT = ts[w.from]
  const lastT = ts[w.to - 1]
  const firstV = vs[w.from]
  let result = vs[w.to - 1] - firstV
  if (isCounter) {
    let prev = firstV
    for (let i = w.from + 1; i < w.to; i++) {
      if (vs[i] < prev) result += prev
      prev = vs[i]
    }
  }
  const rangeStartMs = w.startMs
  const rangeEndMs = w.endMs
  let durationToStart = (firstT - rangeStartMs) / 1000
  let durationToEnd = (rangeEndMs - lastT) / 1000
  const sampledInterval = (lastT - firstT) / 1000
  const averageDurationBetweenSamples = sampledInterval / (n - 1)
  const threshold = averageDurationBetweenSamples * 1.1
  if (durationToStart >= threshold) durationToStart = averageDurationBetweenSamples / 2
  if (durationToEnd >= threshold) durationToEnd = averageDurationBetweenSamples / 2
  // A counter cannot have been below zero: do not extrapolate the start past that point.
  if (isCounter && result > 0 && firstV >= 0) {
    const durationToZero = sampledInterval * (firstV / result)
    if (durationToZero < durationToStart) durationToStart = durationToZero
  }
  let factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
  if (isRate) factor /= (rangeEndMs - rangeStartMs) / 1000
  return result * factor
}

/** irate / idelta: the last two samples. */
export const instantValue = (w: Window, isRate: boolean): number | undefined => {
  if (w.to - w.from < 2) return undefined
  const ts = w.data.ts
  const vs = w.data.vs
  const last = vs[w.to - 1]
  const prev = vs[w.to - 2]
  let result = isRate && last < prev ? last : last - prev
  if (isRate) {
    const dt = (ts[w.to - 1] - ts[w.to - 2]) / 1000
    if (dt === 0) return undefined
    result /= dt
  }
  return result
}

/** Least squares over the window with x relative to interceptMs; [slope, intercept]. */
export const linearRegression = (w: Window, interceptMs: number): [number, number] => {
  const ts = w.data.ts
  const vs = w.data.vs
  let n = 0
  let sumX = 0
  let cX = 0
  let sumY = 0
  let cY = 0
  let sumXY = 0
  let cXY = 0
  let sumX2 = 0
  let cX2 = 0
  let constY = true
  const v0 = vs[w.from]
  for (let i = w.from; i < w.to; i++) {
    const x = (ts[i] - interceptMs) / 1000
    const y = vs[i]
    if (y !== v0) constY = false
    n++
    kahanInc(x, sumX, cX, pair)
    sumX = pair[0]
    cX = pair[1]
    kahanInc(y, sumY, cY, pair)
    sumY = pair[0]
    cY = pair[1]
    kahanInc(x * y, sumXY, cXY, pair)
    sumXY = pair[0]
    cXY = pair[1]
    kahanInc(x * x, sumX2, cX2, pair)
    sumX2 = pair[0]
    cX2 = pair[1]
  }
  if (constY && Number.isFinite(v0)) return [0, v0]
  sumX += cX
  sumY += cY
  sumXY += cXY
  sumX2 += cX2
  const covXY = sumXY - (sumX * sumY) / n
  const varX = sumX2 - (sumX * sumX) / n
  const slope = covXY / varX
  const intercept = sumY / n - (slope * sumX) / n
  return [slope, intercept]
}

export const avgOverTime = (vs: ArrayLike<number>, from: number, to: number): number => {
  const n = to - from
  let sum = 0
  let c = 0
  let mean = 0
  let cMean = 0
  let incremental = false
  for (let i = from; i < to; i++) {
    const v = vs[i]
    if (!incremental) {
      kahanInc(v, sum, c, pair)
      if (Number.isFinite(pair[0]) || !Number.isFinite(v)) {
        sum = pair[0]
        c = pair[1]
        continue
      }
      // The sum overflowed: continue with an incremental mean, as Prometheus does.
      incremental = true
      mean = sum / (i - from)
      cMean = c / (i - from)
    }
    const count = i - from + 1
    const q = (count - 1) / count
    kahanInc(v / count, q * mean, q * cMean, pair)
    mean = pair[0]
    cMean = pair[1]
  }
  if (incremental) return mean + cMean
  return (sum + c) / n
}

/** Population variance with Kahan-compensated Welford updates. */
export const varianceOverTime = (vs: ArrayLike<number>, from: number, to: number): number => {
  let count = 0
  let mean = 0
  let cMean = 0
  let aux = 0
  let cAux = 0
  for (let i = from; i < to; i++) {
    const v = vs[i]
    count++
    const delta = v - (mean + cMean)
    kahanInc(delta / count, mean, cMean, pair)
    mean = pair[0]
    cMean = pair[1]
    kahanInc(delta * (v - (mean + cMean)), aux, cAux, pair)
    aux = pair[0]
    cAux = pair[1]
  }
  return (aux + cAux) / count
}

/** Go's sort.Float64s order: NaN first, then ascending. */
export const goFloatOrder = (a: number, b: number): number =>
  Number.isNaN(a) ? (Number.isNaN(b) ? 0 : -1) : Number.isNaN(b) ? 1 : a - b

/** Prometheus's quantile over a set of values (sorted copy), with its rules for φ outside [0, 1]. */
export const quantile = (q: number, values: number[]): number => {
  if (values.length === 0 || Number.isNaN(q)) return Number.NaN
  if (q < 0) return Number.NEGATIVE_INFINITY
  if (q > 1) return Number.POSITIVE_INFINITY
  values.sort(goFloatOrder)
  const n = values.length
  const rank = q * (n - 1)
  const lower = Math.max(0, Math.floor(rank))
  const upper = Math.min(n - 1, lower + 1)
  const weight = rank - Math.floor(rank)
  return values[lower] * (1 - weight) + values[upper] * weight
}

export const windowValues = (w: Window): number[] => {
  const out: number[] = []
  for (let i = w.from; i < w.to; i++) out.push(w.data.vs[i])
  return out
}

/** double_exponential_smoothing (formerly holt_winters). */
export const doubleExponentialSmoothing = (w: Window, sf: number, tf: number): number | undefined => {
  const n = w.to - w.from
  if (n < 2) return undefined
  const vs = w.data.vs
  let s0 = 0
  let s1 = vs[w.from]
  let b = vs[w.from + 1] - vs[w.from]
  for (let i = 1; i < n; i++) {
    const x = vs[w.from + i]
    if (i > 1) b = tf * (s1 - s0) + (1 - tf) * b
    s0 = s1
    s1 = sf * x + (1 - sf) * (s0 + b)
  }
  return s1
}
