import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type InProcessGateway, startGateway } from "../../testing.ts"
import type { TsdbAdmin } from "./admin-tsdb-routes.ts"
import type { MatcherSets } from "./match-params.ts"

type Call =
  | { op: "deleteSeries"; matchers: MatcherSets; startMs: number; endMs: number }
  | { op: "cleanTombstones" }
  | { op: "snapshot"; skipHead: boolean }

/** Records every call; `failNext` makes the next call reject. */
const recordingAdmin = () => {
  const calls: Call[] = []
  let failNext: string | undefined
  const done = <A>(a: A): Promise<A> => {
    const f = failNext
    failNext = undefined
    return f === undefined ? Promise.resolve(a) : Promise.reject(new Error(f))
  }
  const admin: TsdbAdmin = {
    deleteSeries: (matchers, startMs, endMs) => {
      calls.push({ op: "deleteSeries", matchers, startMs, endMs })
      return done(undefined)
    },
    cleanTombstones: () => {
      calls.push({ op: "cleanTombstones" })
      return done(undefined)
    },
    snapshot: (skipHead) => {
      calls.push({ op: "snapshot", skipHead })
      return done(`20261124T000000Z-${skipHead ? "skip" : "head"}`)
    }
  }
  return { admin, calls, fail: (m: string) => (failNext = m) }
}

const form = (fields: ReadonlyArray<[string, string]>) => ({
  headers: { "content-type": "application/x-www-form-urlencoded" },
  body: new URLSearchParams(fields as [string, string][]).toString()
})

const minTime = -9223372036854776
const maxTime = 9223372036854776

describe("admin tsdb API with an admin", () => {
  const rec = recordingAdmin()
  let gw: InProcessGateway
  beforeAll(async () => {
    gw = await startGateway({ admin: rec.admin })
  })
  afterAll(() => gw.stop())
  const post = (path: string, init: RequestInit = {}) =>
    fetch(`${gw.baseUrl}/api/v1/admin/tsdb/${path}`, { method: "POST", ...init })

  it("delete_series: URL matchers, defaults to all time, 204 without a body", async () => {
    rec.calls.length = 0
    const r = await post(`delete_series?match[]=${encodeURIComponent('up{job="a"}')}&match[]=foo`)
    expect(r.status).toBe(204)
    expect(await r.text()).toBe("")
    expect(rec.calls).toEqual([
      {
        op: "deleteSeries",
        matchers: [
          [
            { type: "=", name: "__name__", value: "up" },
            { type: "=", name: "job", value: "a" }
          ],
          [{ type: "=", name: "__name__", value: "foo" }]
        ],
        startMs: minTime,
        endMs: maxTime
      }
    ])
  })

  it("delete_series: PUT form body with RFC 3339 and numeric times; start after end is passed on", async () => {
    rec.calls.length = 0
    const r = await post("delete_series", {
      method: "PUT",
      ...form([
        ["match[]", '{job=~".*"}'],
        ["start", "2026-01-01T00:00:00.5Z"],
        ["end", "1e9"]
      ])
    })
    expect(r.status).toBe(204)
    expect(rec.calls).toEqual([
      {
        op: "deleteSeries",
        matchers: [[{ type: "=~", name: "job", value: ".*" }]],
        startMs: Date.UTC(2026, 0, 1, 0, 0, 0, 500),
        endMs: 1e12
      }
    ])
  })

  it.each([
    ["delete_series", "no match[] parameter provided"],
    [
      "delete_series?match[]=up&start=abc",
      `invalid parameter "start": Invalid time value for 'start': cannot parse "abc" to a valid timestamp`
    ],
    [
      "delete_series?match[]=up{&start=abc",
      `invalid parameter "start": Invalid time value for 'start': cannot parse "abc" to a valid timestamp`
    ],
    [
      "delete_series?match[]=up&end=x",
      `invalid parameter "end": Invalid time value for 'end': cannot parse "x" to a valid timestamp`
    ],
    [
      "delete_series?match[]=up{",
      `invalid parameter "match[]": 1:4: parse error: unexpected end of input inside braces`
    ],
    ["delete_series?match[]=sum(up)", `invalid parameter "match[]": 1:4: parse error: unexpected "("`],
    ["delete_series?match[]=up[5m]", `invalid parameter "match[]": 1:3: parse error: unexpected "["`],
    [
      "delete_series?match[]=up&match[]=1bad",
      `invalid parameter "match[]": 1:1: parse error: bad number or duration syntax: "1"`
    ],
    ["delete_series?match[]=", `invalid parameter "match[]": 1:1: parse error: unexpected end of input`],
    [
      "snapshot?skip_head=xyz",
      `invalid parameter "skip_head": unable to parse boolean: strconv.ParseBool: parsing "xyz": invalid syntax`
    ]
  ])("%s → 400 bad_data, storage not called", async (path, message) => {
    rec.calls.length = 0
    const r = await post(path)
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({ status: "error", errorType: "bad_data", error: message })
    expect(rec.calls).toEqual([])
  })

  it("clean_tombstones → 204", async () => {
    rec.calls.length = 0
    const r = await post("clean_tombstones", { method: "PUT" })
    expect(r.status).toBe(204)
    expect(rec.calls).toEqual([{ op: "cleanTombstones" }])
  })

  it.each([
    ["", false],
    ["?skip_head=", false],
    ["?skip_head=true", true],
    ["?skip_head=1", true],
    ["?skip_head=T", true],
    ["?skip_head=False", false]
  ])("snapshot%s → {name}, skipHead %s", async (query, skipHead) => {
    rec.calls.length = 0
    const r = await post(`snapshot${query}`)
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({
      status: "success",
      data: { name: `20261124T000000Z-${skipHead ? "skip" : "head"}` }
    })
    expect(rec.calls).toEqual([{ op: "snapshot", skipHead }])
  })

  it("snapshot: skip_head in a form body wins over the URL", async () => {
    rec.calls.length = 0
    const r = await post("snapshot?skip_head=false", form([["skip_head", "true"]]))
    expect(r.status).toBe(200)
    expect(rec.calls).toEqual([{ op: "snapshot", skipHead: true }])
  })

  it("a storage failure is 500 internal with its message", async () => {
    rec.fail("disk full")
    const r = await post("snapshot")
    expect(r.status).toBe(500)
    expect(await r.json()).toEqual({ status: "error", errorType: "internal", error: "disk full" })
  })

  it("GET and DELETE are 405", async () => {
    for (const method of ["GET", "DELETE"]) {
      const r = await fetch(`${gw.baseUrl}/api/v1/admin/tsdb/snapshot`, { method })
      expect(r.status).toBe(405)
    }
  })
})

describe("admin tsdb API without an admin (flag off)", () => {
  let gw: InProcessGateway
  beforeAll(async () => {
    gw = await startGateway({})
  })
  afterAll(() => gw.stop())

  it.each([
    ["POST", "delete_series?match[]=up"],
    ["POST", "delete_series"],
    ["PUT", "clean_tombstones"],
    ["POST", "snapshot?skip_head=xyz"]
  ])("%s %s → unavailable, admin APIs disabled", async (method, path) => {
    const r = await fetch(`${gw.baseUrl}/api/v1/admin/tsdb/${path}`, { method })
    // Prometheus 2.42 sends 500 (no status for `unavailable`); 3.x sends 503, as errors.ts does.
    expect(r.status).toBe(503)
    expect(await r.json()).toEqual({
      status: "error",
      errorType: "unavailable",
      error: "admin APIs disabled"
    })
  })
})
