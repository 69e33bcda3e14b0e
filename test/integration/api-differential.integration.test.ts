/**
 * The HTTP API side by side with the real Prometheus 2.42: the same requests, good and bad, go to
 * the Debian peer and to Vesta, and status, errorType, error text and the shape (or the whole body,
 * where both hold the same data) must agree. Both receive the same series by remote write first.
 *
 * Vesta is reached two ways: the `vesta start` process (routes it wires today) and an in-process
 * gateway built with the options `vesta start` does not pass yet (admin, status/tsdb, config).
 * Differences we keep on purpose, because Vesta follows Prometheus 3, are listed in `expected3x`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type { TsdbAdmin } from "../../gateway/api/v1/admin-tsdb-routes.ts"
import { computeTsdbStatus, type TsdbStat } from "../../gateway/api/v1/tsdb-status.ts"
import { fixedSeriesSource, type InProcessGateway, startGateway } from "../../gateway/testing.ts"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

/** 36 series over 3 metrics with uneven cardinality, so every top-N list has a clear order. */
const seriesLabels: ReadonlyArray<ReadonlyArray<string>> = (() => {
  const out: string[][] = []
  for (let i = 0; i < 20; i++)
    out.push([
      "__name__",
      "http_requests_total",
      "code",
      `${200 + (i % 5)}`,
      "instance",
      `h${i % 4}:80`,
      "job",
      "api"
    ])
  for (let i = 0; i < 12; i++)
    out.push([
      "__name__",
      "queue_depth",
      "instance",
      `h${i}:80`,
      "job",
      "worker",
      "zone",
      i < 8 ? "eu" : "us"
    ])
  for (let i = 0; i < 4; i++) out.push(["__name__", "up", "instance", `h${i}:80`, "job", "api"])
  // Remote write and storage keep labels sorted by name.
  return out
})()

const nowMs = Math.floor(Date.now() / 1000) * 1000
const sampleTimes = [nowMs - 60_000, nowMs - 30_000]

const remoteWrite = async (baseUrl: string) => {
  const body = encodeWriteRequest(
    seriesLabels.map((labels, i) => ({
      labels,
      timestamps: sampleTimes,
      values: new Float64Array([i, i + 1])
    }))
  )
  const r = await fetch(`${baseUrl}/api/v1/write`, {
    method: "POST",
    headers: {
      "content-type": "application/x-protobuf",
      "content-encoding": "snappy",
      "x-prometheus-remote-write-version": "0.1.0"
    },
    body: compressBlock(body)
  })
  if (r.status !== 204) throw new Error(`remote write to ${baseUrl}: ${r.status} ${await r.text()}`)
}

interface Answer {
  readonly status: number
  readonly contentType: string | null
  readonly text: string
  readonly json:
    | { status?: string; errorType?: string; error?: string; data?: unknown; warnings?: unknown }
    | undefined
}

interface Req {
  readonly method?: "GET" | "POST" | "PUT" | "DELETE"
  readonly path: string
  readonly params?: ReadonlyArray<readonly [string, string]>
  /** Send params as a form body (POST/PUT) instead of the URL. */
  readonly form?: boolean
}

const send = async (baseUrl: string, r: Req): Promise<Answer> => {
  const qs = new URLSearchParams((r.params ?? []) as [string, string][]).toString()
  const method = r.method ?? "GET"
  const res = r.form
    ? await fetch(`${baseUrl}${r.path}`, {
        method,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: qs
      })
    : await fetch(`${baseUrl}${r.path}${qs === "" ? "" : `?${qs}`}`, { method })
  const text = await res.text()
  let json: Answer["json"]
  try {
    json = text === "" ? undefined : JSON.parse(text)
  } catch {
    json = undefined
  }
  return { status: res.status, contentType: res.headers.get("content-type"), text, json }
}

/** What must agree: status, JSON-or-not, status/errorType/error, the kind of `data`, warnings. */
const outline = (a: Answer) => ({
  status: a.status,
  json: a.json !== undefined,
  body: a.json === undefined ? a.text.trim() : undefined,
  envelope: a.json?.status,
  errorType: a.json?.errorType,
  error: a.json?.error,
  data: Array.isArray(a.json?.data) ? "array" : typeof a.json?.data,
  warnings: a.json?.warnings
})

