import { describe, expect, it } from "vitest"
import {
  BadParameterError,
  maxTimeMs,
  mergeForm,
  minTimeMs,
  parseDurationParam,
  parseTimeParam
} from "./params.ts"

describe("parseTimeParam", () => {
  it.each([
    ["1795512260", 1795512260000],
    ["1795512260.5", 1795512260500],
    ["1795512260.1234", 1795512260123],
    ["-1.5", -1500],
    ["1e9", 1e12],
    ["2026-11-24T09:25:00.123+01:00", Date.UTC(2026, 10, 24, 8, 25, 0, 123)],
    ["2026-11-24T09:25:00Z", Date.UTC(2026, 10, 24, 9, 25, 0)],
    ["-292273086-05-16T16:47:06Z", minTimeMs],
    ["292277025-08-18T07:12:54.999999999Z", maxTimeMs]
  ])("%s → %d", (raw, ms) => expect(parseTimeParam("time", raw)).toBe(ms))
  it.each(["abc", "", "2026-11-24", "1795512260x", "NaN", "Inf"])(
    "rejects %j with Prometheus's message",
    (raw) => {
      const e = parseTimeParam("time", raw)
      expect(e).toBeInstanceOf(BadParameterError)
      expect((e as BadParameterError).message).toBe(
        `invalid parameter "time": Invalid time value for 'time': cannot parse "${raw}" to a valid timestamp`
      )
    }
  )
})

describe("parseDurationParam", () => {
  it.each([
    ["15", 15_000],
    ["0.5", 500],
    ["1m", 60_000],
    ["1h30m", 5_400_000],
    ["10ms", 10]
  ])("%s → %d ms", (raw, ms) => expect(parseDurationParam("step", raw)).toBe(ms))
  it.each(["", "PT15S", "1ns", "abc"])("rejects %j", (raw) => {
    const e = parseDurationParam("step", raw) as BadParameterError
    expect(e.message).toBe(`invalid parameter "step": cannot parse "${raw}" to a valid duration`)
  })
})

describe("mergeForm", () => {
  it("lets the form body win over URL parameters and keeps repeated ones", () => {
    const q = new URLSearchParams("query=up&time=1&match[]=a")
    const body = new TextEncoder().encode("query=down&match[]=b&match[]=c")
    const m = mergeForm(q, "application/x-www-form-urlencoded; charset=UTF-8", body)
    expect(m.get("query")).toBe("down")
    expect(m.get("time")).toBe("1")
    expect(m.getAll("match[]")).toEqual(["b", "c", "a"])
  })
  it("ignores bodies of other content types", () => {
    const q = new URLSearchParams("query=up")
    expect(mergeForm(q, "application/json", new TextEncoder().encode("query=x")).get("query")).toBe("up")
  })
})
