/**
 * An in-memory EngineStorage: series as sorted arrays, matched with Prometheus's matcher rules
 * (anchored RE2 regexes, a missing label equals ""). For the engine's own tests and the peer
 * suite runner; real storage goes through the Queryable seam.
 */
import { RE2JS } from "re2js"
import type { EngineStorage } from "./engine-context.ts"
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
  private series: Array<{ labels: Labels; ts: number[]; vs: Float64Array; n: number }> = []
  private byKey = new Map<string, number>()

  clear(): void {
    this.series = []
    this.byKey.clear()
  }

  /** Appends samples to a series (created on first use); times must grow per series. */
  append(labels: Labels, t: number, v: number): void {
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
    s.ts.push(t)
    s.vs[s.n++] = v
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
      out.push({ labels: s.labels, ts: s.ts.slice(from, to), vs: s.vs.slice(from, to) })
    }
    return out.sort((a, b) => compareLabels(a.labels, b.labels))
  }
}
