/**
 * Parser tables: operator precedence and associativity (shown fully parenthesised), the shapes of
 * selectors, modifiers, aggregations, vector matching and duration expressions, node positions and
 * value types.
 */
import { describe, expect, it } from "vitest"
import type { Expr } from "./ast.ts"
import { durationMs } from "./duration-expr.ts"
import { extendedSelectorError, functions } from "./functions.ts"
import { allFeatures, parse, typeOf } from "./parser.ts"

const ok = (query: string): Expr => {
  const res = parse(query, allFeatures)
  if (!res.ok) throw new Error(res.error.text)
  return res.expr
}

/** Every operator application in parentheses; leaves as their source text. */
const shape = (e: Expr, q: string): string => {
  switch (e.kind) {
    case "BinaryExpr":
      return `(${shape(e.lhs, q)} ${e.op} ${shape(e.rhs, q)})`
    case "UnaryExpr":
      return `(${e.op}${shape(e.expr, q)})`
    case "ParenExpr":
      return shape(e.expr, q)
    case "NumberLiteral":
      return String(e.value)
    default:
      return q.slice(e.pos.start, e.pos.end)
  }
}

describe("precedence and associativity", () => {
  it.each([
    ["1 + 2 * 3", "(1 + (2 * 3))"],
    ["1 * 2 + 3", "((1 * 2) + 3)"],
    ["1 - 2 - 3", "((1 - 2) - 3)"],
    ["2 ^ 3 ^ 2", "(2 ^ (3 ^ 2))"],
    ["-2 ^ 2", "(-(2 ^ 2))"],
    ["-2 * 3", "(-2 * 3)"],
    ["-a * b", "((-a) * b)"],
    ["-a + b", "((-a) + b)"],
    ["2 ^ -1", "(2 ^ -1)"],
    ["a atan2 b * c", "((a atan2 b) * c)"],
    ["a % b ^ c", "(a % (b ^ c))"],
    ["a + b == c - d", "((a + b) == (c - d))"],
    ["a == b and c", "((a == b) and c)"],
    ["a and b or c unless d", "((a and b) or (c unless d))"],
    ["a or b and c", "(a or (b and c))"],
    ["a unless b and c", "((a unless b) and c)"],
    ["a > b < c", "((a > b) < c)"],
    ["1 + 2 * 3 ^ 4 ^ 5 - 6 / 7 % 8", "((1 + (2 * (3 ^ (4 ^ 5)))) - ((6 / 7) % 8))"],
    ["(1 + 2) * 3", "((1 + 2) * 3)"],
    ["--a", "(-(-a))"],
    ["-a offset 5m", "(-a offset 5m)"],
    ["a + b offset 5m", "(a + b offset 5m)"],
    ["h </ 1 + 1", "(h </ (1 + 1))"]
  ])("%s → %s", (query, want) => expect(shape(ok(query), query)).toBe(want))
})

describe("selectors", () => {
  it("keeps the name as the first matcher", () => {
    expect(ok('foo{a="b", c!~"d"}')).toMatchObject({
      kind: "VectorSelector",
      name: "foo",
      matchers: [
        { type: "=", name: "__name__", value: "foo" },
        { type: "=", name: "a", value: "b" },
        { type: "!~", name: "c", value: "d" }
      ]
    })
  })
  it("reads quoted UTF-8 names", () => {
    expect(ok('{"my.metric", "my.label"=~"x"}')).toMatchObject({
      name: "my.metric",
      matchers: [
        { type: "=", name: "__name__", value: "my.metric" },
        { type: "=~", name: "my.label", value: "x" }
      ]
    })
  })
  it("accepts keywords as metric and label names", () => {
    expect(ok("offset")).toMatchObject({ kind: "VectorSelector", name: "offset" })
    expect(ok('sum{by="x"} + by')).toMatchObject({ lhs: { name: "sum" }, rhs: { name: "by" } })
  })
  it("reads ranges, offsets, @ and extended modifiers", () => {
    expect(ok("foo[5m] @ 100 offset -1m anchored")).toMatchObject({
      kind: "MatrixSelector",
      range: { ms: 300000 },
      vector: {
        offset: { ms: -60000 },
        at: { kind: "timestamp", ms: 100000 },
        anchored: true,
        smoothed: false
      }
    })
    expect(ok("foo @ start()")).toMatchObject({ at: { kind: "start" } })
    expect(ok("foo @ END()")).toMatchObject({ at: { kind: "end" } })
    expect(ok("foo @ 1.2345")).toMatchObject({ at: { kind: "timestamp", ms: 1235 } })
  })
  it("reads subqueries", () => {
    expect(ok("rate(foo[5m])[1h:1m] offset 5m")).toMatchObject({
      kind: "SubqueryExpr",
      expr: { kind: "Call", func: "rate" },
      range: { ms: 3600000 },
      step: { ms: 60000 },
      offset: { ms: 300000 }
    })
    expect(ok("foo[1h:]")).toMatchObject({ kind: "SubqueryExpr", step: undefined })
  })
})

