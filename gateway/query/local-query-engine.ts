/**
 * The QueryEngine over storage this process can read synchronously (the embedded head): parse,
 * lower, evaluate with the server's limits (--query.max-samples, --query.timeout,
 * --query.lookback-delta), and map failures to the API's error types with Prometheus's texts.
 */
import { Effect } from "effect"
import { allFeatures } from "../../protocols/promql/parser.ts"
import { runPlan } from "../../storage/promql/engine.ts"
import { type EngineStorage, QueryError } from "../../storage/promql/engine-context.ts"
import { parsePlan } from "../../storage/promql/parse-plan.ts"
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

const run = (storage: EngineStorage, o: LocalQueryEngineOptions, r: QueryRequest) =>
  Effect.try({
    try: () => {
      const plan = parsePlan(r.query, o.enableExperimentalFunctions ? allFeatures : {})
      return runPlan(
        plan,
        storage,
        { startMs: r.startMs, endMs: r.endMs, stepMs: r.stepMs },
        {
          lookbackDeltaMs: o.lookbackDeltaMs,
          subqueryStepMs: o.subqueryStepMs,
          maxSamples: o.maxSamples,
          deadlineMs: Date.now() + r.timeoutMs,
          enableExperimentalFunctions: o.enableExperimentalFunctions
        }
      )
    },
    catch: (e) => {
      if (!(e instanceof QueryError)) throw e // a bug: let it crash loudly
      const reason = e.type === "bad_data" ? `invalid parameter "query": ${e.message}` : e.message
      return new QueryFailedError({ errorType: e.type, reason })
    }
  })

export const localQueryEngine = (storage: EngineStorage, options: LocalQueryEngineOptions) =>
  QueryEngine.of({ run: (r) => run(storage, options, r), defaultTimeoutMs: options.timeoutMs })
