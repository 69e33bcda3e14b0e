/**
 * The PromQL syntax tree as the parser builds it: plain readonly data with a byte range on every
 * node. It knows nothing of storage (matchers are plain `{ type, name, value }` records that the
 * engine converts) and nothing of evaluation.
 */

/** Byte offsets into the query text: `start` inclusive, `end` exclusive. */
export interface PosRange {
  readonly start: number
  readonly end: number
}

export type ValueType = "scalar" | "vector" | "matrix" | "string"

/** Prometheus's names for the value types, as they appear in its error messages. */
export const valueTypeName = (t: ValueType): string =>
  t === "vector" ? "instant vector" : t === "matrix" ? "range vector" : t

export type MatchType = "=" | "!=" | "=~" | "!~"

export interface LabelMatcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
}

/** Arithmetic in `[...]` and after `offset`: values are seconds, `step()`/`range()` come from the query. */
export type DurationExpr =
  | {
      readonly kind: "DurationLiteral"
      readonly seconds: number
      readonly duration: boolean
      readonly pos: PosRange
    }
  | {
      readonly kind: "DurationUnary"
      readonly op: "-" | "+"
      readonly expr: DurationExpr
      readonly pos: PosRange
    }
  | {
      readonly kind: "DurationBinary"
      readonly op: "+" | "-" | "*" | "/" | "%" | "^"
      readonly lhs: DurationExpr
      readonly rhs: DurationExpr
      readonly pos: PosRange
    }
  | {
      readonly kind: "DurationCall"
      readonly name: "step" | "range" | "min_of" | "max_of"
      readonly args: ReadonlyArray<DurationExpr>
      readonly pos: PosRange
    }
  | { readonly kind: "DurationParen"; readonly expr: DurationExpr; readonly pos: PosRange }

/**
 * A time modifier value: `ms` is known at parse time unless the expression uses `step()` or
 * `range()`; then `ms` is undefined and the engine evaluates `expr` (see duration-expr.ts).
 */
export interface TimeValue {
  readonly ms: number | undefined
  /** Absent when the text was a single duration or number literal. */
  readonly expr?: DurationExpr
}

export type AtModifier =
  | { readonly kind: "timestamp"; readonly ms: number }
  | { readonly kind: "start" }
  | { readonly kind: "end" }

/** The modifiers that follow a selector or subquery. */
export interface SelectorModifiers {
  readonly offset?: TimeValue
  readonly at?: AtModifier
  /** `anchored` / `smoothed` (experimental extended range selectors). */
  readonly anchored: boolean
  readonly smoothed: boolean
}

export interface NumberLiteral {
  readonly kind: "NumberLiteral"
  readonly value: number
  /** Written as a duration (`5m`), printed back that way. */
  readonly duration: boolean
  readonly pos: PosRange
}

export interface StringLiteral {
  readonly kind: "StringLiteral"
  readonly value: string
  readonly pos: PosRange
}

export interface VectorSelector extends SelectorModifiers {
  readonly kind: "VectorSelector"
  /** The metric name when one was given (before the braces, or quoted inside them). */
  readonly name: string | undefined
  /** All matchers, including `__name__="<name>"` for a given name (first), as Prometheus keeps them. */
  readonly matchers: ReadonlyArray<LabelMatcher>
  readonly pos: PosRange
}

export interface MatrixSelector {
  readonly kind: "MatrixSelector"
  readonly vector: VectorSelector
  readonly range: TimeValue
  readonly pos: PosRange
}

export interface SubqueryExpr extends SelectorModifiers {
  readonly kind: "SubqueryExpr"
  readonly expr: Expr
  readonly range: TimeValue
  /** Absent for `[5m:]` (the engine uses its default resolution). */
  readonly step?: TimeValue
  readonly pos: PosRange
}

export interface Call {
  readonly kind: "Call"
  readonly func: string
  readonly args: ReadonlyArray<Expr>
  readonly pos: PosRange
}

export type AggregateOp =
  | "sum"
  | "avg"
  | "count"
  | "min"
  | "max"
  | "group"
  | "stddev"
  | "stdvar"
  | "topk"
  | "bottomk"
  | "count_values"
  | "quantile"
  | "limitk"
  | "limit_ratio"

export interface AggregateExpr {
  readonly kind: "AggregateExpr"
  readonly op: AggregateOp
  readonly expr: Expr
  readonly param?: Expr
  readonly grouping: ReadonlyArray<string>
  readonly without: boolean
  /** True when `by`/`without` was written, even with an empty list (`sum by () (x)`). */
  readonly hasGrouping: boolean
  readonly pos: PosRange
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
  | "</"
  | ">/"

export type Cardinality = "one-to-one" | "many-to-one" | "one-to-many" | "many-to-many"

export interface VectorMatching {
  readonly card: Cardinality
  /** Labels of `on(...)` or `ignoring(...)`. */
  readonly matchingLabels: ReadonlyArray<string>
  /** True for `on`, false for `ignoring` (or no clause). */
  readonly on: boolean
  /** True when `on(...)`/`ignoring(...)` was written (an empty `on()` matters). */
  readonly explicit: boolean
  /** Labels of `group_left(...)` / `group_right(...)`. */
  readonly include: ReadonlyArray<string>
  /** `fill(v)`, `fill_left(v)`, `fill_right(v)`: values for the missing side. */
  readonly fillLeft?: number
  readonly fillRight?: number
}

export interface BinaryExpr {
  readonly kind: "BinaryExpr"
  readonly op: BinaryOp
  readonly lhs: Expr
  readonly rhs: Expr
  readonly returnBool: boolean
  /** Scalar when both sides are scalars, else vector (kept so type checks stay O(1) on long chains). */
  readonly type: "scalar" | "vector"
  /** Present when both sides are instant vectors, as in Prometheus. */
  readonly matching?: VectorMatching
  readonly pos: PosRange
}

export interface UnaryExpr {
  readonly kind: "UnaryExpr"
  readonly op: "-" | "+"
  readonly expr: Expr
  readonly type: "scalar" | "vector"
  readonly pos: PosRange
}

export interface ParenExpr {
  readonly kind: "ParenExpr"
  readonly expr: Expr
  readonly type: ValueType
  readonly pos: PosRange
}

export type Expr =
  | NumberLiteral
  | StringLiteral
  | VectorSelector
  | MatrixSelector
  | SubqueryExpr
  | Call
  | AggregateExpr
  | BinaryExpr
  | UnaryExpr
  | ParenExpr

export const isComparison = (op: BinaryOp): boolean =>
  op === "==" || op === "!=" || op === ">" || op === "<" || op === ">=" || op === "<="

export const isSetOperator = (op: BinaryOp): boolean => op === "and" || op === "or" || op === "unless"