describe("duration expressions", () => {
  it.each([
    ["foo[5m * 2]", 600000],
    ["foo[(5+2) * 1m]", 420000],
    ["foo[1h / 2]", 1800000],
    ["foo[4h % 3h]", 3600000],
    ["foo[(2 ^ 3) * 1m]", 480000],
    ["foo[1800]", 1800000],
    ["foo[30m1s-30m1s % 1m]", 1800000],
    ["foo[min_of(1h, 5m)]", 300000]
  ])("%s = %d ms at parse time", (query, ms) => expect(ok(query)).toMatchObject({ range: { ms } }))
  it("leaves step() and range() to the engine", () => {
    const e = ok("foo[max_of(step(), 5s) + range()]")
    if (e.kind !== "MatrixSelector" || e.range.expr === undefined) throw new Error("no expression")
    expect(e.range.ms).toBeUndefined()
    expect(durationMs(e.range.expr, { stepMs: 10000, rangeMs: 60000 })).toBe(70000)
    expect(durationMs(e.range.expr, { stepMs: 1000, rangeMs: 0 })).toBe(5000)
  })
  it("takes only the first term after offset unless parenthesised", () => {
    expect(ok("foo offset 100 + 2")).toMatchObject({ kind: "BinaryExpr", lhs: { offset: { ms: 100000 } } })
    expect(ok("foo offset (100 + 2)")).toMatchObject({ kind: "VectorSelector", offset: { ms: 102000 } })
    expect(ok("foo offset -2 ^ 2")).toMatchObject({
      kind: "BinaryExpr",
      op: "^",
      lhs: { offset: { ms: -2000 } }
    })
  })
})

describe("aggregations and binary operators", () => {
  it.each([
    ["sum by (job) (foo)", { op: "sum", grouping: ["job"], without: false }],
    ["SUM(foo) WITHOUT (a, b,)", { op: "sum", grouping: ["a", "b"], without: true }],
    ["topk(5, foo)", { op: "topk", param: { value: 5 } }],
    ['count_values("v", foo)', { op: "count_values", param: { value: "v" } }],
    ["sum by () (foo)", { grouping: [], hasGrouping: true }]
  ])("%s", (query, want) => expect(ok(query)).toMatchObject({ kind: "AggregateExpr", ...want }))
  it.each([
    ["a + b", { card: "one-to-one", on: false, matchingLabels: [] }],
    ["a and b", { card: "many-to-many" }],
    ["a * on(x) group_left(y) b", { card: "many-to-one", on: true, matchingLabels: ["x"], include: ["y"] }],
    ["a / ignoring(x) group_right b", { card: "one-to-many", on: false, matchingLabels: ["x"], include: [] }],
    ["a + fill_left(1) fill_right(2) b", { fillLeft: 1, fillRight: 2 }],
    ["a + fill(-Inf) b", { fillLeft: Number.NEGATIVE_INFINITY, fillRight: Number.NEGATIVE_INFINITY }]
  ])("%s", (query, matching) => expect(ok(query)).toMatchObject({ kind: "BinaryExpr", matching }))
  it("has no vector matching when a side is a scalar", () => {
    expect(ok("a > bool 1")).toMatchObject({ returnBool: true, matching: undefined })
  })
})

describe("types and positions", () => {
  it.each([
    ["1", "scalar"],
    ['"s"', "string"],
    ["foo", "vector"],
    ["foo[5m]", "matrix"],
    ["foo[5m:]", "matrix"],
    ["1 + 2", "scalar"],
    ["1 + foo", "vector"],
    ["scalar(foo)", "scalar"],
    ["-(time())", "scalar"],
    ["((foo[5m]))", "matrix"]
  ])("%s is a %s", (query, type) => expect(typeOf(ok(query))).toBe(type))
  it("gives every node its byte range", () => {
    const q = 'sum(rate({"é",a="b"}[5m])) by (x) + -1'
    expect(ok(q)).toMatchObject({
      pos: { start: 0, end: 39 },
      lhs: {
        pos: { start: 0, end: 34 },
        expr: { pos: { start: 4, end: 26 }, args: [{ pos: { start: 9, end: 25 } }] }
      },
      rhs: { kind: "NumberLiteral", value: -1, pos: { start: 37, end: 39 } }
    })
  })
  it("reports positions as line:column", () => {
    const res = parse("foo +\n  bar +\n  {}")
    expect(res.ok || res.error.text).toBe(
      "3:3: parse error: vector selector must contain at least one non-empty matcher"
    )
  })
})

describe("function table", () => {
  it.each([
    ["rate", ["matrix"], "vector", false],
    ["label_join", ["vector", "string", "string", "string"], "vector", false],
    ["scalar", ["vector"], "scalar", false],
    ["sort_by_label", ["vector", "string"], "vector", true],
    ["ts_of_max_over_time", ["matrix"], "vector", true],
    ["info", ["vector", "vector"], "vector", true]
  ])("%s", (name, argTypes, returnType, experimental) =>
    expect(functions.get(name)).toMatchObject({ argTypes, returnType, experimental })
  )
  it("words the anchored/smoothed misuse as Prometheus does (peer extended_vectors.test)", () => {
    expect(extendedSelectorError("deriv", "smoothed")).toBe(
      "smoothed modifier can only be used with: delta, increase, rate - not with deriv"
    )
    expect(extendedSelectorError("max_over_time", "anchored")).toBe(
      "anchored modifier can only be used with: changes, delta, increase, rate, resets - not with max_over_time"
    )
    expect(extendedSelectorError("rate", "anchored")).toBeUndefined()
  })
})
