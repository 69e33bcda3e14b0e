/**
 * Robustness over random input: token soups built from PromQL pieces and raw characters never
 * make the parser throw (every outcome is a result value), and every query that parses prints to
 * text that parses back to the same printed form. Seeded, so a failure reproduces.
 */
import { describe, expect, it } from "vitest"
import { allFeatures, parse } from "./parser.ts"
import { format } from "./printer.ts"

const pieces = [
  "foo",
  "bar",
  "sum",
  "rate",
  "abs",
  "(",
  ")",
  "[5m]",
  "[5m:1m]",
  '{a="b"}',
  "{",
  "}",
  "+",
  "-",
  "*",
  "/",
  "^",
  "==",
  "> bool",
  "and",
  "or",
  "unless",
  "on(a)",
  "ignoring(b)",
  "group_left",
  "group_right(c)",
  "by (a)",
  "without (b)",
  "offset 5m",
  "offset -1h",
  "@ 100",
  "@ start()",
  ",",
  "1",
  "2.5",
  '"s"',
  "topk",
  "count_values",
  "quantile",
  "time()",
  "vector(1)",
  "scalar(foo)",
  "[1h:]",
  "bool",
  "atan2",
  "%",
  "!=",
  "fill(0)",
  "anchored",
  "smoothed",
  "[step()]",
  "offset (1m*2)",
  "limitk",
  "#",
  "\n",
  "'",
  "`",
  "é",
  "\\",
  "0x1f",
  "1e3",
  "Inf",
  "NaN",
  "5m",
  "1h30m",
  '{"a.b"}',
  "</",
  ">/",
  "sort_by_label",
  "info"
]

const seeded = (seed: number) => () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
  return seed / 2 ** 32
}

const soup = (rnd: () => number): string => {
  const parts: string[] = []
  const n = 1 + Math.floor(rnd() * 9)
  for (let k = 0; k < n; k++) {
    parts.push(
      rnd() < 0.1
        ? String.fromCharCode(32 + Math.floor(rnd() * 95))
        : pieces[Math.floor(rnd() * pieces.length)]
    )
  }
  return parts.join(rnd() < 0.5 ? " " : "")
}

describe("random input", () => {
  it.each([1, 2, 3, 4])("seed %i: 2,500 soups give results, and printed forms are stable", (seed) => {
    const rnd = seeded(seed)
    const unstable: string[] = []
    let parsed = 0
    for (let i = 0; i < 2500; i++) {
      const query = soup(rnd)
      const res = parse(query, allFeatures)
      if (!res.ok) {
        expect(res.error.text).toMatch(/^\d+:\d+: parse error: ./)
        continue
      }
      parsed++
      const printed = format(res.expr)
      const again = parse(printed, allFeatures)
      if (!again.ok || format(again.expr) !== printed)
        unstable.push(`${JSON.stringify(query)} → ${JSON.stringify(printed)}`)
    }
    expect(unstable).toEqual([])
    expect(parsed).toBeGreaterThan(50)
  })
})
