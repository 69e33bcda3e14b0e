/**
 * PromQL's static type rules, applied to each node as the parser builds it: operand types of
 * binary and unary operators, vector matching clauses, function signatures, aggregation
 * parameters and subqueries. Messages and positions follow Prometheus. No evaluation here.
 */
import type {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  Call,
  Expr,
  PosRange,
  SubqueryExpr,
  UnaryExpr,
  ValueType,
  VectorMatching
} from "./ast.ts"
import { isComparison, isSetOperator, valueTypeName } from "./ast.ts"
import { aggregateParamType, type FunctionSignature, functions } from "./functions.ts"
import { goQuote } from "./go-quote.ts"

/**
 * Thrown inside the parser only; `parse` turns it into a ParseError value. The checks of this file
 * are deferred by the parser: like Prometheus, a syntax error anywhere in the query is reported
 * before a type error.
 */
export class Failure {
  readonly pos: PosRange
  readonly message: string
  constructor(pos: PosRange, message: string) {
    this.pos = pos
    this.message = message
  }
}

const fail = (pos: PosRange, message: string): never => {
  throw new Failure(pos, message)
}

/** The value type of an expression, in constant time. */
export const typeOf = (e: Expr): ValueType => {
  switch (e.kind) {
    case "NumberLiteral":
      return "scalar"
    case "StringLiteral":
      return "string"
    case "VectorSelector":
    case "AggregateExpr":
      return "vector"
    case "MatrixSelector":
    case "SubqueryExpr":
      return "matrix"
    case "UnaryExpr":
    case "BinaryExpr":
    case "ParenExpr":
      return e.type
    case "Call":
      return functions.get(e.func)?.returnType ?? "vector"
  }
}

const at = (e: Expr): PosRange => e.pos

/** `-x` / `+x`; a sign on a number literal folds into the literal, as in Prometheus. */
export const checkUnary = (op: "-" | "+", operand: Expr, start: number): Expr => {
  const t = typeOf(operand)
  const pos = { start, end: operand.pos.end }
  if (t !== "scalar" && t !== "vector") {
    fail(
      pos,
      `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(valueTypeName(t))}`
    )
  }
  if (operand.kind === "NumberLiteral") {
    return { ...operand, value: op === "-" ? -operand.value : operand.value, pos }
  }
  const node: UnaryExpr = { kind: "UnaryExpr", op, expr: operand, type: t as "scalar" | "vector", pos }
  return node
}

export const checkBinary = (node: BinaryExpr, opPos: PosRange, hasClause: boolean): BinaryExpr => {
  const { op, lhs, rhs } = node
  const lt = typeOf(lhs)
  const rt = typeOf(rhs)
  if (node.returnBool && !isComparison(op))
    fail(opPos, "bool modifier can only be used on comparison operators")
  if (isComparison(op) && !node.returnBool && lt === "scalar" && rt === "scalar") {
    fail(opPos, "comparisons between scalars must use BOOL modifier")
  }
  if (lt !== "scalar" && lt !== "vector")
    fail(lhs.pos, "binary expression must contain only scalar and instant vector types")
  if (rt !== "scalar" && rt !== "vector")
    fail(rhs.pos, "binary expression must contain only scalar and instant vector types")

  if (isSetOperator(op) && (lt === "scalar" || rt === "scalar")) {
    fail(node.pos, `set operator ${goQuote(op)} not allowed in binary scalar expression`)
  }
  const bothVectors = lt === "vector" && rt === "vector"
  if (hasClause && !bothVectors) fail(node.pos, "vector matching only allowed between instant vectors")
  if (!bothVectors) return node.matching === undefined ? node : { ...node, matching: undefined }
  const m: VectorMatching = node.matching ?? {
    card: isSetOperator(op) ? "many-to-many" : "one-to-one",
    matchingLabels: [],
    on: false,
    explicit: false,
    include: []
  }
  if (isSetOperator(op)) {
    if (m.card === "many-to-one" || m.card === "one-to-many")
      fail(node.pos, `no grouping allowed for ${goQuote(op)} operation`)
    if (m.fillLeft !== undefined || m.fillRight !== undefined) {
      fail(node.pos, `fill modifiers are not allowed for set operator ${goQuote(op)}`)
    }
  }
  if (m.on) {
    for (const l of m.include) {
      if (m.matchingLabels.includes(l))
        fail(opPos, `label ${goQuote(l)} must not occur in ON and GROUP clause at once`)
    }
  }
  return node.matching === m ? node : { ...node, matching: m }
}

export const checkCall = (node: Call, sig: FunctionSignature): Call => {
  const n = sig.argTypes.length
  const k = node.args.length
  const name = goQuote(sig.name)
  if (sig.variadic === 0) {
    if (k !== n) fail(node.pos, `expected ${n} argument(s) in call to ${name}, got ${k}`)
  } else {
    const min = sig.variadic > 0 ? n - sig.variadic : n - 1
    if (k < min) fail(node.pos, `expected at least ${min} argument(s) in call to ${name}, got ${k}`)
    if (sig.variadic > 0 && k > n)
      fail(node.pos, `expected at most ${n} argument(s) in call to ${name}, got ${k}`)
  }
  for (let i = 0; i < k; i++) {
    const want = sig.argTypes[Math.min(i, n - 1)]
    const got = typeOf(node.args[i])
    if (want !== got) {
      fail(
        at(node.args[i]),
        `expected type ${valueTypeName(want)} in call to function ${name}, got ${valueTypeName(got)}`
      )
    }
  }
  return node
}

/** Arity is checked as the node is built (Prometheus does it in the grammar action, before types). */
export const aggregateNode = (
  op: AggregateOp,
  args: ReadonlyArray<Expr>,
  grouping: { grouping: ReadonlyArray<string>; without: boolean; hasGrouping: boolean },
  pos: PosRange
): AggregateExpr => {
  const want = aggregateParamType(op) === undefined ? 1 : 2
  if (args.length !== want) {
    fail(
      pos,
      `wrong number of arguments for aggregate expression provided, expected ${want}, got ${args.length}`
    )
  }
  return {
    kind: "AggregateExpr",
    op,
    expr: args[want - 1],
    param: want === 2 ? args[0] : undefined,
    ...grouping,
    pos
  }
}

export const checkAggregate = (node: AggregateExpr): AggregateExpr => {
  const paramType = aggregateParamType(node.op)
  const { param, expr } = node
  if (param !== undefined && paramType !== undefined && typeOf(param) !== paramType) {
    fail(
      at(param),
      `expected type ${valueTypeName(paramType)} in aggregation parameter, got ${valueTypeName(typeOf(param))}`
    )
  }
  const t = typeOf(expr)
  if (t !== "vector")
    fail(at(expr), `expected type instant vector in aggregation expression, got ${valueTypeName(t)}`)
  return node
}

export const checkSubquery = (node: SubqueryExpr): SubqueryExpr => {
  const t = typeOf(node.expr)
  if (t !== "vector") fail(node.pos, `subquery is only allowed on instant vector, got ${t} instead`)
  return node
}
