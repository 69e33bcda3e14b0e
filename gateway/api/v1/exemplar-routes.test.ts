import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { astJson } from "../../../protocols/promql/ast-json.ts"
import { parse } from "../../../protocols/promql/parser.ts"
import { type InProcessGateway, startGateway } from "../../testing.ts"

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
