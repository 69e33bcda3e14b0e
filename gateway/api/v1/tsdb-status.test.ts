import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type InProcessGateway, startGateway } from "../../testing.ts"
import { computeTsdbStatus, type TsdbStat, type TsdbStatus } from "./tsdb-status.ts"

interface StatusBody {
  readonly status: string
  readonly data: Record<string, unknown> & {
    readonly headStats: unknown
    readonly seriesCountByMetricName: ReadonlyArray<TsdbStat>
    readonly labelValueCountByLabelName: ReadonlyArray<TsdbStat>
    readonly seriesCountByLabelValuePair: ReadonlyArray<TsdbStat>
  }
}

const series = [
  ["__name__", "up", "instance", "a:1", "job", "node"],
  ["__name__", "up", "instance", "b:1", "job", "node"],
  ["__name__", "up", "instance", "é:1", "job", "prom"],
  ["__name__", "http_requests_total", "code", "200", "instance", "a:1", "job", "node"],
  ["__name__", "http_requests_total", "code", "500", "instance", "a:1", "job", "node"]
]

describe("computeTsdbStatus", () => {
  const s = computeTsdbStatus({ series, chunkCount: 7, minTimeMs: 1000, maxTimeMs: 2000 })

  it("head stats count series and distinct label pairs", () => {
    // pairs: __name__×2, instance×3, job×2, code×2
    expect(s.headStats).toEqual({
      numSeries: 5,
      numLabelPairs: 9,
      chunkCount: 7,
      minTimeMs: 1000,
      maxTimeMs: 2000
    })
  })

  it("ranks by value, then name", () => {
    expect(s.seriesCountByMetricName).toEqual([
      { name: "up", value: 3 },
      { name: "http_requests_total", value: 2 }
    ])
    expect(s.labelValueCountByLabelName).toEqual([
      { name: "instance", value: 3 },
      { name: "__name__", value: 2 },
      { name: "code", value: 2 },
      { name: "job", value: 2 }
    ])
    expect(s.seriesCountByLabelValuePair.slice(0, 4)).toEqual([
      { name: "job=node", value: 4 },
      { name: "__name__=up", value: 3 },
      { name: "instance=a:1", value: 3 },
      { name: "__name__=http_requests_total", value: 2 }
    ])
    expect(s.seriesCountByLabelValuePair).toHaveLength(9)
  })

  it("memory is the UTF-8 bytes of each name's distinct values", () => {
    expect(s.memoryInBytesByLabelName).toEqual([
      { name: "__name__", value: "up".length + "http_requests_total".length },
      { name: "instance", value: 3 + 3 + 4 }, // "é" is two bytes
      { name: "job", value: 8 },
      { name: "code", value: 6 }
    ])
  })

  it("an empty head has no time range", () => {
    expect(computeTsdbStatus({ series: [], chunkCount: 0, minTimeMs: 5, maxTimeMs: 6 }).headStats).toEqual({
      numSeries: 0,
      numLabelPairs: 0,
      chunkCount: 0,
      minTimeMs: undefined,
      maxTimeMs: undefined
    })
  })
})

describe("/api/v1/status/tsdb and /api/v1/status/config", () => {
  let current: TsdbStatus = computeTsdbStatus({ series, chunkCount: 7, minTimeMs: 1000, maxTimeMs: 2000 })
  let gw: InProcessGateway
  beforeAll(async () => {
    gw = await startGateway({
      tsdbStatus: () => current,
      configYaml: () => "global:\n  scrape_interval: 15s\n"
    })
  })
  afterAll(() => gw.stop())
  const get = (path: string, init?: RequestInit) => fetch(`${gw.baseUrl}${path}`, init)

  it("answers in Prometheus's shape, each list cut to limit", async () => {
    const r = await get("/api/v1/status/tsdb?limit=2")
    expect(r.status).toBe(200)
    const body = (await r.json()) as StatusBody
    expect(body.status).toBe("success")
    expect(body.data.headStats).toEqual({
      numSeries: 5,
      numLabelPairs: 9,
      chunkCount: 7,
      minTime: 1000,
      maxTime: 2000
    })
    expect(Object.keys(body.data)).toEqual([
      "headStats",
      "seriesCountByMetricName",
      "labelValueCountByLabelName",
      "memoryInBytesByLabelName",
      "seriesCountByLabelValuePair"
    ])
    expect(body.data.labelValueCountByLabelName).toEqual([
      { name: "instance", value: 3 },
      { name: "__name__", value: 2 }
    ])
    expect(body.data.seriesCountByLabelValuePair).toHaveLength(2)
  })

  it("defaults to 10 entries per list", async () => {
    const body = (await (await get("/api/v1/status/tsdb")).json()) as StatusBody
    expect(body.data.seriesCountByLabelValuePair).toHaveLength(9)
    current = computeTsdbStatus({
      series: Array.from({ length: 30 }, (_, i) => ["__name__", `m${i}`]),
      chunkCount: 30,
      minTimeMs: 1,
      maxTimeMs: 2
    })
    const many = (await (await get("/api/v1/status/tsdb")).json()) as StatusBody
    expect(many.data.seriesCountByMetricName).toHaveLength(10)
    expect(many.data.seriesCountByLabelValuePair).toHaveLength(10)
  })

  it("an empty head shows Go's int64 extremes as exact JSON numbers", async () => {
    current = computeTsdbStatus({ series: [], chunkCount: 0, minTimeMs: undefined, maxTimeMs: undefined })
    const text = await (await get("/api/v1/status/tsdb")).text()
    expect(text).toBe(
      '{"status":"success","data":{"headStats":{"numSeries":0,"numLabelPairs":0,"chunkCount":0,' +
        '"minTime":9223372036854775807,"maxTime":-9223372036854775808},"seriesCountByMetricName":[],' +
        '"labelValueCountByLabelName":[],"memoryInBytesByLabelName":[],"seriesCountByLabelValuePair":[]}}'
    )
  })

  it.each(["0", "-1", "abc", "1.5"])("limit=%s → 400 limit must be a positive number", async (limit) => {
    const r = await get(`/api/v1/status/tsdb?limit=${limit}`)
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({
      status: "error",
      errorType: "bad_data",
      error: "limit must be a positive number"
    })
  })

  it("limit above 10000 → 400", async () => {
    const r = await get("/api/v1/status/tsdb?limit=10001")
    expect(r.status).toBe(400)
    expect(await r.json()).toMatchObject({ error: "limit must not exceed 10000" })
  })

  it("config is the YAML the caller gives", async () => {
    const r = await get("/api/v1/status/config")
    expect(r.status).toBe(200)
    expect(await r.json()).toEqual({ status: "success", data: { yaml: "global:\n  scrape_interval: 15s\n" } })
  })

  it("both are GET only", async () => {
    for (const p of ["/api/v1/status/tsdb", "/api/v1/status/config"]) {
      expect((await get(p, { method: "POST" })).status).toBe(405)
    }
  })
})
