import { describe, expect, it } from "vitest"
import { labelsFromObject } from "../labels/labels.ts"
import { equalMatcher, type Matcher, makeMatcher } from "../labels/matcher.ts"
import { type Exemplar, ExemplarStore, exemplarErrorText } from "./exemplar-store.ts"

const s = (job: string) => labelsFromObject({ __name__: "m", job })
const ex = (ts: number, value = 1, trace = `t${ts}`): Exemplar => ({
  labels: labelsFromObject({ trace_id: trace }),
  value,
  ts
})
const all: Matcher[][] = [[makeMatcher("=~", "__name__", ".+") as Matcher]]
const tsOf = (store: ExemplarStore, job: string) =>
  store.select(-Infinity, Infinity, [[equalMatcher("job", job)]]).flatMap((r) => r.exemplars.map((e) => e.ts))

describe("ExemplarStore", () => {
  it("keeps exemplars per series oldest first and selects by time range and matchers", () => {
    const st = new ExemplarStore(10)
    expect(st.append(s("a"), ex(1))).toBe("appended")
    expect(st.append(s("b"), ex(2))).toBe("appended")
    expect(st.append(s("a"), ex(3))).toBe("appended")
    expect(tsOf(st, "a")).toEqual([1, 3])
    expect(tsOf(st, "b")).toEqual([2])
    const r = st.select(2, 3, all)
    expect(r.map((x) => [x.seriesLabels, x.exemplars.map((e) => e.ts)])).toEqual([
      [s("a"), [3]],
      [s("b"), [2]]
    ])
    expect(st.select(4, 10, all)).toEqual([])
  })

  it("wraps around: the oldest exemplar of the whole buffer is overwritten, whichever series owns it", () => {
    const st = new ExemplarStore(3)
    st.append(s("a"), ex(1))
    st.append(s("b"), ex(2))
    st.append(s("a"), ex(3))
    st.append(s("c"), ex(4)) // evicts a@1
    expect(tsOf(st, "a")).toEqual([3])
    st.append(s("c"), ex(5)) // evicts b@2: series b gone
    expect(tsOf(st, "b")).toEqual([])
    expect(st.stats()).toMatchObject({ inStorage: 3, seriesInStorage: 2, lastTimestampMs: 5, appended: 5 })
    for (let t = 6; t < 100; t++) st.append(s(t % 2 === 0 ? "a" : "c"), ex(t))
    expect(tsOf(st, "a")).toEqual([98])
    expect(tsOf(st, "c")).toEqual([97, 99])
    expect(st.stats()).toMatchObject({ inStorage: 3, seriesInStorage: 2, maxExemplars: 3 })
  })

  it("an exemplar equal to the series' newest is a no-op; an older or same-time different one is out of order", () => {
    const st = new ExemplarStore(5)
    expect(st.append(s("a"), ex(10, 1, "x"))).toBe("appended")
    expect(st.append(s("a"), ex(10, 1, "x"))).toBe("duplicate")
    expect(st.append(s("a"), ex(10, 2, "x"))).toBe("out-of-order")
    expect(st.append(s("a"), ex(9, 1, "y"))).toBe("out-of-order")
    expect(st.append(s("b"), ex(9))).toBe("appended") // order is per series
    expect(tsOf(st, "a")).toEqual([10])
    expect(st.stats()).toMatchObject({ appended: 2, inStorage: 2 })
    expect(exemplarErrorText("out-of-order")).toBe("out of order exemplar")
  })

  it("refuses labels longer than 128 UTF-8 characters (names and values counted, code points not bytes)", () => {
    const st = new ExemplarStore(5)
    const at = (n: number, ch: string): Exemplar => ({
      labels: labelsFromObject({ t: ch.repeat(n - 1) }),
      value: 1,
      ts: n
    })
    expect(st.append(s("a"), at(128, "é"))).toBe("appended")
    expect(st.append(s("a"), at(129, "a"))).toBe("label-length")
    expect(st.append(s("a"), at(129, "😀"))).toBe("label-length")
    expect(st.append(s("a"), { labels: [], value: 1, ts: 200 })).toBe("appended")
  })

  it("capacity 0 disables storage", () => {
    const st = new ExemplarStore(0)
    expect(st.append(s("a"), ex(1))).toBe("disabled")
    expect(st.select(-Infinity, Infinity, all)).toEqual([])
    expect(st.stats()).toMatchObject({ inStorage: 0, maxExemplars: 0, appended: 0 })
  })

  it("resize keeps the newest exemplars in order and goes on appending", () => {
    const st = new ExemplarStore(4)
    for (let t = 1; t <= 6; t++) st.append(s(t % 2 === 0 ? "a" : "b"), ex(t)) // holds 3..6
    st.resize(2)
    expect(tsOf(st, "a")).toEqual([6])
    expect(tsOf(st, "b")).toEqual([5])
    st.resize(5)
    expect(st.stats()).toMatchObject({ inStorage: 2, maxExemplars: 5 })
    for (let t = 7; t <= 9; t++) st.append(s("a"), ex(t))
    expect(tsOf(st, "a")).toEqual([6, 7, 8, 9])
    st.append(s("a"), ex(10)) // evicts b@5
    expect(tsOf(st, "b")).toEqual([])
    expect(st.append(s("a"), ex(9, 1, "late"))).toBe("out-of-order")
    st.resize(0)
    expect(st.select(-Infinity, Infinity, all)).toEqual([])
    expect(st.append(s("a"), ex(11))).toBe("disabled")
  })
})
