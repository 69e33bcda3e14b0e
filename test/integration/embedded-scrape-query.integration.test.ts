/**
 * The embedded default end to end: `vesta start --config.file=…` scrapes a local exporter into its
 * head and answers the Prometheus HTTP API (query, query_range, series, labels, label values,
 * targets) with Prometheus's shapes and errors.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

let exporter: Server
let vesta: VestaProcess
const dir = mkdtempSync(join(tmpdir(), "vesta-e2e-"))
let hits = 0

beforeAll(async () => {
  exporter = createServer((_req, res) => {
    hits++
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" })
    res.end(
      `# TYPE lab_temp gauge\nlab_temp{room="kitchen"} 21.5\nlab_temp{room="garage"} 9\n# TYPE lab_hits_total counter\nlab_hits_total ${hits}\n`
    )
  })
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", () => r()))
  const port = (exporter.address() as AddressInfo).port
  const config = join(dir, "prometheus.yml")
  writeFileSync(
    config,
    `scrape_configs:\n  - job_name: lab\n    scrape_interval: 1s\n    static_configs: [{targets: ['127.0.0.1:${port}'], labels: {env: test}}]\n`
  )
  vesta = await startVesta("start", [`--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`])
  const until = Date.now() + 10_000
  while (hits < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 100))
}, 30_000)
afterAll(async () => {
  await vesta?.stop()
  exporter.close()
  rmSync(dir, { recursive: true, force: true })
})

const api = async (path: string) => {
  const res = await fetch(`${vesta.baseUrl}${path}`)
  return {
    status: res.status,
    body: (await res.json()) as { status: string; data: unknown; error?: string; errorType?: string }
  }
}

describe("vesta start: scrape then query", () => {
  it("answers instant queries over scraped data", async () => {
    const r = await api(`/api/v1/query?query=${encodeURIComponent('lab_temp{room="kitchen"}')}`)
    expect(r.status).toBe(200)
    const data = r.body.data as {
      resultType: string
      result: Array<{ metric: Record<string, string>; value: [number, string] }>
    }
    expect(data.resultType).toBe("vector")
    expect(data.result).toHaveLength(1)
    expect(data.result[0].metric).toEqual({
      __name__: "lab_temp",
      env: "test",
      instance: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      job: "lab",
      room: "kitchen"
    })
    expect(data.result[0].value[1]).toBe("21.5")
    const up = await api("/api/v1/query?query=up")
    expect((up.body.data as { result: Array<{ value: [number, string] }> }).result[0].value[1]).toBe("1")
  })
  it("answers range queries, series, labels and label values", async () => {
    const now = Date.now() / 1000
    const range = await api(`/api/v1/query_range?query=sum(lab_temp)&start=${now - 30}&end=${now}&step=1`)
    const m = range.body.data as {
      resultType: string
      result: Array<{ metric: object; values: Array<[number, string]> }>
    }
    expect(m.resultType).toBe("matrix")
    expect(m.result[0].metric).toEqual({})
    expect(m.result[0].values.at(-1)?.[1]).toBe("30.5")
    const series = await api(`/api/v1/series?match[]=${encodeURIComponent("lab_temp")}`)
    expect((series.body.data as object[]).length).toBe(2)
    const labels = await api("/api/v1/labels")
    expect(labels.body.data).toEqual(expect.arrayContaining(["__name__", "env", "instance", "job", "room"]))
    const values = await api("/api/v1/label/room/values")
    expect(values.body.data).toEqual(["garage", "kitchen"])
    const names = await api(`/api/v1/label/__name__/values?match[]=${encodeURIComponent('{job="lab"}')}`)
    expect(names.body.data).toEqual(
      expect.arrayContaining(["lab_temp", "lab_hits_total", "up", "scrape_duration_seconds"])
    )
  })
  it("formats queries like Prometheus", async () => {
    const r = await api(`/api/v1/format_query?query=${encodeURIComponent("sum(rate(foo[5m]))by(job)")}`)
    expect(r.body).toEqual({ status: "success", data: "sum by (job) (rate(foo[5m]))" })
  })
  it("federates the newest samples in text format with timestamps", async () => {
    const res = await fetch(
      `${vesta.baseUrl}/federate?match[]=${encodeURIComponent('lab_temp{room="kitchen"}')}`
    )
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4")
    expect(await res.text()).toMatch(
      /^# TYPE lab_temp untyped\nlab_temp\{env="test",instance="127\.0\.0\.1:\d+",job="lab",room="kitchen"\} 21\.5 \d{13}\n$/
    )
    expect(await (await fetch(`${vesta.baseUrl}/federate`)).text()).toBe("")
  })
  it("serves metric metadata seen by scrapes", async () => {
    const r = await api("/api/v1/metadata")
    expect(r.body.data).toEqual({
      lab_hits_total: [{ type: "counter", help: "", unit: "" }],
      lab_temp: [{ type: "gauge", help: "", unit: "" }]
    })
    const t = await api("/api/v1/targets/metadata?metric=lab_temp")
    expect(t.body.data).toEqual([
      {
        target: expect.objectContaining({ job: "lab" }),
        metric: "lab_temp",
        type: "gauge",
        help: "",
        unit: ""
      }
    ])
  })
  it("shows the target", async () => {
    const r = await api("/api/v1/targets")
    const t = (r.body.data as { activeTargets: Array<Record<string, unknown>> }).activeTargets[0]
    expect(t).toMatchObject({
      scrapePool: "lab",
      health: "up",
      lastError: "",
      scrapeInterval: "1s",
      scrapeTimeout: "1s"
    })
    expect(t.labels).toMatchObject({ job: "lab", env: "test" })
  })
  it.each([
    [
      "/api/v1/query?query=sum(",
      400,
      "bad_data",
      'invalid parameter "query": 1:5: parse error: unclosed left parenthesis'
    ],
    [
      "/api/v1/query_range?query=up&start=100&end=10&step=1",
      400,
      "bad_data",
      'invalid parameter "end": end timestamp must not be before start time'
    ],
    [
      "/api/v1/query_range?query=up&start=0&end=100000&step=1",
      400,
      "bad_data",
      "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
    ],
    [
      "/api/v1/query_range?query=up&start=10&end=100",
      400,
      "bad_data",
      'invalid parameter "step": cannot parse "" to a valid duration'
    ],
    ["/api/v1/series", 400, "bad_data", "no match[] parameter provided"],
    ["/api/v1/label/1bad/values", 400, "bad_data", 'invalid label name: "1bad"'],
    [
      "/api/v1/query?query=up&time=abc",
      400,
      "bad_data",
      `invalid parameter "time": Invalid time value for 'time': cannot parse "abc" to a valid timestamp`
    ]
  ])("%s → %d %s", async (path, status, errorType, error) => {
    const r = await api(path)
    expect(r.status).toBe(status)
    expect(r.body).toEqual({ status: "error", errorType, error })
  })
})
