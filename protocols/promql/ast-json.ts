/**
 * The JSON form of the syntax tree that Prometheus's `/api/v1/parse_query` returns (documented
 * in its HTTP API page): one object per node with a `type` field, times in milliseconds, `null`
 * for absent parts. Pure data mapping; the HTTP route lives in the gateway.
 */
import type { AtModifier, Expr, LabelMatcher, SelectorModifiers, TimeValue, VectorSelector } from "./ast.ts"
import { functions } from "./functions.ts"

export type AstJson = { readonly [key: string]: unknown }

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest digits, never an exponent. */
export const formatFloatF = (v: number): string => {
  if (Number.isNaN(v)) return "NaN"
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf"
  if (v === 0) return Object.is(v, -0) ? "-0" : "0"
  const sign = v < 0 ? "-" : ""
  const s = Math.abs(v).toExponential()
  const e = s.indexOf("e")
  const digits = s.slice(0, e).replace(".", "")
  const exp = Number(s.slice(e + 1))
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length)
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

const ms = (v: TimeValue | undefined): number | null => (v === undefined ? 0 : (v.ms ?? null))

const at = (a: AtModifier | undefined) => ({
  timestamp: a?.kind === "timestamp" ? a.ms : null,
  startOrEnd: a === undefined || a.kind === "timestamp" ? null : a.kind
})

const matchers = (ms: ReadonlyArray<LabelMatcher>) =>
  ms.map((m) => ({ name: m.name, type: m.type, value: m.value }))

const extended = (m: SelectorModifiers) => ({
  ...(m.anchored ? { anchored: true } : {}),
  ...(m.smoothed ? { smoothed: true } : {})
})

const selector = (v: VectorSelector) => ({
  name: v.name ?? "",
  offset: ms(v.offset),
  matchers: matchers(v.matchers),
  ...at(v.at),
  ...extended(v)
})

/** `/api/v1/parse_query`'s `data` for a parsed expression. */
export const astJson = (e: Expr): AstJson => {
  switch (e.kind) {
    case "NumberLiteral":
      return { type: "numberLiteral", val: formatFloatF(e.value) }
    case "StringLiteral":
      return { type: "stringLiteral", val: e.value }
    case "VectorSelector":
      return { type: "vectorSelector", ...selector(e) }
    case "MatrixSelector":
      return { type: "matrixSelector", ...selector(e.vector), range: ms(e.range) }
    case "SubqueryExpr":
      return {
        type: "subquery",
        expr: astJson(e.expr),
        range: ms(e.range),
        offset: ms(e.offset),
        step: e.step === undefined ? 0 : ms(e.step),
        ...at(e.at)
      }
    case "Call": {
      const sig = functions.get(e.func)
      return {
        type: "call",
        func: {
          name: e.func,
          argTypes: sig?.argTypes ?? [],
          variadic: sig?.variadic ?? 0,
          returnType: sig?.returnType ?? "vector"
        },
        args: e.args.map(astJson)
      }
    }
    case "AggregateExpr":
      return {
        type: "aggregation",
        op: e.op,
        expr: astJson(e.expr),
        param: e.param === undefined ? null : astJson(e.param),
        grouping: e.grouping,
        without: e.without
      }
    case "BinaryExpr":
      return binaryJson(e)
    case "UnaryExpr":
      return { type: "unaryExpr", op: e.op, expr: astJson(e.expr) }
    case "ParenExpr":
      return { type: "parenExpr", expr: astJson(e.expr) }
  }
}

/** Left-deep chains (`1+1+…`) are built bottom-up in a loop, so their length cannot exhaust the stack. */
const binaryJson = (e: Extract<Expr, { kind: "BinaryExpr" }>): AstJson => {
  const chain: Array<Extract<Expr, { kind: "BinaryExpr" }>> = []
  let x: Expr = e
  while (x.kind === "BinaryExpr") {
    chain.push(x)
    x = x.lhs
  }
  let out = astJson(x)
  for (let i = chain.length - 1; i >= 0; i--) {
    const b = chain[i]
    const m = b.matching
    out = {
      type: "binaryExpr",
      op: b.op,
      lhs: out,
      rhs: astJson(b.rhs),
      matching:
        m === undefined
          ? null
          : {
              card: m.card,
              labels: m.matchingLabels,
              on: m.on,
              include: m.include,
              ...(m.fillLeft !== undefined ? { fillLeft: formatFloatF(m.fillLeft) } : {}),
              ...(m.fillRight !== undefined ? { fillRight: formatFloatF(m.fillRight) } : {})
            },
      bool: b.returnBool
    }
  }
  return out
}
