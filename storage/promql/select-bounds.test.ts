import { expect, it } from "vitest"
import type { Plan } from "./plan.ts"
import { selectBounds } from "./select-bounds.ts"

const m = [{ type: "=" as const, name: "__name__", value: "x" }]
const opts = { lookbackDeltaMs: 300_000, subqueryStepMs: 60_000 }

it.each<[string, Plan, number, number]>([
  [
    "instant selector: lookback",
    { kind: "selector", matchers: m, offset: undefined, at: undefined, range: undefined, pos: 0 },
    1_000_000 - 300_000 + 1,
    2_000_000
  ],
  [
    "range selector with offset",
    {
      kind: "selector",
      matchers: m,
      offset: { kind: "ms", ms: 60_000 },
      at: undefined,
      range: { kind: "ms", ms: 600_000 },
      pos: 0
    },
    1_000_000 - 60_000 - 600_000 + 1,
    2_000_000 - 60_000
  ],
  [
    "@ pins the time",
    {
      kind: "selector",
      matchers: m,
      offset: undefined,
      at: { kind: "time", ms: 50_000 },
      range: undefined,
      pos: 0
    },
    50_000 - 300_000 + 1,
    50_000
  ],
  [
    "subquery widens the span",
    {
      kind: "subquery",
      expr: { kind: "selector", matchers: m, offset: undefined, at: undefined, range: undefined, pos: 0 },
      range: { kind: "ms", ms: 3_600_000 },
      step: undefined,
      offset: undefined,
      at: undefined,
      pos: 0
    },
    1_000_000 - 3_600_000 - 300_000 + 1,
    2_000_000
  ]
])("%s", (_name, plan, lo, hi) => {
  expect(selectBounds(plan, { startMs: 1_000_000, endMs: 2_000_000, stepMs: 60_000 }, opts)).toEqual([
    { matchers: m, minMs: lo, maxMs: hi }
  ])
})