const dirs: string[] = []
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "vesta-api-diff-"))
  dirs.push(d)
  return d
}

let promAdmin: Peer // --web.enable-admin-api
let promPlain: Peer
let vesta: VestaProcess
let gwAdmin: InProcessGateway
let gwPlain: InProcessGateway
const adminCalls: string[] = []

beforeAll(async () => {
  const cfg = "global:\n  scrape_interval: 15s\n"
  ;[promAdmin, promPlain] = await Promise.all([
    startPrometheus({ config: cfg, flags: ["--web.enable-admin-api", "--web.enable-remote-write-receiver"] }),
    startPrometheus({ config: cfg })
  ])
  const vdir = tempDir()
  writeFileSync(join(vdir, "prometheus.yml"), cfg)
  vesta = await startVesta("start", [
    `--config.file=${join(vdir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(vdir, "data")}`
  ])
  await Promise.all([remoteWrite(promAdmin.baseUrl), remoteWrite(vesta.baseUrl)])
  const admin: TsdbAdmin = {
    deleteSeries: async (m, s, e) => {
      adminCalls.push(`delete ${JSON.stringify(m)} ${s} ${e}`)
    },
    cleanTombstones: async () => {
      adminCalls.push("clean")
    },
    // The name in Prometheus's format: UTC time, then 16 hex digits.
    snapshot: async (skip) => {
      adminCalls.push(`snapshot ${skip}`)
      return "20261124T000000Z-0123456789abcdef"
    }
  }
  const query = {
    engine: {
      defaultTimeoutMs: 1000,
      run: () => {
        throw new Error("no queries through this gateway")
      }
    },
    series: fixedSeriesSource(seriesLabels)
  }
  ;[gwAdmin, gwPlain] = await Promise.all([
    startGateway({
      admin,
      query,
      tsdbStatus: () =>
        computeTsdbStatus({
          series: seriesLabels,
          chunkCount: 36,
          minTimeMs: sampleTimes[0],
          maxTimeMs: sampleTimes[1]
        })
    }),
    startGateway({})
  ])
}, 90_000)

