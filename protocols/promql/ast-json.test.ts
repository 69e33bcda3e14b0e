/**
 * `/api/v1/parse_query` JSON: the example of Prometheus's HTTP API documentation (`foo/bar`), plus
 * node kinds and Go's 'f' number formatting.
 */
import { describe, expect, it } from "vitest"
import { astJson, formatFloatF } from "./ast-json.ts"
import { allFeatures, parse } from "./parser.ts"

const json = (query: string) => {
  const res = parse(query, allFeatures)
  if (!res.ok) throw new Error(res.error.text)
  return astJson(res.expr)
}

const sel = (name: string) => ({
  matchers: [{ name: "__name__", type: "=", value: name }],
  name,
  offset: 0,
  startOrEnd: null,
  timestamp: null,
  type: "vectorSelector"
})

describe("parse_query JSON", () => {
  it("matches the documented example for foo/bar", () => {
    expect(json("foo/bar")).toEqual({
      bool: false,
      lhs: sel("foo"),
      matching: { card: "one-to-one", include: [], labels: [], on: false },
      op: "/",
      rhs: sel("bar"),
      type: "binaryExpr"
    })
  })
  it("maps the other node kinds", () => {
    expect(json("sum by (job) (rate(foo[5m] offset 1m @ end())) > bool 0.5")).toMatchObject({
      type: "binaryExpr",
      matching: null,
      bool: true,
      lhs: {
        type: "aggregation",
        op: "sum",
        grouping: ["job"],
        without: false,
        param: null,
        expr: {
          type: "call",
          func: { name: "rate", argTypes: ["matrix"], variadic: 0, returnType: "vector" },
          args: [{ type: "matrixSelector", name: "foo", range: 300000, offset: 60000, startOrEnd: "end" }]
        }
      },
      rhs: { type: "numberLiteral", val: "0.5" }
    })
    expect(json("sum_over_time((-foo)[1h:1m] @ 100)")).toMatchObject({
      args: [
        {
          type: "subquery",
          range: 3600000,
          step: 60000,
          timestamp: 100000,
          expr: { type: "parenExpr", expr: { type: "unaryExpr", op: "-" } }
        }
      ]
    })
    expect(json('"s"')).toEqual({ type: "stringLiteral", val: "s" })
  })
  it.each([
    [1, "1"],
    [0.5, "0.5"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [-2, "-2"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NaN, "NaN"]
  ])("formats %d as %s", (v, want) => expect(formatFloatF(v)).toBe(want))
  it("maps a 10,000-term chain without exhausting the stack", () => {
    let depth = 0
    let node = json(Array.from({ length: 10_000 }, () => "1").join(" + ")) as { lhs?: unknown }
    while (node.lhs !== undefined) {
      node = node.lhs as { lhs?: unknown }
      depth++
    }
    expect(depth).toBe(9_999)
  })
})
