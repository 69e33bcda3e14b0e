/**
 * Lowers the parser's AST (protocols/promql/ast.ts) into the engine's plan: parentheses vanish,
 * matrix selectors become range selectors, modifiers and duration expressions are carried over.
 * Type checking already happened in the parser.
 */
import type { DurationExpr, Expr, SelectorModifiers, TimeValue } from "../../protocols/promql/ast.ts"
import type { AtPlan, DurationPlan, Plan } from "./plan.ts"

const durationOf = (e: DurationExpr): DurationPlan => {
  switch (e.kind) {
    case "DurationLiteral":
      return { kind: "ms", ms: Math.round(e.seconds * 1000) }
    case "DurationParen":
      return durationOf(e.expr)
    case "DurationUnary":
      return e.op === "-" ? { kind: "neg", arg: durationOf(e.expr) } : durationOf(e.expr)
    case "DurationBinary":
      return { kind: "op", op: e.op, lhs: durationOf(e.lhs), rhs: durationOf(e.rhs) }
    case "DurationCall":
      if (e.name === "step") return { kind: "step" }
      if (e.name === "range") return { kind: "range" }
      return { kind: "minmax", fn: e.name, args: e.args.map(durationOf) }
  }
}

const timeValue = (t: TimeValue | undefined): DurationPlan | undefined => {
  if (!t) return undefined
  if (t.ms !== undefined) return { kind: "ms", ms: t.ms }
  if (!t.expr) throw new Error("bug: a time value with neither ms nor expr")
  return durationOf(t.expr)
}

const atOf = (m: SelectorModifiers): AtPlan | undefined => {
  if (!m.at) return undefined
  return m.at.kind === "timestamp" ? { kind: "time", ms: m.at.ms } : { kind: m.at.kind }
}

const rangeMode = (m: SelectorModifiers) => (m.anchored ? "anchored" : m.smoothed ? "smoothed" : undefined)

export const lower = (e: Expr): Plan => {
  switch (e.kind) {
    case "NumberLiteral":
      return { kind: "number", value: e.value, pos: e.pos.start }
    case "StringLiteral":
      return { kind: "string", value: e.value, pos: e.pos.start }
    case "ParenExpr":
      return lower(e.expr)
    case "VectorSelector":
      return {
        kind: "selector",
        matchers: e.matchers,
        offset: timeValue(e.offset),
        at: atOf(e),
        range: undefined,
        rangeMode: rangeMode(e),
        pos: e.pos.start
      }
    case "MatrixSelector":
      return {
        kind: "selector",
        matchers: e.vector.matchers,
        offset: timeValue(e.vector.offset),
        at: atOf(e.vector),
        range: timeValue(e.range),
        rangeMode: rangeMode(e.vector),
        pos: e.pos.start
      }
    case "SubqueryExpr":
      return {
        kind: "subquery",
        expr: lower(e.expr),
        range: timeValue(e.range) as DurationPlan,
        step: timeValue(e.step),
        offset: timeValue(e.offset),
        at: atOf(e),
        pos: e.pos.start
      }
    case "Call":
      return { kind: "call", fn: e.func, args: e.args.map(lower), pos: e.pos.start }
    case "AggregateExpr":
      return {
        kind: "aggregate",
        op: e.op,
        expr: lower(e.expr),
        param: e.param ? lower(e.param) : undefined,
        grouping: e.grouping,
        without: e.without,
        pos: e.pos.start
      }
    case "UnaryExpr":
      return { kind: "unary", op: e.op, expr: lower(e.expr), pos: e.pos.start }
    case "BinaryExpr":
      if (e.op === "</" || e.op === ">/") throw new Error(`operator ${e.op} is not supported yet`)
      return {
        kind: "binary",
        op: e.op,
        lhs: lower(e.lhs),
        rhs: lower(e.rhs),
        returnBool: e.returnBool,
        matching: e.matching
          ? {
              card: e.matching.card,
              on: e.matching.on,
              labels: e.matching.matchingLabels,
              include: e.matching.include,
              fillLeft: e.matching.fillLeft,
              fillRight: e.matching.fillRight
            }
          : undefined,
        pos: e.pos.start
      }
  }
}
