/**
 * Scraped OpenMetrics exemplars: Vesta and Prometheus 2.42, both with
 * `--enable-feature=exemplar-storage`, scrape the same exporter; `/api/v1/query_exemplars` must
 * answer alike (exemplars carry explicit timestamps, so nothing needs normalising).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-exemplars-scrape-"))
let vesta: VestaProcess
let prom: Peer
let exporter: Server

const t0 = Math.floor(Date.now() / 1000) - 30
const payload = [
  "# TYPE orders counter",
  "# HELP orders Orders placed.",
  `orders_total{shop="a"} 17 # {trace_id="KOO5S4vxi0o"} 1 ${t0}.5`,
  `orders_total{shop="b"} 3 # {trace_id="oHg5SJYRHA0",span_id="x"} 2.5e-9 ${t0 + 1}`,
  'orders_created{shop="a"} 1.6e9',
  "# TYPE latency_seconds histogram",
  `latency_seconds_bucket{le="0.1"} 2 # {trace_id="bucket"} 0.05 ${t0 + 2}.25`,
  'latency_seconds_bucket{le="+Inf"} 3',
  "latency_seconds_count 3",
  "latency_seconds_sum 0.4",
  "# EOF",
  ""
].join("\n")

beforeAll(async () => {
  exporter = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/openmetrics-text; version=1.0.0; charset=utf-8" })
    res.end(payload)
  })
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", r))
  const target = `127.0.0.1:${(exporter.address() as AddressInfo).port}`
  const config = [
    "global: {scrape_interval: 1s}",
    "scrape_configs:",
    `  - job_name: shop\n    static_configs: [{targets: ['${target}']}]`
  ].join("\n")
  writeFileSync(join(dir, "prometheus.yml"), config)
  ;[vesta, prom] = await Promise.all([
    startVesta("start", [
      `--storage.tsdb.path=${join(dir, "vesta")}`,
      `--config.file=${join(dir, "prometheus.yml")}`,
      "--enable-feature=exemplar-storage"
    ]),
    startPrometheus({ config, flags: ["--enable-feature=exemplar-storage"] })
  ])
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  await vesta?.stop()
  await new Promise((r) => exporter?.close(r))
  rmSync(dir, { recursive: true, force: true })
})

type Answer = { status: string; data: Array<{ seriesLabels: Record<string, string>; exemplars: unknown[] }> }
const query = async (base: string, q: string): Promise<Answer> => {
  const body = (await (
    await fetch(`${base}/api/v1/query_exemplars?${new URLSearchParams({ query: q })}`)
  ).json()) as Answer
  // Prometheus lists series in its map order; Vesta sorts them: compare as sets.
  return {
    ...body,
    data: [...body.data].sort((a, b) =>
      JSON.stringify(a.seriesLabels) < JSON.stringify(b.seriesLabels) ? -1 : 1
    )
  }
}

describe("scraped exemplars: Vesta and Prometheus 2.42 alike", () => {
  it("query_exemplars after a few scrapes", async () => {
    const until = Date.now() + 20_000
    const q = '{job="shop"}'
    let v: Answer = await query(vesta.baseUrl, q)
    let p: Answer = await query(prom.baseUrl, q)
    while ((v.data.length < 3 || p.data.length < 3) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 500))
      ;[v, p] = await Promise.all([query(vesta.baseUrl, q), query(prom.baseUrl, q)])
    }
    expect(p.data.length).toBe(3)
    expect(v).toEqual(p)
    expect(await query(vesta.baseUrl, 'orders_total{shop="b"}')).toEqual(
      await query(prom.baseUrl, 'orders_total{shop="b"}')
    )
  }, 30_000)
})
