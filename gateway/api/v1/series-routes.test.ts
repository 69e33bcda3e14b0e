import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { fixedSeriesSource, type InProcessGateway, startGateway } from "../../testing.ts"
import { QueryFailedError } from "./query-routes.ts"

const series = [
  ["__name__", "up", "instance", "a:1", "job", "node"],
  ["__name__", "up", "instance", "b:1", "job", "node"],
  ["__name__", "up", "instance", "c:1", "job", "prom"],
  ["__name__", "scrape_samples", "instance", "a:1", "job", "node"]
]

let gw: InProcessGateway
beforeAll(async () => {
  gw = await startGateway({
    query: {
      // These tests read only the metadata endpoints; a query reaching the engine is a test bug.
      engine: {
        defaultTimeoutMs: 1000,
        run: () => Effect.fail(new QueryFailedError({ errorType: "internal", reason: "not in this test" }))
      },
      series: fixedSeriesSource(series)
    }
  })
})
afterAll(() => gw.stop())

interface Answer {
  readonly status: number
  readonly body: { readonly data?: unknown; readonly warnings?: unknown } | string
}

const get = async (
  path: string,
  params: ReadonlyArray<readonly [string, string]>,
  method = "GET"
): Promise<Answer> => {
  const qs = new URLSearchParams(params as [string, string][]).toString()
  const r =
    method === "GET"
      ? await fetch(`${gw.baseUrl}${path}?${qs}`)
      : await fetch(`${gw.baseUrl}${path}`, {
          method,
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: qs
        })
  return { status: r.status, body: r.status === 405 ? await r.text() : ((await r.json()) as Answer["body"]) }
}

const bad = (error: string) => ({ status: 400, body: { status: "error", errorType: "bad_data", error } })

describe("series, labels, label values: limit and truncation warnings (Prometheus 3)", () => {
  it("series under the limit: no warning", async () => {
    expect(
      await get("/api/v1/series", [
        ["match[]", "up"],
        ["limit", "3"]
      ])
    ).toEqual({
      status: 200,
      body: {
        status: "success",
        data: [
          { __name__: "up", instance: "a:1", job: "node" },
          { __name__: "up", instance: "b:1", job: "node" },
          { __name__: "up", instance: "c:1", job: "prom" }
        ]
      }
    })
  })

  it.each(["GET", "POST"])("series over the limit (%s): cut, with the warning", async (method) => {
    const r = await get(
      "/api/v1/series",
      [
        ["match[]", "up"],
        ["limit", "2"]
      ],
      method
    )
    expect(r.body).toMatchObject({ warnings: ["results truncated due to limit"] })
    expect((r.body as { data: unknown[] }).data).toHaveLength(2)
  })

  it("labels and label values over the limit carry the warning too", async () => {
    const labels = await get("/api/v1/labels", [["limit", "1"]], "POST")
    expect(labels.body).toEqual({
      status: "success",
      data: ["__name__"],
      warnings: ["results truncated due to limit"]
    })
    const values = await get("/api/v1/label/job/values", [
      ["match[]", "up"],
      ["limit", "1"]
    ])
    expect(values.body).toEqual({
      status: "success",
      data: ["node"],
      warnings: ["results truncated due to limit"]
    })
    const all = await get("/api/v1/label/job/values", [["limit", "2"]])
    expect(all.body).toEqual({ status: "success", data: ["node", "prom"] })
  })
})

describe("match[] as Prometheus reads it", () => {
  it.each([
    [
      [["match[]", '{job=~".*"}']],
      `invalid parameter "match[]": match[] must contain at least one non-empty matcher`
    ],
    [[["match[]", "{}"]], `invalid parameter "match[]": match[] must contain at least one non-empty matcher`],
    [[["match[]", "sum(up)"]], `invalid parameter "match[]": 1:4: parse error: unexpected "("`],
    [[["match[]", "up offset 5m"]], `invalid parameter "match[]": 1:4: parse error: unexpected <offset>`],
    [[["match[]", 'up{a="b"} + 1']], `invalid parameter "match[]": 1:11: parse error: unexpected <op:+>`],
    [[["match[]", ""]], `invalid parameter "match[]": 1:1: parse error: unexpected end of input`]
  ] as const)("series %j → %s", async (params, error) => {
    expect(await get("/api/v1/series", params)).toEqual(bad(error))
  })

  it("`sum` alone is a metric name", async () => {
    expect(await get("/api/v1/series", [["match[]", "sum"]])).toEqual({
      status: 200,
      body: { status: "success", data: [] }
    })
  })

  it("labels and label values word selector errors without the parameter", async () => {
    expect(await get("/api/v1/labels", [["match[]", "{}"]])).toEqual(
      bad("match[] must contain at least one non-empty matcher")
    )
    expect(await get("/api/v1/labels", [["match[]", "up{"]])).toEqual(
      bad("1:4: parse error: unexpected end of input inside braces")
    )
    expect(await get("/api/v1/label/job/values", [["match[]", "sum(up)"]])).toEqual(
      bad('1:4: parse error: unexpected "("')
    )
  })

  it("DELETE /api/v1/series → 500 internal not implemented", async () => {
    const r = await fetch(`${gw.baseUrl}/api/v1/series?match[]=up`, { method: "DELETE" })
    expect(r.status).toBe(500)
    expect(await r.json()).toEqual({ status: "error", errorType: "internal", error: "not implemented" })
  })

  it("label values is GET only", async () => {
    expect((await get("/api/v1/label/job/values", [], "POST")).status).toBe(405)
  })
})
