/**
 * The query plan the engine evaluates: a PromQL expression after parsing and type checking, with
 * names resolved and duration expressions kept as small trees (they may use step()/range()).
 * The parser's AST (protocols/promql) is lowered into this; the engine reads nothing else.
 */

export type ValueType = "scalar" | "vector" | "matrix" | "string"

export type MatchType = "=" | "!=" | "=~" | "!~"

export interface PlanMatcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
}

/** A duration in ms, possibly computed from step()/range() and arithmetic at query start. */
export type DurationPlan =
  | { readonly kind: "ms"; readonly ms: number }
  | { readonly kind: "step" }
  | { readonly kind: "range" }
  | {
      readonly kind: "op"
      readonly op: "+" | "-" | "*" | "/" | "%" | "^"
      readonly lhs: DurationPlan
      readonly rhs: DurationPlan
    }
  | { readonly kind: "neg"; readonly arg: DurationPlan }
  | { readonly kind: "minmax"; readonly fn: "min_of" | "max_of"; readonly args: ReadonlyArray<DurationPlan> }

export type AtPlan =
  | { readonly kind: "time"; readonly ms: number }
  | { readonly kind: "start" }
  | { readonly kind: "end" }

export interface SelectorPlan {
  readonly kind: "selector"
  readonly matchers: ReadonlyArray<PlanMatcher>
  readonly offset: DurationPlan | undefined
  readonly at: AtPlan | undefined
  /** Set for a range selector `x[5m]`. */
  readonly range: DurationPlan | undefined
  /** `anchored` / `smoothed` range modifiers (experimental extended range selectors). */
  readonly rangeMode?: "anchored" | "smoothed"
  readonly pos: number
}

export interface SubqueryPlan {
  readonly kind: "subquery"
  readonly expr: Plan
  readonly range: DurationPlan
  /** undefined = the default resolution (1m in the peer suite). */
  readonly step: DurationPlan | undefined
  readonly offset: DurationPlan | undefined
  readonly at: AtPlan | undefined
  readonly pos: number
}

export type AggregateOp =
  | "sum"
  | "avg"
  | "min"
  | "max"
  | "count"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "quantile"
  | "count_values"
  | "limitk"
  | "limit_ratio"

export interface AggregatePlan {
  readonly kind: "aggregate"
  readonly op: AggregateOp
  readonly expr: Plan
  readonly param: Plan | undefined
  readonly grouping: ReadonlyArray<string>
  readonly without: boolean
  readonly pos: number
}

export type BinaryOp =
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "atan2"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "and"
  | "or"
  | "unless"

export interface VectorMatching {
  readonly card: "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many"
  /** true = on(labels), false = ignoring(labels). */
  readonly on: boolean
  readonly labels: ReadonlyArray<string>
  /** group_left/group_right extra labels. */
  readonly include: ReadonlyArray<string>
  /** fill / fill_left / fill_right values for missing sides. */
  readonly fillLeft?: number
  readonly fillRight?: number
}

export interface BinaryPlan {
  readonly kind: "binary"
  readonly op: BinaryOp
  readonly lhs: Plan
  readonly rhs: Plan
  readonly returnBool: boolean
  /** undefined when one side is a scalar. */
  readonly matching: VectorMatching | undefined
  readonly pos: number
}

export interface CallPlan {
  readonly kind: "call"
  readonly fn: string
  readonly args: ReadonlyArray<Plan>
  readonly pos: number
}

export type Plan =
  | { readonly kind: "number"; readonly value: number; readonly pos: number }
  | { readonly kind: "string"; readonly value: string; readonly pos: number }
  | { readonly kind: "duration"; readonly value: DurationPlan; readonly pos: number }
  | SelectorPlan
  | SubqueryPlan
  | AggregatePlan
  | BinaryPlan
  | CallPlan
  | { readonly kind: "unary"; readonly op: "-" | "+"; readonly expr: Plan; readonly pos: number }
  | { readonly kind: "step_invariant"; readonly expr: Plan; readonly pos: number }

/** The static type of a plan node, as the parser checked it. */
export const typeOf = (p: Plan): ValueType => {
  switch (p.kind) {
    case "number":
    case "duration":
      return "scalar"
    case "string":
      return "string"
    case "selector":
      return p.range ? "matrix" : "vector"
    case "subquery":
      return "matrix"
    case "aggregate":
      return "vector"
    case "binary":
      return typeOf(p.lhs) === "scalar" && typeOf(p.rhs) === "scalar" ? "scalar" : "vector"
    case "unary":
    case "step_invariant":
      return typeOf(p.expr)
    case "call":
      return callType(p.fn)
  }
}

const scalarFns = new Set(["scalar", "time", "pi", "start", "end", "step", "range"])
const callType = (fn: string): ValueType => (scalarFns.has(fn) ? "scalar" : "vector")
