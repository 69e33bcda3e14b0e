/**
 * `match[]` parameters as the HTTP API reads them: each a lone series selector (no functions,
 * ranges or modifiers), with Prometheus's parse messages. Whether every set needs a matcher that
 * does not match the empty string, and whether messages name the parameter, differ by endpoint
 * (series and delete_series name it; labels and label values do not), so the caller says.
 */

import { matchesEmpty } from "../../../protocols/promql/matchers.ts"
import { parseMetricSelector } from "../../../protocols/promql/parser.ts"
import type { PlanMatcher } from "../../../storage/promql/plan.ts"
import { BadParameterError } from "./params.ts"

/** One matcher list per `match[]` value; a series matches when it matches any one list. */
export type MatcherSets = ReadonlyArray<ReadonlyArray<PlanMatcher>>

export interface MatchParamOptions {
  /** Errors read `invalid parameter "match[]": …` (series, delete_series) or bare (labels, values). */
  readonly nameParameter: boolean
  /** Reject a set whose matchers all match "" (everything but delete_series). */
  readonly requireNonEmpty: boolean
}

export const parseMatchParams = (
  values: ReadonlyArray<string>,
  options: MatchParamOptions
): MatcherSets | BadParameterError => {
  const parameter = options.nameParameter ? "match[]" : undefined
  const out: ReadonlyArray<PlanMatcher>[] = []
  for (const v of values) {
    const r = parseMetricSelector(v)
    if (!r.ok) return new BadParameterError({ parameter, reason: r.error.text })
    if (r.expr.kind !== "VectorSelector")
      return new BadParameterError({ parameter, reason: "not a selector" })
    const matchers = r.expr.matchers
    if (options.requireNonEmpty && matchers.every(matchesEmpty)) {
      return new BadParameterError({
        parameter,
        reason: "match[] must contain at least one non-empty matcher"
      })
    }
    out.push(matchers)
  }
  return out
}
