/**
 * Exemplar storage against the Debian Prometheus 2.42 with `--enable-feature=exemplar-storage`:
 * the same remote-write 1.0 requests with exemplars go to both, then `/api/v1/query_exemplars`
 * must answer the same JSON for the same queries, and the same exemplar metrics must count.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-exemplars-"))
let vesta: VestaProcess
let prom: Peer

const config = "global: {scrape_interval: 15s}\nstorage:\n  exemplars:\n    max_exemplars: 5\n"

const vestaFlags = [
  `--storage.tsdb.path=${join(dir, "vesta")}`,
  `--config.file=${join(dir, "prometheus.yml")}`,
  "--enable-feature=exemplar-storage"
]

beforeAll(async () => {
  writeFileSync(join(dir, "prometheus.yml"), config)
  ;[vesta, prom] = await Promise.all([
    startVesta("start", vestaFlags),
    startPrometheus({
      config,
      flags: ["--web.enable-remote-write-receiver", "--enable-feature=exemplar-storage"]
    })
  ])
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  await vesta?.stop()
  rmSync(dir, { recursive: true, force: true })
})

// --- a minimal protobuf writer for prometheus.WriteRequest (remote write 1.0) ---
const varint = (v: number | bigint): number[] => {
  let u = BigInt.asUintN(64, BigInt(v))
  const out: number[] = []
  while (u >= 0x80n) {
    out.push(Number(u & 0x7fn) | 0x80)
    u >>= 7n
  }
  out.push(Number(u))
  return out
}
const bytesField = (field: number, b: ReadonlyArray<number>) => [(field << 3) | 2, ...varint(b.length), ...b]
const str = (field: number, s: string) => bytesField(field, [...new TextEncoder().encode(s)])
const dbl = (field: number, v: number) => {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setFloat64(0, v, true)
  return [(field << 3) | 1, ...b]
}
const int = (field: number, v: number) => [field << 3, ...varint(v)]
const labelsOf = (field: number, l: Record<string, string>) =>
  Object.entries(l)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .flatMap(([n, v]) => bytesField(field, [...str(1, n), ...str(2, v)]))

interface Ex {
  readonly labels: Record<string, string>
  readonly value: number
  readonly ts: number
}
interface Series {
  readonly labels: Record<string, string>
  readonly samples: ReadonlyArray<readonly [number, number]>
  readonly exemplars: ReadonlyArray<Ex>
}
const writeRequest = (series: ReadonlyArray<Series>) =>
  new Uint8Array(
    series.flatMap((s) =>
      bytesField(1, [
        ...labelsOf(1, s.labels),
        ...s.samples.flatMap(([t, v]) => bytesField(2, [...dbl(1, v), ...int(2, t)])),
        ...s.exemplars.flatMap((e) =>
          bytesField(3, [...labelsOf(1, e.labels), ...dbl(2, e.value), ...int(3, e.ts)])
        )
      ])
    )
  )

const send = async (base: string, series: ReadonlyArray<Series>) => {
  const r = await fetch(`${base}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0"
    },
    body: compressBlock(writeRequest(series))
  })
  return { status: r.status, body: await r.text() }
}
const both = async (series: ReadonlyArray<Series>) => {
  const [v, p] = await Promise.all([send(vesta.baseUrl, series), send(prom.baseUrl, series)])
  return { v, p }
}

type ExemplarAnswer = Array<{ seriesLabels: Record<string, string>; exemplars: unknown[] }>
const sortSeries = (d: ExemplarAnswer) =>
  [...d].sort((a, b) => (JSON.stringify(a.seriesLabels) < JSON.stringify(b.seriesLabels) ? -1 : 1))
const query = async (base: string, params: Record<string, string>) => {
  const r = await fetch(`${base}/api/v1/query_exemplars?${new URLSearchParams(params)}`)
  const text = await r.text()
  if (r.status !== 200) return { status: r.status, text }
  const body = JSON.parse(text)
  // Prometheus lists series in its map order; Vesta sorts them: compare as sets.
  return { status: r.status, body: { ...body, data: sortSeries(body.data) } }
}
const sameAnswer = async (params: Record<string, string>) => {
  const [v, p] = await Promise.all([query(vesta.baseUrl, params), query(prom.baseUrl, params)])
  expect(v).toEqual(p)
  return v
}
const metric = async (base: string, name: string) => {
  const text = await (await fetch(`${base}/metrics`)).text()
  const line = text.split("\n").find((l) => l.startsWith(`${name} `))
  return line === undefined ? undefined : Number(line.slice(name.length + 1))
}

const now = Date.now() - 60_000
const job = (j: string, instance: string) => ({ __name__: "http_requests_total", job: j, instance })

describe("exemplars: Vesta and Prometheus 2.42 (exemplar-storage) answer alike", () => {
  it("remote write 1.0 exemplars, then query_exemplars", async () => {
    const r = await both([
      {
        labels: job("api", "a:1"),
        samples: [[now, 1]],
        exemplars: [
          { labels: { trace_id: "abc" }, value: 1, ts: now },
          { labels: { trace_id: "def", span_id: "1" }, value: 0.25, ts: now + 1500 }
        ]
      },
      {
        labels: job("db", "b:1"),
        samples: [[now, 2]],
        exemplars: [{ labels: { trace_id: "x" }, value: 1e-9, ts: now + 123 }]
      }
    ])
    expect(r.v.status).toBe(r.p.status)
    const a = await sameAnswer({ query: "http_requests_total" })
    expect((a.body?.data as ExemplarAnswer | undefined)?.length).toBe(2)
    await sameAnswer({ query: 'http_requests_total{job="api"}' })
    await sameAnswer({ query: 'rate(http_requests_total{job="db"}[5m])' })
    await sameAnswer({
      query: "http_requests_total",
      start: String((now + 1000) / 1000),
      end: String((now + 2000) / 1000)
    })
    await sameAnswer({ query: "nothing_here" })
    await sameAnswer({ query: "vector(1)" })
  })

  it("a duplicate is a no-op, an out-of-order exemplar is refused, the request still succeeds", async () => {
    const r = await both([
      {
        labels: job("api", "a:1"),
        samples: [[now + 2000, 3]],
        exemplars: [
          { labels: { trace_id: "def", span_id: "1" }, value: 0.25, ts: now + 1500 },
          { labels: { trace_id: "old" }, value: 9, ts: now + 10 }
        ]
      }
    ])
    expect(r.v.status).toBe(r.p.status)
    await sameAnswer({ query: "http_requests_total" })
    for (const name of [
      "prometheus_tsdb_exemplar_exemplars_appended_total",
      "prometheus_tsdb_exemplar_exemplars_in_storage",
      "prometheus_tsdb_exemplar_series_with_exemplars_in_storage",
      "prometheus_tsdb_exemplar_max_exemplars",
      "prometheus_tsdb_exemplar_out_of_order_exemplars_total"
    ]) {
      const [v, p] = await Promise.all([metric(vesta.baseUrl, name), metric(prom.baseUrl, name)])
      expect([name, v]).toEqual([name, p])
    }
  })

  it("exemplars of a series without samples in the request are dropped", async () => {
    const r = await both([
      {
        labels: job("nosamples", "n:1"),
        samples: [],
        exemplars: [{ labels: { trace_id: "n" }, value: 1, ts: now }]
      }
    ])
    expect(r.v.status).toBe(r.p.status)
    await sameAnswer({ query: 'http_requests_total{job="nosamples"}' })
  })

  it("the ring of max_exemplars wraps over all series", async () => {
    const r = await both(
      [0, 1, 2, 3].map((k) => ({
        labels: job("ring", `r:${k}`),
        samples: [[now, k]],
        exemplars: [{ labels: { trace_id: `r${k}` }, value: k, ts: now + 5000 + k }]
      }))
    )
    expect(r.v.status).toBe(r.p.status)
    await sameAnswer({ query: "http_requests_total" })
    await sameAnswer({ query: '{__name__=~"http_.*"}' })
  })

  it("a request with a refused sample stores none of its exemplars (2.42 rolls it back)", async () => {
    const r = await both([
      {
        labels: job("api", "a:1"),
        // the same time as the sample above with another value: refused by both
        samples: [[now + 2000, 4]],
        exemplars: [{ labels: { trace_id: "after-refused" }, value: 7, ts: now + 9000 }]
      },
      {
        labels: job("ok", "o:1"),
        samples: [[now, 1]],
        exemplars: [{ labels: { trace_id: "ok" }, value: 1, ts: now }]
      }
    ])
    expect([r.v.status, r.p.status]).toEqual([400, 400])
    await sameAnswer({ query: "http_requests_total" })
  })

  it("exemplars survive kill -9 of Vesta (replayed from the WAL)", async () => {
    const before = await query(vesta.baseUrl, { query: "http_requests_total" })
    const exited = new Promise((r) => vesta.child.once("exit", r))
    vesta.child.kill("SIGKILL")
    await exited
    vesta = await startVesta("start", vestaFlags)
    expect(await query(vesta.baseUrl, { query: "http_requests_total" })).toEqual(before)
    await sameAnswer({ query: "http_requests_total" })
  }, 30_000)

  it("remote write 2.0 exemplars (Vesta only: 2.42 takes 1.0) answer as the same data sent as 1.0 did", async () => {
    // 1.0 first, to a series of its own; then the same through 2.0 to another; answers equal up to the name.
    const t = now + 600_000
    const ex = { labels: { trace_id: "v2abc" }, value: 7, ts: t }
    const v1 = await send(vesta.baseUrl, [
      { labels: { __name__: "ex_v1", job: "v" }, samples: [[t, 1]], exemplars: [ex] }
    ])
    expect(v1.status).toBe(204)
    const symbols = ["", "__name__", "ex_v2", "job", "v", "trace_id", "v2abc"]
    const packed = (field: number, refs: number[]) =>
      bytesField(
        field,
        refs.flatMap((r) => varint(r))
      )
    const body = new Uint8Array([
      ...symbols.flatMap((x) => str(4, x)),
      ...bytesField(5, [
        ...packed(1, [1, 2, 3, 4]),
        ...bytesField(2, [...dbl(1, 1), ...int(2, t)]),
        ...bytesField(4, [...packed(1, [5, 6]), ...dbl(2, 7), ...int(3, t)])
      ])
    ])
    const r = await fetch(`${vesta.baseUrl}/api/v1/write`, {
      method: "POST",
      headers: {
        "content-type": "application/x-protobuf;proto=io.prometheus.write.v2.Request",
        "content-encoding": "snappy",
        "x-prometheus-remote-write-version": "2.0.0"
      },
      body: compressBlock(body)
    })
    expect(r.status).toBe(204)
    expect(r.headers.get("x-prometheus-remote-write-exemplars-written")).toBe("1")
    const range = { start: String((t - 1000) / 1000), end: String((t + 1000) / 1000) }
    const a1 = await query(vesta.baseUrl, { query: "ex_v1", ...range })
    const a2 = await query(vesta.baseUrl, { query: "ex_v2", ...range })
    expect(a1.body?.data).toHaveLength(1)
    expect(JSON.stringify(a2).replaceAll("ex_v2", "ex_v1")).toBe(JSON.stringify(a1))
    // A 2.0 request's exemplars go to the log in an entry of their own: kill -9 keeps them too.
    const exited = new Promise((done) => vesta.child.once("exit", done))
    vesta.child.kill("SIGKILL")
    await exited
    vesta = await startVesta("start", vestaFlags)
    expect(await query(vesta.baseUrl, { query: "ex_v2", ...range })).toEqual(a2)
  }, 30_000)
})
