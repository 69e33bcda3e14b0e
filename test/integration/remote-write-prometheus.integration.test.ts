/**
 * A real Prometheus (Debian 2.42) scrapes itself and a node exporter and remote-writes everything
 * to Vesta; then the same PromQL queries against both give the same answers. Also checks the
 * receiver's answers for bad bodies as Prometheus gives them.
 */
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { type Peer, startNodeExporter, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-rw-"))
let vesta: VestaProcess
let nodeExporter: Peer
let prom: Peer

beforeAll(async () => {
  vesta = await startVesta("start", [`--storage.tsdb.path=${join(dir, "vesta")}`])
  nodeExporter = await startNodeExporter()
  const ne = new URL(nodeExporter.baseUrl).host
  // Prometheus scrapes itself through a placeholder target fixed below: its own port is known only
  // after it starts, so it scrapes the node exporter and Vesta's /metrics.
  prom = await startPrometheus({
    config: [
      "global: {scrape_interval: 2s}",
      "scrape_configs:",
      `  - job_name: node\n    static_configs: [{targets: ['${ne}']}]`,
      `  - job_name: vesta\n    static_configs: [{targets: ['${new URL(vesta.baseUrl).host}']}]`,
      "remote_write:",
      `  - url: ${vesta.baseUrl}/api/v1/write`,
      "    queue_config: {batch_send_deadline: 1s}"
    ].join("\n")
  })
  // Let a few scrapes happen and reach Vesta.
  // Prometheus applies discovered targets only every 5 s, then scrapes every 2 s and sends each second.
  await new Promise((r) => setTimeout(r, 14_000))
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  await nodeExporter?.stop()
  await vesta?.stop()
  rmSync(dir, { recursive: true, force: true })
})

const varint = (v: number) => {
  const out: number[] = []
  let u = v
  while (u >= 0x80) {
    out.push((u % 0x80) | 0x80)
    u = Math.floor(u / 0x80)
  }
  out.push(u)
  return out
}

type Vec = Array<{ metric: Record<string, string>; value: [number, string] }>
const instant = async (base: string, q: string, t: number) => {
  const r = (await (
    await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q, time: String(t) })}`)
  ).json()) as {
    status: string
    data: { resultType: string; result: Vec }
  }
  expect(r.status).toBe("success")
  return r.data.result.map((s) => `${JSON.stringify(s.metric)} ${s.value[1]}`).sort()
}

describe("Prometheus remote-writes to Vesta", () => {
  it("accepts remote write 2.0 and reports what it wrote in the -Written headers", async () => {
    const t = Date.now() - 1000
    // symbols ["", "__name__", "v2_metric", "job", "a"], one series, one sample 42 at t, metadata GAUGE
    const sym = (s: string) => [0x22, s.length, ...new TextEncoder().encode(s)]
    const sample = [0x09, ...new Uint8Array(new Float64Array([42]).buffer), 0x10, ...varint(t)]
    const series = [0x0a, 0x04, 1, 2, 3, 4, 0x12, sample.length, ...sample, 0x2a, 0x02, 0x08, 0x02]
    const body = new Uint8Array([
      ...sym(""),
      ...sym("__name__"),
      ...sym("v2_metric"),
      ...sym("job"),
      ...sym("a"),
      0x2a,
      series.length,
      ...series
    ])
    const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
      method: "POST",
      headers: {
        "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
        "content-encoding": "snappy"
      },
      body: compressBlock(body)
    })
    expect(r.status).toBe(204)
    expect(r.headers.get("x-prometheus-remote-write-samples-written")).toBe("1")
    expect(r.headers.get("x-prometheus-remote-write-histograms-written")).toBe("0")
    expect(await instant(vesta.baseUrl, "v2_metric", t / 1000)).toEqual([
      '{"__name__":"v2_metric","job":"a"} 42'
    ])
  })
  it.each([
    "up",
    "count by (job) (up)",
    "node_memory_MemTotal_bytes",
    'count({job="node"})',
    "sum by (mode) (node_cpu_seconds_total)",
    "scrape_samples_scraped",
    "rate(node_cpu_seconds_total[10s])",
    'prometheus_http_requests_total{handler="/metrics"}'
  ])("%s gives the same answer from both", async (q) => {
    const t = Date.now() / 1000 - 3.3 // a moment whose samples have surely been sent
    const [ours, theirs] = await Promise.all([instant(vesta.baseUrl, q, t), instant(prom.baseUrl, q, t)])
    expect(theirs.length).toBeGreaterThan(0)
    expect(ours).toEqual(theirs)
  })
  it.each<[string, Record<string, string>, Uint8Array, number, RegExp]>([
    [
      "an uncompressed body",
      { "content-type": "application/x-protobuf" },
      new Uint8Array([0x0a, 0x00]),
      400,
      /snappy: corrupt input/
    ],
    [
      "an empty body",
      { "content-type": "application/x-protobuf" },
      new Uint8Array(),
      400,
      /snappy: corrupt input/
    ],
    [
      "a snappy length bomb",
      { "content-type": "application/x-protobuf" },
      new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x10]),
      400,
      /exceeds the limit/
    ],
    [
      "an unknown proto message",
      { "content-type": "application/x-protobuf;proto=foo.Bar" },
      compressBlock(new Uint8Array()),
      415,
      /unsupported content type/
    ]
  ])("answers %s like a receiver should", async (_n, headers, body, status, message) => {
    const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
      method: "POST",
      headers: { "content-encoding": "snappy", ...headers },
      body
    })
    expect(r.status).toBe(status)
    expect(await r.text()).toMatch(message)
  })
})
