/**
 * The bridge from the async Queryable seam to the synchronous engine: before evaluating, fetch
 * every selector's series over exactly the range the plan reads (select-bounds.ts), then hand the
 * engine an EngineStorage over those arrays.
 */
import { Effect, type Scope } from "effect"
import {
  collectSamples,
  type Queryable,
  type StorageLimitError,
  type StorageUnavailableError
} from "../queryable.ts"
import type { EngineOptions, EngineStorage } from "./engine-context.ts"
import type { FloatHistogram } from "./histogram.ts"
import type { Plan, PlanMatcher } from "./plan.ts"
import { selectBounds } from "./select-bounds.ts"
import type { RawSeries } from "./values.ts"

const matchersKey = (ms: ReadonlyArray<PlanMatcher>) => JSON.stringify(ms)

export const prefetch = (
  queryable: Queryable,
  plan: Plan,
  range: { readonly startMs: number; readonly endMs: number; readonly stepMs: number },
  options: Pick<EngineOptions, "lookbackDeltaMs" | "subqueryStepMs">
): Effect.Effect<
  { storage: EngineStorage; warnings: ReadonlyArray<string> },
  StorageUnavailableError | StorageLimitError,
  Scope.Scope
> =>
  Effect.gen(function* () {
    const bounds = selectBounds(plan, range, options)
    if (bounds.length === 0) return { storage: { select: () => [] }, warnings: [] }
    const lo = Math.min(...bounds.map((b) => b.minMs))
    const hi = Math.max(...bounds.map((b) => b.maxMs))
    const querier = yield* queryable.querier(lo, hi)
    const fetched = new Map<string, { minMs: number; maxMs: number; series: RawSeries[] }>()
    const warnings: string[] = []
    for (const b of bounds) {
      const key = matchersKey(b.matchers)
      const prev = fetched.get(key)
      const minMs = Math.min(b.minMs, prev?.minMs ?? b.minMs)
      const maxMs = Math.max(b.maxMs, prev?.maxMs ?? b.maxMs)
      if (prev && prev.minMs <= minMs && prev.maxMs >= maxMs) continue
      const set = yield* querier.select(b.matchers, { startMs: minMs, endMs: maxMs })
      warnings.push(...set.warnings)
      const series: RawSeries[] = []
      while (set.next()) {
        const s = set.at()
        series.push({ labels: s.labels, ...collectSamples(s) })
      }
      fetched.set(key, { minMs, maxMs, series })
    }
    const storage: EngineStorage = {
      select: (matchers, minMs, maxMs) => {
        const f = fetched.get(matchersKey(matchers))
        if (!f) return []
        return f.series
          .map((s) => {
            let from = 0
            while (from < s.ts.length && s.ts[from] < minMs) from++
            let to = from
            while (to < s.ts.length && s.ts[to] <= maxMs) to++
            const out: RawSeries = {
              labels: s.labels,
              ts: (s.ts as Float64Array).subarray(from, to),
              vs: (s.vs as Float64Array).subarray(from, to)
            }
            return s.hs ? { ...out, hs: (s.hs as Array<FloatHistogram | undefined>).slice(from, to) } : out
          })
          .filter((s) => s.ts.length > 0)
      }
    }
    return { storage, warnings }
  })
