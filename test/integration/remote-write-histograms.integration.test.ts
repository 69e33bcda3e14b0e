/**
 * Native histograms remote-written to the embedded default and to a real Prometheus 2.42
 * (--enable-feature=native-histograms): the same queries give the same JSON, before and after a
 * kill -9 of Vesta (the write-ahead log replays the histograms). Float histograms are left out of
 * the comparison: 2.42 prints wrong lower bounds for them (see storage/blocks/histogram-blocks.test.ts).
 * rate() of histograms is not compared: Vesta follows Prometheus 3.x, which extrapolates histogram
 * rates like float ones; 2.42 does not (12.65 vs 3.x's 12.719 on int_counter). Nor is
 * histogram_quantile(): 3.x interpolates exponentially inside exponential buckets, 2.42 linearly.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { remoteWriteHistograms } from "../../storage/blocks/testdata/remote-write-histograms.ts"
import { histogramSeries } from "../../storage/chunks/testdata/histogram-series.ts"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-rw-histograms-"))
const series = histogramSeries.filter((s) => s.points.every((p) => !p.float))
let prom: Peer
let vesta: VestaProcess

beforeAll(async () => {
  prom = await startPrometheus({
    flags: ["--web.enable-remote-write-receiver", "--enable-feature=native-histograms"]
  })
  vesta = await startVesta("start", [`--storage.tsdb.path=${join(dir, "data")}`])
  // In two requests, so the second appends to series the first created.
  for (const part of [0, 1]) {
    const half = series.map((s) => ({
      ...s,
      points: s.points.filter((_, i) => i < s.points.length / 2 === (part === 0))
    }))
    await remoteWriteHistograms(prom.baseUrl, half)
    await remoteWriteHistograms(vesta.baseUrl, half)
  }
}, 60_000)

afterAll(async () => {
  await vesta?.stop()
  await prom?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const first = series[0].points[0].t
const queries: Array<[string, number]> = [
  ["fixture_histogram", first / 1000 + 600],
  ["fixture_histogram", first / 1000 + 1900.5],
  ['fixture_histogram{case="int_counter"}', first / 1000 + 30],
  ["histogram_count(fixture_histogram)", first / 1000 + 1200],
  ["histogram_sum(fixture_histogram)", first / 1000 + 1800],
  ["histogram_sum(fixture_histogram) / histogram_count(fixture_histogram)", first / 1000 + 1500],
  ["fixture_histogram offset 10m", first / 1000 + 1500],
  ["count(fixture_histogram)", first / 1000 + 900]
]

const query = async (base: string, q: string, t: number) => {
  const r = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q, time: String(t) })}`)
  const body = (await r.json()) as { status: string; data: unknown }
  return { status: body.status, data: body.data }
}

const range = async (base: string) => {
  const params = new URLSearchParams({
    query: "histogram_count(fixture_histogram)",
    start: String(first / 1000),
    end: String(first / 1000 + 1950),
    step: "60"
  })
  const body = (await (await fetch(`${base}/api/v1/query_range?${params}`)).json()) as { data: unknown }
  return body.data
}

const sortResult = (d: unknown) => {
  const x = d as { result?: Array<{ metric: Record<string, string> }> }
  x.result?.sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)))
  return x
}

describe("native histograms over remote write (embedded vs Prometheus 2.42)", () => {
  it("the receiver reports every histogram written", async () => {
    const r = await fetch(`${vesta.baseUrl}/metrics`)
    const text = await r.text()
    const total = series.reduce((n, s) => n + s.points.length, 0)
    expect(text).toMatch(new RegExp(`prometheus_remote_storage_histograms_received_total ${total}\\b`))
  })

  it.each(queries)("%s at %s", async (q, t) => {
    const [p, v] = await Promise.all([query(prom.baseUrl, q, t), query(vesta.baseUrl, q, t)])
    expect(p.status).toBe("success")
    expect(sortResult(v.data)).toEqual(sortResult(p.data))
  })

  it("query_range of histogram_count agrees", async () => {
    expect(sortResult(await range(vesta.baseUrl))).toEqual(sortResult(await range(prom.baseUrl)))
  })

  it("the write-ahead log brings the histograms back after kill -9", async () => {
    const exited = new Promise((r) => vesta.child.once("exit", r))
    vesta.child.kill("SIGKILL")
    await exited
    vesta = await startVesta("start", [`--storage.tsdb.path=${join(dir, "data")}`])
    for (const [q, t] of queries) {
      const [p, v] = await Promise.all([query(prom.baseUrl, q, t), query(vesta.baseUrl, q, t)])
      expect([q, sortResult(v.data)]).toEqual([q, sortResult(p.data)])
    }
  })
})
