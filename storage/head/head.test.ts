import { describe, expect, it } from "vitest"
import { staleMarker } from "../../protocols/values/special-nans.ts"
import type { PlanMatcher } from "../promql/plan.ts"
import { Head, seriesHash } from "./head.ts"

const L = (o: Record<string, string>) =>
  Object.entries(o)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flat()

describe("Head series lookup by label hash", () => {
  it("keeps series whose hashes collide apart, finds each, and drops one without the other", () => {
    // Two label sets with the same 31-bit hash, found by search.
    const seen = new Map<number, string[]>()
    let pair: [string[], string[]] | undefined
    for (let i = 0; pair === undefined; i++) {
      const l = L({ __name__: "m", id: String(i) })
      const h = seriesHash(l)
      const other = seen.get(h)
      if (other) pair = [other, l]
      else seen.set(h, l)
    }
    const [a, b] = pair
    expect(seriesHash(a)).toBe(seriesHash(b))
    const head = new Head()
    const sa = head.getOrCreate(a)
    const sb = head.getOrCreate(b)
    expect(sb).not.toBe(sa)
    expect(head.getOrCreate([...a])).toBe(sa)
    expect(head.getOrCreate([...b])).toBe(sb)
    expect(head.numSeries).toBe(2)
    // Only a gets samples; truncation drops the empty b and a's old chunk, then a.
    head.appendTo(sa, 1000, 1)
    head.appendTo(sa, 3 * 3600_000, 2)
    head.truncate(2 * 3600_000)
    expect(head.numSeries).toBe(1)
    expect(head.getOrCreate([...a])).toBe(sa)
    const again = head.getOrCreate([...b])
    expect(again).not.toBe(sb)
    expect(head.numSeries).toBe(2)
  })
})

describe("Head postings", () => {
  it("selects by values held by one series and by several, as series come and go", () => {
    const head = new Head()
    const refsOf = (m: PlanMatcher[]) => head.postings.select(m).sort((x, y) => x - y)
    const a = head.getOrCreate(L({ __name__: "m", id: "1", zone: "z" }))
    const b = head.getOrCreate(L({ __name__: "m", id: "2", zone: "z" }))
    const c = head.getOrCreate(L({ __name__: "m", id: "3", zone: "y" }))
    expect(refsOf([{ name: "id", type: "=", value: "2" }])).toEqual([b.ref])
    expect(refsOf([{ name: "zone", type: "=", value: "z" }])).toEqual([a.ref, b.ref])
    expect(refsOf([{ name: "id", type: "=~", value: "1|3" }])).toEqual([a.ref, c.ref])
    expect(refsOf([{ name: "zone", type: "!=", value: "z" }])).toEqual([c.ref])
    // a keeps a sample past the cut; b and c are dropped.
    head.appendTo(a, 3 * 3600_000, 1)
    head.truncate(2 * 3600_000)
    expect(refsOf([{ name: "zone", type: "=", value: "z" }])).toEqual([a.ref])
    expect(refsOf([{ name: "id", type: "=", value: "2" }])).toEqual([])
    expect(refsOf([{ name: "id", type: "=~", value: ".+" }])).toEqual([a.ref])
    expect(head.labelValues("id")).toEqual(["1"])
    const d = head.getOrCreate(L({ __name__: "m", id: "4", zone: "z" }))
    expect(refsOf([{ name: "zone", type: "=", value: "z" }])).toEqual([a.ref, d.ref])
  })
})

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
