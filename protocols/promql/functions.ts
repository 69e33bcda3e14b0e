/**
 * Signatures of every PromQL function of Prometheus 3.x (from its documentation): argument types,
 * how many trailing arguments are optional or repeatable, the return type, and whether the
 * function sits behind `--enable-feature=promql-experimental-functions`. Evaluation lives in the
 * engine, not here.
 */
import type { AggregateOp, ValueType } from "./ast.ts"

export interface FunctionSignature {
  readonly name: string
  readonly argTypes: ReadonlyArray<ValueType>
  /**
   * 0: exactly `argTypes.length` arguments. -1: the last type repeats without limit (at least
   * `argTypes.length - 1` arguments). n > 0: up to n trailing arguments may be left off.
   */
  readonly variadic: number
  readonly returnType: ValueType
  readonly experimental: boolean
}

const fn = (
  name: string,
  argTypes: ReadonlyArray<ValueType>,
  returnType: ValueType,
  variadic = 0,
  experimental = false
): FunctionSignature => ({ name, argTypes, variadic, returnType, experimental })

const V: ValueType = "vector"
const M: ValueType = "matrix"
const S: ValueType = "scalar"
const STR: ValueType = "string"

const instantMath = [
  "abs",
  "ceil",
  "exp",
  "floor",
  "ln",
  "log2",
  "log10",
  "sgn",
  "sqrt",
  "sort",
  "sort_desc",
  "timestamp",
  "histogram_avg",
  "histogram_count",
  "histogram_sum",
  "histogram_stddev",
  "histogram_stdvar",
  "acos",
  "acosh",
  "asin",
  "asinh",
  "atan",
  "atanh",
  "cos",
  "cosh",
  "sin",
  "sinh",
  "tan",
  "tanh",
  "deg",
  "rad"
]
const dateFunctions = [
  "day_of_month",
  "day_of_week",
  "day_of_year",
  "days_in_month",
  "hour",
  "minute",
  "month",
  "year"
]
const rangeFunctions = [
  "absent_over_time",
  "changes",
  "delta",
  "deriv",
  "idelta",
  "increase",
  "irate",
  "rate",
  "resets",
  "avg_over_time",
  "min_over_time",
  "max_over_time",
  "sum_over_time",
  "count_over_time",
  "stddev_over_time",
  "stdvar_over_time",
  "last_over_time",
  "first_over_time",
  "present_over_time"
]
const experimentalRangeFunctions = [
  "mad_over_time",
  "ts_of_min_over_time",
  "ts_of_max_over_time",
  "ts_of_last_over_time",
  "ts_of_first_over_time"
]

const all: FunctionSignature[] = [
  ...instantMath.map((n) => fn(n, [V], V)),
  ...dateFunctions.map((n) => fn(n, [V], V, 1)),
  ...rangeFunctions.map((n) => fn(n, [M], V)),
  ...experimentalRangeFunctions.map((n) => fn(n, [M], V, 0, true)),
  fn("absent", [V], V),
  fn("clamp", [V, S, S], V),
  fn("clamp_max", [V, S], V),
  fn("clamp_min", [V, S], V),
  fn("double_exponential_smoothing", [M, S, S], V, 0, true),
  fn("histogram_fraction", [S, S, V], V),
  fn("histogram_quantile", [S, V], V),
  fn("histogram_quantiles", [V, STR, S, S], V, -1, true),
  fn("info", [V, V], V, 1, true),
  fn("label_join", [V, STR, STR, STR], V, -1),
  fn("label_replace", [V, STR, STR, STR, STR], V),
  fn("predict_linear", [M, S], V),
  fn("quantile_over_time", [S, M], V),
  fn("round", [V, S], V, 1),
  fn("scalar", [V], S),
  fn("sort_by_label", [V, STR], V, -1, true),
  fn("sort_by_label_desc", [V, STR], V, -1, true),
  fn("start_timestamp", [V], V, 0, true),
  fn("time", [], S),
  fn("pi", [], S),
  fn("vector", [S], V),
  fn("start", [], S, 0, true),
  fn("end", [], S, 0, true),
  fn("step", [], S, 0, true),
  fn("range", [], S, 0, true),
  fn("min_of", [S, S], S, 0, true),
  fn("max_of", [S, S], S, 0, true)
]

/** Every function by name (names are case-sensitive, as in Prometheus). */
export const functions: ReadonlyMap<string, FunctionSignature> = new Map(all.map((f) => [f.name, f]))

export const aggregateOps: ReadonlySet<string> = new Set<AggregateOp>([
  "sum",
  "avg",
  "count",
  "min",
  "max",
  "group",
  "stddev",
  "stdvar",
  "topk",
  "bottomk",
  "count_values",
  "quantile",
  "limitk",
  "limit_ratio"
])

/** Aggregations that take a parameter before the vector, and its type. */
export const aggregateParamType = (op: AggregateOp): ValueType | undefined =>
  op === "count_values"
    ? "string"
    : op === "topk" || op === "bottomk" || op === "quantile" || op === "limitk" || op === "limit_ratio"
      ? "scalar"
      : undefined

export const experimentalAggregateOps: ReadonlySet<string> = new Set(["limitk", "limit_ratio"])

/**
 * Range functions that accept `anchored` / `smoothed` selectors. Prometheus refuses other uses
 * when the query runs, not when it parses (its message carries no position), so the engine checks.
 */
export const anchoredFunctions: ReadonlyArray<string> = ["changes", "delta", "increase", "rate", "resets"]
export const smoothedFunctions: ReadonlyArray<string> = ["delta", "increase", "rate"]

/** Prometheus's message for `func(x[1m] anchored)` / `smoothed` with a function that does not take it. */
export const extendedSelectorError = (
  func: string,
  modifier: "anchored" | "smoothed"
): string | undefined => {
  const allowed = modifier === "anchored" ? anchoredFunctions : smoothedFunctions
  if (allowed.includes(func)) return undefined
  return `${modifier} modifier can only be used with: ${allowed.join(", ")} - not with ${func}`
}
