import { describe, expect, it } from "vitest"
import { runPlan } from "./engine.ts"
import { MemoryStorage } from "./memory-storage.ts"
import type { Plan, SelectorPlan } from "./plan.ts"
import { labelsFromObject } from "./values.ts"

const storage = new MemoryStorage()
for (let i = 0; i <= 20; i++) {
  storage.append(
    labelsFromObject({ __name__: "http_requests_total", job: "api", instance: "0" }),
    i * 30_000,
    i * 10
  )
  storage.append(
    labelsFromObject({ __name__: "http_requests_total", job: "api", instance: "1" }),
    i * 30_000,
    i * 20
  )
}
const sel = (name: string, rangeMs?: number): SelectorPlan => ({
  kind: "selector",
  matchers: [{ type: "=", name: "__name__", value: name }],
  offset: undefined,
  at: undefined,
  range: rangeMs === undefined ? undefined : { kind: "ms", ms: rangeMs },
  pos: 0
})
const instant = (p: Plan, t: number) => runPlan(p, storage, { startMs: t, endMs: t, stepMs: 0 })

describe("engine on hand-built plans", () => {
  it("selects the newest sample in the lookback window", () => {
    const r = instant(sel("http_requests_total"), 600_000).result
    expect(r).toEqual({
      resultType: "vector",
      result: [
        { labels: ["__name__", "http_requests_total", "instance", "0", "job", "api"], t: 600_000, v: 200 },
        { labels: ["__name__", "http_requests_total", "instance", "1", "job", "api"], t: 600_000, v: 400 }
      ]
    })
  })
  it("computes rate and drops the name", () => {
    const r = instant(
      { kind: "call", fn: "rate", args: [sel("http_requests_total", 300_000)], pos: 0 },
      600_000
    ).result
    if (r.resultType !== "vector") throw new Error(r.resultType)
    expect(r.result.map((s) => s.labels)).toEqual([
      ["instance", "0", "job", "api"],
      ["instance", "1", "job", "api"]
    ])
    expect(r.result[0].v).toBeCloseTo(10 / 30, 12)
    expect(r.result[1].v).toBeCloseTo(20 / 30, 12)
  })
  it("aggregates and does binary arithmetic over a range", () => {
    const sum: Plan = {
      kind: "aggregate",
      op: "sum",
      expr: sel("http_requests_total"),
      param: undefined,
      grouping: ["job"],
      without: false,
      pos: 0
    }
    const doubled: Plan = {
      kind: "binary",
      op: "*",
      lhs: sum,
      rhs: { kind: "number", value: 2, pos: 0 },
      returnBool: false,
      matching: undefined,
      pos: 0
    }
    const r = runPlan(doubled, storage, { startMs: 0, endMs: 60_000, stepMs: 30_000 }).result
    expect(r).toEqual({
      resultType: "matrix",
      result: [
        {
          labels: ["job", "api"],
          points: [
            [0, 0],
            [30_000, 60],
            [60_000, 120]
          ]
        }
      ]
    })
  })
  it("returns nothing after the lookback window", () => {
    const r = instant(sel("http_requests_total"), 600_000 + 300_000).result
    expect(r).toEqual({ resultType: "vector", result: [] })
  })
})
