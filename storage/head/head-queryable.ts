/**
 * The head as a Queryable: reads are in-memory copies of the chunks in range, so the SeriesSet
 * stays valid while appends continue. No I/O, so it never fails.
 */
import { Effect } from "effect"
import { compareUtf8 } from "../promql/values.ts"
import { ArraySeriesSet, arraySeries, type Queryable } from "../queryable.ts"
import type { Head } from "./head.ts"

export const headQueryable = (head: Head): Queryable => ({
  querier: (minTimeMs, maxTimeMs) =>
    Effect.succeed({
      select: (matchers, hints) =>
        Effect.sync(() => {
          const lo = Math.max(minTimeMs, hints?.startMs ?? minTimeMs)
          const hi = Math.min(maxTimeMs, hints?.endMs ?? maxTimeMs)
          return new ArraySeriesSet(
            head.select(matchers, lo, hi).map((s) => arraySeries(s.labels, s.ts, s.vs, s.hs))
          )
        }),
      labelNames: (matchers) =>
        Effect.sync(() => {
          if (matchers.length === 0) return head.labelNames()
          const names = new Set<string>()
          for (const s of head.select(matchers, minTimeMs, maxTimeMs))
            for (let i = 0; i < s.labels.length; i += 2) names.add(s.labels[i])
          return [...names].sort(compareUtf8)
        }),
      labelValues: (name, matchers) =>
        Effect.sync(() => {
          if (matchers.length === 0) return head.labelValues(name)
          const values = new Set<string>()
          for (const s of head.select(matchers, minTimeMs, maxTimeMs)) {
            for (let i = 0; i < s.labels.length; i += 2) if (s.labels[i] === name) values.add(s.labels[i + 1])
          }
          return [...values].sort(compareUtf8)
        })
    })
})