afterAll(async () => {
  await Promise.allSettled([
    promAdmin?.stop(),
    promPlain?.stop(),
    vesta?.stop(),
    gwAdmin?.stop(),
    gwPlain?.stop()
  ])
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

const sel = (s: string) => ["match[]", s] as const

/** Requests both servers hold the same data for: the whole JSON body must match. */
const sameData: ReadonlyArray<Req> = [
  { path: "/api/v1/series", params: [sel("up")] },
  {
    path: "/api/v1/series",
    params: [sel('{job="worker",zone="us"}'), sel("up")],
    method: "POST",
    form: true
  },
  {
    path: "/api/v1/series",
    params: [sel("queue_depth"), ["start", `${nowMs / 1000 - 3600}`], ["end", `${nowMs / 1000}`]]
  },
  { path: "/api/v1/labels", params: [sel("queue_depth")] },
  { path: "/api/v1/labels", params: [sel("up"), sel('{zone="eu"}')], method: "POST", form: true },
  { path: "/api/v1/label/instance/values", params: [sel("queue_depth")] },
  { path: "/api/v1/label/code/values", params: [sel("http_requests_total")] },
  { path: "/api/v1/label/zone/values", params: [sel("queue_depth")] }
]

/** Requests that must agree in outline (status, errorType, error text, data kind). */
const sameOutline: ReadonlyArray<Req> = [
  // series / labels / values: parameters and selectors
  { path: "/api/v1/series" },
  { path: "/api/v1/series", params: [sel("up{")] },
  { path: "/api/v1/series", params: [sel("up{")], method: "POST", form: true },
  { path: "/api/v1/series", params: [sel("sum(up)")] },
  { path: "/api/v1/series", params: [sel("up[5m]")] },
  { path: "/api/v1/series", params: [sel("up offset 5m")] },
  { path: "/api/v1/series", params: [sel('up{a="b"} + 1')] },
  { path: "/api/v1/series", params: [sel("")] },
  { path: "/api/v1/series", params: [sel("1bad")] },
  { path: "/api/v1/series", params: [sel('{job=~".*"}')] },
  { path: "/api/v1/series", params: [sel("{}")] },
  { path: "/api/v1/series", params: [sel("sum")] },
  { path: "/api/v1/series", params: [sel("up"), ["start", "abc"]] },
  { path: "/api/v1/series", params: [sel("up"), ["end", "abc"]] },
  { path: "/api/v1/series", params: [sel("up"), ["start", "100"], ["end", "10"]] },
  { path: "/api/v1/series", method: "DELETE", params: [sel("up")] },
  { path: "/api/v1/labels", params: [sel("up{")] },
  { path: "/api/v1/labels", params: [sel("{}")] },
  { path: "/api/v1/labels", params: [sel("up"), ["end", "abc"]] },
  { path: "/api/v1/label/1bad/values" },
  { path: "/api/v1/label/job/values", params: [sel("sum(up)")] },
  { path: "/api/v1/label/job/values", params: [sel('{a=~".*"}')] },
  { path: "/api/v1/label/job/values", params: [sel("up"), ["start", "abc"]] },
  { path: "/api/v1/label/job/values", method: "POST" },
  // query / query_range
  { path: "/api/v1/query", params: [["query", "up{"]] },
  { path: "/api/v1/query", params: [["query", " "]] },
  { path: "/api/v1/query" },
  { path: "/api/v1/query", params: [["query", ""]], method: "POST", form: true },
  {
    path: "/api/v1/query",
    params: [
      ["query", "up"],
      ["time", "abc"]
    ],
    method: "POST",
    form: true
  },
  {
    path: "/api/v1/query",
    params: [
      ["query", "1+1"],
      ["time", "100"]
    ]
  },
  {
    path: "/api/v1/query_range",
    params: [
      ["query", "up"],
      ["start", "0"],
      ["end", "100000"],
      ["step", "1"]
    ]
  },
  {
    path: "/api/v1/query_range",
    params: [
      ["query", "up"],
      ["start", "10"],
      ["end", "100"],
      ["step", "0"]
    ]
  },
  {
    path: "/api/v1/query_range",
    params: [
      ["query", "up"],
      ["start", "100"],
      ["end", "10"],
      ["step", "1"]
    ]
  },
  {
    path: "/api/v1/query_range",
    params: [
      ["query", "up"],
      ["start", "10"],
      ["end", "100"]
    ],
    method: "POST",
    form: true
  },
  {
    path: "/api/v1/query_range",
    params: [
      ["query", "1"],
      ["start", "0"],
      ["end", "10"],
      ["step", "PT15S"]
    ]
  },
  // query_exemplars (exemplar storage off on the peer)
  { path: "/api/v1/query_exemplars", params: [["query", "up"]] },
  {
    path: "/api/v1/query_exemplars",
    params: [["query", "sum(rate(up[5m])) by (job)"]],
    method: "POST",
    form: true
  },
  {
    path: "/api/v1/query_exemplars",
    params: [
      ["query", "up"],
      ["start", "0"],
      ["end", "100"]
    ]
  },
  { path: "/api/v1/query_exemplars", params: [["query", "vector(1)"]] },
  {
    path: "/api/v1/query_exemplars",
    params: [
      ["query", "up"],
      ["start", "100"],
      ["end", "10"]
    ]
  },
  { path: "/api/v1/query_exemplars" },
  { path: "/api/v1/query_exemplars", params: [["query", "up{"]] },
  { path: "/api/v1/query_exemplars", params: [["query", '{job=~".*"}']] },
  {
    path: "/api/v1/query_exemplars",
    params: [
      ["query", "up"],
      ["start", "abc"]
    ],
    method: "POST",
    form: true
  },
  {
    path: "/api/v1/query_exemplars",
    params: [
      ["query", "up{"],
      ["end", "abc"]
    ]
  },
  { path: "/api/v1/query_exemplars", method: "PUT", params: [["query", "up"]] },
  // format_query
  { path: "/api/v1/format_query", params: [["query", "sum(rate(foo[5m]))by(job)"]] },
  { path: "/api/v1/format_query", params: [["query", "up{"]], method: "POST", form: true },
  { path: "/api/v1/format_query", params: [["query", ""]] },
  // status
  { path: "/api/v1/status/buildinfo" },
  { path: "/api/v1/status/flags" },
  { path: "/api/v1/status/runtimeinfo" },
  { path: "/api/v1/targets" },
  { path: "/api/v1/targets", params: [["state", "bogus"]] },
  { path: "/api/v1/targets", params: [["state", "DROPPED"]] },
  { path: "/api/v1/targets", params: [["state", ""]] },
  { path: "/api/v1/metadata", params: [["limit", "1.5"]] },
  { path: "/api/v1/metadata", params: [["limit", "-1"]] },
  { path: "/api/v1/metadata" },
  { path: "/api/v1/nope" }
]

/** Admin requests for a server with the admin API on; data compared separately for snapshot. */
const adminRequests: ReadonlyArray<Req> = [
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series" },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up")] },
  {
    method: "PUT",
    path: "/api/v1/admin/tsdb/delete_series",
    params: [sel("up"), ["start", "2026-01-01T00:00:00Z"], ["end", "1e9"]],
    form: true
  },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel('{job=~".*"}')], form: true },
  {
    method: "POST",
    path: "/api/v1/admin/tsdb/delete_series",
    params: [sel("up"), ["start", "100"], ["end", "10"]]
  },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up{")], form: true },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("sum(up)")] },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up[5m]")] },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("")] },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up"), sel("1bad")] },
  { method: "POST", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up{"), ["start", "abc"]] },
  {
    method: "POST",
    path: "/api/v1/admin/tsdb/delete_series",
    params: [sel("up"), ["start", "abc"], ["end", "xyz"]]
  },
  {
    method: "POST",
    path: "/api/v1/admin/tsdb/delete_series",
    params: [sel("up"), ["end", "xyz"]],
    form: true
  },
  { method: "GET", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up")] },
  { method: "DELETE", path: "/api/v1/admin/tsdb/delete_series", params: [sel("up")] },
  { method: "POST", path: "/api/v1/admin/tsdb/clean_tombstones" },
  { method: "PUT", path: "/api/v1/admin/tsdb/clean_tombstones" },
  { method: "GET", path: "/api/v1/admin/tsdb/clean_tombstones" },
  { method: "POST", path: "/api/v1/admin/tsdb/snapshot" },
  { method: "PUT", path: "/api/v1/admin/tsdb/snapshot", params: [["skip_head", "true"]] },
  { method: "POST", path: "/api/v1/admin/tsdb/snapshot", params: [["skip_head", "1"]], form: true },
  { method: "POST", path: "/api/v1/admin/tsdb/snapshot", params: [["skip_head", ""]] },
  { method: "POST", path: "/api/v1/admin/tsdb/snapshot", params: [["skip_head", "xyz"]] },
  { method: "POST", path: "/api/v1/admin/tsdb/snapshot", params: [["skip_head", "yes"]], form: true },
  { method: "GET", path: "/api/v1/admin/tsdb/snapshot" }
]

const label = (r: Req) =>
  `${r.method ?? "GET"} ${r.path}${r.params ? ` ${r.form ? "form" : "url"} ${new URLSearchParams(r.params as [string, string][])}` : ""}`

describe("same data: whole bodies agree (peer vs vesta start)", () => {
  it.each(sameData.map((r) => [label(r), r] as const))("%s", async (_, r) => {
    const [p, v] = await Promise.all([send(promAdmin.baseUrl, r), send(vesta.baseUrl, r)])
    expect(p.status).toBe(200)
    expect(v.json).toEqual(p.json)
  })
})

describe("same outline (peer vs vesta start)", () => {
  it.each(sameOutline.map((r) => [label(r), r] as const))("%s", async (_, r) => {
    const [p, v] = await Promise.all([send(promPlain.baseUrl, r), send(vesta.baseUrl, r)])
    expect(outline(v)).toEqual(outline(p))
  })
})

describe("status/tsdb over the same head (peer vs computeTsdbStatus through the in-process gateway)", () => {
  it("GET only", async () => {
    const r: Req = { path: "/api/v1/status/tsdb", method: "POST" }
    const [p, v] = await Promise.all([send(promAdmin.baseUrl, r), send(gwAdmin.baseUrl, r)])
    expect(outline(v)).toEqual(outline(p))
  })

  it("head stats and every top-10 list agree (ties in any order)", async () => {
    const [p, v] = await Promise.all([
      send(promAdmin.baseUrl, { path: "/api/v1/status/tsdb" }),
      send(gwAdmin.baseUrl, { path: "/api/v1/status/tsdb" })
    ])
    const pd = p.json?.data as Record<string, unknown> & { headStats: Record<string, number> }
    const vd = v.json?.data as typeof pd
    expect(Object.keys(vd)).toEqual(Object.keys(pd))
    expect(vd.headStats).toEqual({ ...pd.headStats, chunkCount: 36 })
    // Ours is exact (36 open chunks). The peer's prometheus_tsdb_head_chunks is usually 36 too,
    // but was 72 in one CI run on a loaded machine (after the snapshot requests above): only a
    // lower bound is asserted for it.
    expect(pd.headStats.chunkCount).toBeGreaterThanOrEqual(36)
    for (const k of Object.keys(pd).filter((k) => k !== "headStats")) {
      const pl = pd[k] as TsdbStat[]
      const vl = vd[k] as TsdbStat[]
      expect(
        vl.map((s) => s.value),
        k
      ).toEqual(pl.map((s) => s.value))
      // Same entries, except that the peer may pick other names among those tied at the cut.
      const cut = pl[pl.length - 1]?.value
      const above = (l: TsdbStat[]) =>
        l.filter((s) => s.value !== cut).sort((a, b) => a.name.localeCompare(b.name))
      expect(above(vl), k).toEqual(above(pl))
    }
  })
})

describe("admin API enabled (peer with --web.enable-admin-api vs in-process gateway with a TsdbAdmin)", () => {
  it.each(adminRequests.map((r) => [label(r), r] as const))("%s", async (_, r) => {
    const [p, v] = await Promise.all([send(promAdmin.baseUrl, r), send(gwAdmin.baseUrl, r)])
    expect(outline(v)).toEqual(outline(p))
    if (p.status === 200) {
      const name = (x: Answer) => (x.json?.data as { name?: string } | undefined)?.name
      expect(name(p)).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{16}$/)
      expect(name(v)).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{16}$/)
    }
  })

  it("storage was called once per accepted request", () => {
    expect(adminCalls).toHaveLength(
      // 204s and 200s of the peer above: 4 deletes, 2 cleans, 4 snapshots
      10
    )
  })
})

