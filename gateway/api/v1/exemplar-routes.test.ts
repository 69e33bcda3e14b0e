import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { astJson } from "../../../protocols/promql/ast-json.ts"
import { parse } from "../../../protocols/promql/parser.ts"
import { ExemplarStore } from "../../../storage/exemplars/exemplar-store.ts"
import { labelsFromObject } from "../../../storage/labels/labels.ts"
import { type InProcessGateway, startGateway } from "../../testing.ts"
import { answerExemplars } from "./exemplar-routes.ts"

let gw: InProcessGateway
beforeAll(async () => {
  gw = await startGateway({})
})
afterAll(() => gw.stop())

const get = (path: string, params: Record<string, string>) =>
  fetch(`${gw.baseUrl}${path}?${new URLSearchParams(params)}`)
const post = (path: string, params: Record<string, string>) =>
  fetch(`${gw.baseUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(params).toString()
  })

const badData = (error: string) => ({ status: "error", errorType: "bad_data", error })
const startErr = `invalid parameter "start": Invalid time value for 'start': cannot parse "abc" to a valid timestamp`

describe("/api/v1/query_exemplars (no exemplar storage: what Prometheus answers with it off)", () => {
  it.each([
    [{ query: "up" }],
    [{ query: "sum(rate(up[5m])) by (job)" }],
    [{ query: "up and foo" }],
    [{ query: "up[5m]" }],
    [{ query: "up", start: "0", end: "100" }],
    [{ query: "up", start: "", end: "" }],
    [{ query: "up", start: "-292273086-05-16T16:47:06Z", end: "292277025-08-18T07:12:54.999999999Z" }]
  ])("%j → 200 []", async (params) => {
    for (const r of [
      await get("/api/v1/query_exemplars", params),
      await post("/api/v1/query_exemplars", params)
    ]) {
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual({ status: "success", data: [] })
    }
  })

  it.each(["1", "time()", "vector(1)", '"s"', "-(2 * 3)"])(
    "%s selects no series → 204, no body",
    async (query) => {
      const r = await get("/api/v1/query_exemplars", { query })
      expect(r.status).toBe(204)
      expect(await r.text()).toBe("")
    }
  )

  it.each([
    [{ query: "up", start: "100", end: "10" }, "end timestamp must not be before start timestamp"],
    [{ query: "up{", start: "100", end: "10" }, "end timestamp must not be before start timestamp"],
    [{}, "1:1: parse error: no expression found in input"],
    [{ query: "  " }, "1:1: parse error: no expression found in input"],
    [{ query: "up{" }, "1:4: parse error: unexpected end of input inside braces"],
    [
      { query: '{job=~".*"}' },
      "1:1: parse error: vector selector must contain at least one non-empty matcher"
    ],
    [{ query: "up", start: "abc" }, startErr],
    [{ query: "up{", start: "abc", end: "abc" }, startErr],
    [
      { query: "up", end: "abc" },
      `invalid parameter "end": Invalid time value for 'end': cannot parse "abc" to a valid timestamp`
    ]
  ])("%j → 400 %s", async (params, error) => {
    for (const r of [
      await get("/api/v1/query_exemplars", params),
      await post("/api/v1/query_exemplars", params)
    ]) {
      expect(r.status).toBe(400)
      expect(await r.json()).toEqual(badData(error))
    }
  })

  it("a JSON body is not a form: the query is missing", async () => {
    const r = await fetch(`${gw.baseUrl}/api/v1/query_exemplars`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"query":"up"}'
    })
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual(badData("1:1: parse error: no expression found in input"))
  })

  it("PUT → 405", async () => {
    expect((await fetch(`${gw.baseUrl}/api/v1/query_exemplars?query=up`, { method: "PUT" })).status).toBe(405)
  })
})

describe("/api/v1/parse_query (Prometheus 3)", () => {
  it.each([
    "up",
    'sum by (job) (rate(http_requests_total{code=~"5.."}[5m] offset 1m))',
    "1 + 2 * -foo",
    '"x"'
  ])("%s → the syntax tree as JSON, GET and POST", async (query) => {
    const r0 = parse(query, { experimentalFunctions: true })
    if (!r0.ok) throw new Error(r0.error.text)
    const want = JSON.parse(JSON.stringify({ status: "success", data: astJson(r0.expr) }))
    for (const r of [
      await get("/api/v1/parse_query", { query }),
      await post("/api/v1/parse_query", { query })
    ]) {
      expect(r.status).toBe(200)
      expect(await r.json()).toEqual(want)
    }
  })

  it("selector node shape", async () => {
    const body = (await (await get("/api/v1/parse_query", { query: 'up{job="a"}' })).json()) as {
      data: unknown
    }
    expect(body.data).toMatchObject({
      type: "vectorSelector",
      name: "up",
      offset: 0,
      matchers: expect.arrayContaining([
        { name: "job", type: "=", value: "a" },
        { name: "__name__", type: "=", value: "up" }
      ]),
      timestamp: null,
      startOrEnd: null
    })
  })

  it.each([
    ["up{", `invalid parameter "query": 1:4: parse error: unexpected end of input inside braces`],
    ["", `invalid parameter "query": 1:1: parse error: no expression found in input`]
  ])("%j → 400 %s", async (query, error) => {
    const r = await get("/api/v1/parse_query", { query })
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual(badData(error))
  })
})

describe("/api/v1/format_query", () => {
  it("empty query is worded as Prometheus words it", async () => {
    const r = await post("/api/v1/format_query", { query: " " })
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual(
      badData(`invalid parameter "query": 1:1: parse error: no expression found in input`)
    )
  })
})

describe("/api/v1/query_exemplars with exemplar storage on", () => {
  const store = new ExemplarStore(100)
  const series = (job: string, instance: string) => labelsFromObject({ __name__: "req_total", job, instance })
  store.append(series("api", "b:1"), {
    labels: labelsFromObject({ trace_id: "t1" }),
    value: 1,
    ts: 1_600_000_000_123
  })
  store.append(series("api", "a:1"), {
    labels: labelsFromObject({ trace_id: "t2" }),
    value: 0.5,
    ts: 1_600_000_001_000
  })
  store.append(series("api", "b:1"), {
    labels: labelsFromObject({ trace_id: "t3", span_id: "s" }),
    value: 2e-7,
    ts: 1_600_000_002_500
  })
  store.append(series("db", "c:1"), { labels: labelsFromObject({}), value: 3, ts: 1_600_000_003_000 })
  const answer = (params: Record<string, string>) => {
    const r = answerExemplars(new URLSearchParams(params), store)
    return { status: r.status, body: r.body === undefined ? undefined : JSON.parse(String(r.body)) }
  }

  it("series sorted by labels, exemplars oldest first, value a string, timestamp float seconds", () => {
    expect(answer({ query: 'req_total{job="api"}' })).toEqual({
      status: 200,
      body: {
        status: "success",
        data: [
          {
            seriesLabels: { __name__: "req_total", instance: "a:1", job: "api" },
            exemplars: [{ labels: { trace_id: "t2" }, value: "0.5", timestamp: 1600000001 }]
          },
          {
            seriesLabels: { __name__: "req_total", instance: "b:1", job: "api" },
            exemplars: [
              { labels: { trace_id: "t1" }, value: "1", timestamp: 1600000000.123 },
              { labels: { span_id: "s", trace_id: "t3" }, value: "2e-07", timestamp: 1600000002.5 }
            ]
          }
        ]
      }
    })
  })

  it("the time range and every selector of the query apply", () => {
    const r = answer({
      query: 'rate(req_total{instance="b:1"}[5m]) + on() req_total{job="db"}',
      start: "1600000001",
      end: "1600000003"
    })
    expect(
      r.body.data.map((s: { seriesLabels: { instance: string }; exemplars: unknown[] }) => [
        s.seriesLabels.instance,
        s.exemplars.length
      ])
    ).toEqual([
      ["b:1", 1],
      ["c:1", 1]
    ])
    expect(answer({ query: "nothing_here" })).toEqual({ status: 200, body: { status: "success", data: [] } })
    expect(answer({ query: "vector(1)" }).status).toBe(204)
  })
})
