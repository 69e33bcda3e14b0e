import { describe, expect, it } from "vitest"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { Head } from "./head.ts"

const L = (o: Record<string, string>) =>
  Object.entries(o)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flat()

describe("Head append rules (as Prometheus)", () => {
  it("rejects out-of-order, duplicate and out-of-bounds samples and counts them", () => {
    const h = new Head()
    const s = L({ __name__: "m" })
    expect(h.append(s, 10_000, 1)).toBeUndefined()
    expect(h.append(s, 10_000, 1)).toBeUndefined() // identical repeat: no-op
    expect(h.append(s, 10_000, 2)).toBe("duplicate sample for timestamp")
    expect(h.append(s, 5_000, 1)).toBe("out of order sample")
    expect(h.append(s, 10 * 3600_000, 1)).toBeUndefined()
    expect(h.append(L({ __name__: "n" }), 10_000, 1)).toBe("out of bounds")
    expect(h.stats).toMatchObject({ samplesAppended: 2, duplicates: 1, outOfOrder: 1, outOfBounds: 1 })
  })
  it("cuts 15 s samples into four 120-sample chunks per 2 h, never across the range boundary", () => {
    const h = new Head()
    const s = h.getOrCreate(L({ __name__: "m" }))
    for (let t = 0; t < 2 * 3600_000 + 60_000; t += 15_000) h.appendTo(s, t, t)
    expect(s.chunks.map((c) => c.count)).toEqual([120, 120, 120, 120, 4])
    expect(s.chunks[3].maxTime).toBeLessThan(2 * 3600_000)
    expect(s.chunks[4].minTime).toBe(2 * 3600_000)
  })
  it("keeps the staleness marker's identity", () => {
    const h = new Head()
    const s = h.getOrCreate(L({ __name__: "m" }))
    h.appendTo(s, 1000, 1)
    h.appendTo(s, 2000, staleMarker)
    expect(h.isStale(s)).toBe(true)
    // Repeating the marker is a no-op; a plain NaN at the same time is a different value.
    expect(h.appendTo(s, 2000, staleMarker)).toBeUndefined()
    expect(h.appendTo(s, 2000, Number.NaN)).toBe("duplicate sample for timestamp")
    h.appendTo(s, 3000, Number.NaN)
    expect(h.appendTo(s, 3000, Number.NaN)).toBeUndefined()
    expect(h.appendTo(s, 3000, staleMarker)).toBe("duplicate sample for timestamp")
  })
})

describe("Head selection", () => {
  const h = new Head()
  for (const [job, inst] of [
    ["api", "0"],
    ["api", "1"],
    ["db", "0"]
  ]) {
    h.append(L({ __name__: "up", job, instance: inst }), 1000, 1)
  }
  h.append(L({ __name__: "up", job: "api" }), 1000, 1)
  const names = (ms: PlanMatcher[]) => h.select(ms, 0, 2000).map((s) => s.labels.join(","))
  it.each<[string, PlanMatcher[], string[]]>([
    ["equality", [{ type: "=", name: "job", value: "db" }], ["__name__,up,instance,0,job,db"]],
    [
      "regex",
      [
        { type: "=~", name: "instance", value: "1|0" },
        { type: "=", name: "job", value: "api" }
      ],
      ["__name__,up,instance,0,job,api", "__name__,up,instance,1,job,api"]
    ],
    [
      "empty value selects series without the label",
      [{ type: "=", name: "instance", value: "" }],
      ["__name__,up,job,api"]
    ],
    [
      "!= selects series without the label too",
      [{ type: "!=", name: "instance", value: "0" }],
      ["__name__,up,instance,1,job,api", "__name__,up,job,api"]
    ],
    [
      "=~ .* matches everything",
      [{ type: "=~", name: "x", value: ".*" }],
      [
        "__name__,up,instance,0,job,api",
        "__name__,up,instance,0,job,db",
        "__name__,up,instance,1,job,api",
        "__name__,up,job,api"
      ]
    ],
    [
      "=~ .+ needs the label",
      [
        { type: "=~", name: "instance", value: ".+" },
        { type: "=", name: "job", value: "api" }
      ],
      ["__name__,up,instance,0,job,api", "__name__,up,instance,1,job,api"]
    ]
  ])("%s", (_n, ms, want) => expect(names(ms)).toEqual(want))
  it("truncation drops old chunks and empty series from the index", () => {
    const t = new Head()
    t.append(L({ __name__: "old" }), 1000, 1)
    t.append(L({ __name__: "new" }), 3 * 3600_000, 1)
    t.truncate(2 * 3600_000)
    expect(t.numSeries).toBe(1)
    expect(t.labelValues("__name__")).toEqual(["new"])
  })
})