describe("admin API disabled (plain peer vs vesta start, which passes no TsdbAdmin yet)", () => {
  it.each(adminRequests.map((r) => [label(r), r] as const))("%s", async (_, r) => {
    const [p, v] = await Promise.all([send(promPlain.baseUrl, r), send(vesta.baseUrl, r)])
    // Prometheus 2.42 has no status for `unavailable` and sends 500; 3.x sends 503, as errors.ts does.
    const status = (a: Answer) => (a.json?.errorType === "unavailable" && a.status === 500 ? 503 : a.status)
    expect({ ...outline(v), status: status(v) }).toEqual({ ...outline(p), status: status(p) })
  })
})

describe("Prometheus 3 behaviour the 2.42 peer lacks (vesta start only)", () => {
  it("parse_query answers (2.42: 404)", async () => {
    const p = await send(promPlain.baseUrl, { path: "/api/v1/parse_query", params: [["query", "up"]] })
    expect(p.status).toBe(404)
    const v = await send(vesta.baseUrl, { path: "/api/v1/parse_query", params: [["query", "up"]] })
    expect(v.status).toBe(200)
    expect(v.json?.data).toMatchObject({ type: "vectorSelector", name: "up" })
  })

  it("series limit cuts with a warning (2.42 ignores limit)", async () => {
    const r: Req = { path: "/api/v1/series", params: [sel("queue_depth"), ["limit", "5"]] }
    const [p, v] = await Promise.all([send(promAdmin.baseUrl, r), send(vesta.baseUrl, r)])
    const all = (p.json?.data ?? []) as unknown[]
    expect(all).toHaveLength(12)
    expect(v.json?.data).toEqual(all.slice(0, 5))
    expect(v.json?.warnings).toEqual(["results truncated due to limit"])
  })
})
