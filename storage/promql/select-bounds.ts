/**
 * Which data a query needs: for every selector of a plan, the time range its evaluation will read
 * (lookback, ranges, offsets, `@`, subquery windows included). The engine's caller fetches exactly
 * that through the Queryable seam before evaluating synchronously.
 */

import { durationMs } from "./durations.ts"
import type { EngineOptions } from "./engine-context.ts"
import type { AtPlan, Plan, PlanMatcher } from "./plan.ts"

export interface SelectBounds {
  readonly matchers: ReadonlyArray<PlanMatcher>
  readonly minMs: number
  readonly maxMs: number
}

interface Span {
  readonly lo: number
  readonly hi: number
}

export const selectBounds = (
  plan: Plan,
  range: { readonly startMs: number; readonly endMs: number; readonly stepMs: number },
  options: Pick<EngineOptions, "lookbackDeltaMs" | "subqueryStepMs">
): SelectBounds[] => {
  const ctx = { queryStartMs: range.startMs, queryEndMs: range.endMs, queryStepMs: range.stepMs }
  const out: SelectBounds[] = []
  const readSpan = (span: Span, at: AtPlan | undefined, offsetMs: number): Span => {
    if (at) {
      const t = at.kind === "time" ? at.ms : at.kind === "start" ? range.startMs : range.endMs
      return { lo: t - offsetMs, hi: t - offsetMs }
    }
    return { lo: span.lo - offsetMs, hi: span.hi - offsetMs }
  }
  const walk = (p: Plan, span: Span): void => {
    switch (p.kind) {
      case "selector": {
        const s = readSpan(span, p.at, p.offset ? durationMs(p.offset, ctx) : 0)
        const back = p.range ? durationMs(p.range, ctx) : options.lookbackDeltaMs
        out.push({ matchers: p.matchers, minMs: s.lo - back + 1, maxMs: s.hi })
        return
      }
      case "subquery": {
        const s = readSpan(span, p.at, p.offset ? durationMs(p.offset, ctx) : 0)
        walk(p.expr, { lo: s.lo - durationMs(p.range, ctx), hi: s.hi })
        return
      }
      case "aggregate":
        if (p.param) walk(p.param, span)
        walk(p.expr, span)
        return
      case "binary":
        walk(p.lhs, span)
        walk(p.rhs, span)
        return
      case "call":
        for (const a of p.args) walk(a, span)
        return
      case "unary":
      case "step_invariant":
        walk(p.expr, span)
        return
      default:
        return
    }
  }
  walk(plan, { lo: range.startMs, hi: range.endMs })
  return out
}
