/**
 * Merges several Queryables into one: series with equal labels are combined and samples at the
 * same timestamp kept once (a freshly cut block and the head that still holds the same data
 * overlap). Partial-failure policy: every source is required; one that fails fails the query (a
 * block store that may be missing is wrapped by its owner to turn failures into warnings).
 */
import { Effect } from "effect"
import type { FloatHistogram } from "../promql/histogram.ts"
import { compareLabels, compareUtf8, type Labels } from "../promql/values.ts"
import {
  ArraySeriesSet,
  arraySeries,
  type Querier,
  type Queryable,
  type SampleIterator,
  type Series
} from "../queryable.ts"

const mergeSamples = (parts: ReadonlyArray<Series>): Series => {
  if (parts.length === 1) return parts[0]
  const ts: number[] = []
  const vs: number[] = []
  let hs: Array<FloatHistogram | undefined> | undefined
  const its: SampleIterator[] = parts.map((p) => p.samples())
  const alive = its.map((it) => it.next())
  for (;;) {
    let best = -1
    for (let k = 0; k < its.length; k++)
      if (alive[k] && (best < 0 || its[k].timeMs < its[best].timeMs)) best = k
    if (best < 0) break
    const t = its[best].timeMs
    const h = its[best].histogram
    if (h !== undefined && !hs) hs = new Array<FloatHistogram | undefined>(ts.length).fill(undefined)
    hs?.push(h)
    ts.push(t)
    vs.push(its[best].value)
    for (let k = 0; k < its.length; k++) while (alive[k] && its[k].timeMs === t) alive[k] = its[k].next()
  }
  const values = new Float64Array(vs.length)
  for (let i = 0; i < vs.length; i++) values[i] = vs[i]
  return arraySeries(parts[0].labels, Float64Array.from(ts), values, hs)
}

export const mergeQueryable = (sources: ReadonlyArray<Queryable>): Queryable => ({
  querier: (minTimeMs, maxTimeMs) =>
    Effect.gen(function* () {
      const queriers: Querier[] = []
      for (const s of sources) queriers.push(yield* s.querier(minTimeMs, maxTimeMs))
      return {
        select: (matchers, hints) =>
          Effect.gen(function* () {
            const byKey = new Map<string, { labels: Labels; parts: Series[] }>()
            const warnings: string[] = []
            for (const q of queriers) {
              const set = yield* q.select(matchers, hints)
              warnings.push(...set.warnings)
              while (set.next()) {
                const s = set.at()
                const key = s.labels.join("\xff")
                let e = byKey.get(key)
                if (!e) byKey.set(key, (e = { labels: s.labels, parts: [] }))
                e.parts.push(s)
              }
            }
            const merged = [...byKey.values()]
              .sort((a, b) => compareLabels(a.labels, b.labels))
              .map((e) => mergeSamples(e.parts))
            return new ArraySeriesSet(merged, warnings)
          }),
        labelNames: (matchers) =>
          Effect.map(
            Effect.forEach(queriers, (q) => q.labelNames(matchers)),
            (lists) => [...new Set(lists.flat())].sort(compareUtf8)
          ),
        labelValues: (name, matchers) =>
          Effect.map(
            Effect.forEach(queriers, (q) => q.labelValues(name, matchers)),
            (lists) => [...new Set(lists.flat())].sort(compareUtf8)
          )
      } satisfies Querier
    })
})
