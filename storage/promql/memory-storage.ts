/**
 * An in-memory EngineStorage: series as sorted arrays, matched with Prometheus's matcher rules
 * (anchored RE2 regexes, a missing label equals ""). For the engine's own tests and the peer
 * suite runner; real storage goes through the Queryable seam.
 */
import { RE2JS } from "re2js"
import type { EngineStorage } from "./engine-context.ts"
import { detectReset, type FloatHistogram, withHint } from "./histogram.ts"
import type { PlanMatcher } from "./plan.ts"
import { compareLabels, getLabel, type Labels, type RawSeries } from "./values.ts"

const compiled = new Map<string, RE2JS>()
const regex = (v: string) => {
  let r = compiled.get(v)
  if (!r) compiled.set(v, (r = RE2JS.compile(`^(?:${v})$`, RE2JS.DOTALL)))
  return r
}

export const matches = (m: PlanMatcher, value: string): boolean => {
  switch (m.type) {
    case "=":
      return value === m.value
    case "!=":
      return value !== m.value
    case "=~":
      return regex(m.value).matches(value)
    case "!~":
      return !regex(m.value).matches(value)
  }
}

export class MemoryStorage implements EngineStorage {
  private series: Array<{
    labels: Labels
    ts: number[]
    vs: Float64Array
    n: number
    hs?: Array<FloatHistogram | undefined>
  }> = []
  private byKey = new Map<string, number>()

  clear(): void {
    this.series = []
    this.byKey.clear()
  }

  /** Appends samples to a series (created on first use); times must grow per series. */
  append(labels: Labels, t: number, v: number, h?: FloatHistogram): void {
    const key = labels.join("\xff")
    let i = this.byKey.get(key)
    if (i === undefined) {
      i = this.series.length
      this.byKey.set(key, i)
      this.series.push({ labels, ts: [], vs: new Float64Array(16), n: 0 })
    }
    const s = this.series[i]
    if (s.n === s.vs.length) {
      const grown = new Float64Array(s.n * 2)
      grown.set(s.vs)
      s.vs = grown
    }
    if (h) h = storedHint(h, s.n > 0 ? s.hs?.[s.n - 1] : undefined)
    if (h && !s.hs) s.hs = new Array<FloatHistogram | undefined>(s.n).fill(undefined)
    s.hs?.push(h)
    s.ts.push(t)
    s.vs[s.n++] = h ? 0 : v
  }

  select(matchers: ReadonlyArray<PlanMatcher>, minMs: number, maxMs: number): ReadonlyArray<RawSeries> {
    const out: RawSeries[] = []
    for (const s of this.series) {
      if (!matchers.every((m) => matches(m, getLabel(s.labels, m.name)))) continue
      let from = 0
      while (from < s.n && s.ts[from] < minMs) from++
      let to = from
      while (to < s.n && s.ts[to] <= maxMs) to++
      if (to === from) continue
      out.push(
        s.hs
          ? { labels: s.labels, ts: s.ts.slice(from, to), vs: s.vs.slice(from, to), hs: s.hs.slice(from, to) }
          : { labels: s.labels, ts: s.ts.slice(from, to), vs: s.vs.slice(from, to) }
      )
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels))
  }
}

/**
 * The counter-reset hint a histogram reads back with, as the TSDB's chunks give it: the first of a
 * chunk (a new series, a reset, a changed layout) reads unknown, later ones not_reset, gauges gauge.
 */
const storedHint = (h: FloatHistogram, prev: FloatHistogram | undefined): FloatHistogram => {
  if (h.hint === "gauge") return h
  if (!prev || prev.hint === "gauge") return withHint(h, "unknown")
  const sameLayout =
    prev.schema === h.schema &&
    prev.zeroThreshold === h.zeroThreshold &&
    JSON.stringify(prev.customValues ?? []) === JSON.stringify(h.customValues ?? [])
  if (!sameLayout || h.hint === "reset" || detectReset(prev, withHint(h, "unknown")))
    return withHint(h, "unknown")
  return withHint(h, "not_reset")
}
