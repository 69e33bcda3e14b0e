/**
 * The QueryEngine over a Queryable: parse, lower, fetch what the plan reads through the seam,
 * evaluate with the server's limits (--query.max-samples, --query.timeout,
 * --query.lookback-delta), and map failures to the API's error types with Prometheus's texts.
 * Storage warnings (partial results) travel with the result.
 */
import { Effect } from "effect"
import { allFeatures } from "../../protocols/promql/parser.ts"
import { runPlan } from "../../storage/promql/engine.ts"
import { QueryError } from "../../storage/promql/engine-context.ts"
import { parsePlan } from "../../storage/promql/parse-plan.ts"
import { prefetch } from "../../storage/promql/prefetch.ts"
import type { Queryable } from "../../storage/queryable.ts"
import { QueryEngine, QueryFailedError, type QueryRequest } from "../api/v1/query-routes.ts"

export interface LocalQueryEngineOptions {
  readonly lookbackDeltaMs: number
  readonly maxSamples: number
  readonly timeoutMs: number
  readonly subqueryStepMs: number
  readonly enableExperimentalFunctions: boolean
}

export const defaultLocalQueryEngineOptions: LocalQueryEngineOptions = {
  lookbackDeltaMs: 300_000,
  maxSamples: 50_000_000,
  timeoutMs: 120_000,
  subqueryStepMs: 60_000,
  enableExperimentalFunctions: false
}

const fail = (e: unknown): QueryFailedError => {
  if (!(e instanceof QueryError)) throw e // a bug: let it crash loudly
  const reason = e.type === "bad_data" ? `invalid parameter "query": ${e.message}` : e.message
  return new QueryFailedError({ errorType: e.type, reason })
}

const run = (queryable: Queryable, o: LocalQueryEngineOptions, r: QueryRequest) =>
  Effect.gen(function* () {
    const plan = yield* Effect.try({
      try: () => parsePlan(r.query, o.enableExperimentalFunctions ? allFeatures : {}),
      catch: fail
    })
    const range = { startMs: r.startMs, endMs: r.endMs, stepMs: r.stepMs }
    const { storage, warnings } = yield* prefetch(queryable, plan, range, o).pipe(
      Effect.mapError(
        (e) =>
          new QueryFailedError({
            errorType: e._tag === "StorageLimitError" ? "execution" : "unavailable",
            reason: e.message
          })
      )
    )
    const out = yield* Effect.try({
      try: () =>
        runPlan(plan, storage, range, {
          lookbackDeltaMs: o.lookbackDeltaMs,
          subqueryStepMs: o.subqueryStepMs,
          maxSamples: o.maxSamples,
          deadlineMs: Date.now() + r.timeoutMs,
          enableExperimentalFunctions: o.enableExperimentalFunctions
        }),
      catch: fail
    })
    return warnings.length === 0 ? out : { ...out, warnings: [...warnings, ...out.warnings] }
  }).pipe(Effect.scoped)

export const localQueryEngine = (queryable: Queryable, options: LocalQueryEngineOptions) =>
  QueryEngine.of({ run: (r) => run(queryable, options, r), defaultTimeoutMs: options.timeoutMs })
