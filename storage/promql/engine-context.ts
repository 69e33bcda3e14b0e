/**
 * What evaluation carries along: the step times of the current (sub)query, the storage to read,
 * limits and the deadline (checked from inside loops, since a fiber cannot interrupt plain code),
 * and the annotations collected on the way.
 */
import type { PlanMatcher } from "./plan.ts"
import type { RawSeries } from "./values.ts"

/** Synchronous reads over data already fetched for this query; series sorted by labels. */
export interface EngineStorage {
  readonly select: (
    matchers: ReadonlyArray<PlanMatcher>,
    minMs: number,
    maxMs: number
  ) => ReadonlyArray<RawSeries>
}

export interface EngineOptions {
  readonly lookbackDeltaMs: number
  /** Resolution of `x[10m:]`. */
  readonly subqueryStepMs: number
  readonly maxSamples: number
  /** Absolute deadline (ms since the epoch, wall clock). */
  readonly deadlineMs: number
  readonly enableExperimentalFunctions: boolean
}

export const defaultEngineOptions: EngineOptions = {
  lookbackDeltaMs: 5 * 60_000,
  subqueryStepMs: 60_000,
  maxSamples: 50_000_000,
  deadlineMs: Number.POSITIVE_INFINITY,
  enableExperimentalFunctions: false
}

export type QueryErrorType = "execution" | "timeout" | "canceled" | "bad_data"

/** An expected query failure (wrong data shape, limits, deadline); the API maps `type`. */
export class QueryError extends Error {
  readonly type: QueryErrorType
  constructor(type: QueryErrorType, message: string) {
    super(message)
    this.type = type
  }
}

export class Annotations {
  readonly warnings = new Set<string>()
  readonly infos = new Set<string>()
  warn(text: string, pos: number | undefined) {
    this.warnings.add(`PromQL warning: ${text}${pos === undefined ? "" : ` (1:${pos + 1})`}`)
  }
  info(text: string, pos: number | undefined) {
    this.infos.add(`PromQL info: ${text}${pos === undefined ? "" : ` (1:${pos + 1})`}`)
  }
}

export interface EvalContext {
  /** Evaluation times of this (sub)query, ms. */
  readonly times: Float64Array
  readonly queryStartMs: number
  readonly queryEndMs: number
  readonly queryStepMs: number
  readonly storage: EngineStorage
  readonly options: EngineOptions
  readonly annotations: Annotations
  /** Samples currently held, checked against maxSamples. */
  samples: { current: number; checks: number }
}

export const checkDeadline = (ctx: EvalContext) => {
  if (++ctx.samples.checks % 128 === 0 && Date.now() > ctx.options.deadlineMs) {
    throw new QueryError("timeout", "query timed out in query execution")
  }
}

export const addSamples = (ctx: EvalContext, n: number) => {
  ctx.samples.current += n
  if (ctx.samples.current > ctx.options.maxSamples) {
    throw new QueryError(
      "execution",
      "query processing would load too many samples into memory in query execution"
    )
  }
}
