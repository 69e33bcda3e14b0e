/**
 * Scraping side by side with the real Prometheus 2.42: one prometheus.yml, run at the same time
 * by the Debian peer and by `vesta start`, scraping the same targets: a real node exporter, the
 * Prometheus peer's own /metrics (found through file_sd once its port is known), an in-process
 * exporter whose series set changes by phase, one that goes down and comes back, and an address
 * nobody listens on. Afterwards both answer the same series, instant and range queries, and the
 * answers must agree: exactly where the data is constant per phase, within a tolerance where scrape
 * offsets legitimately differ (the two scrape the same target at different points of the interval).
 *
 * Phases (wall time, P seconds each, starting once both servers scrape every target):
 *   A  lab: diff_gauge{series="a"}=1, {series="b"}=2, diff_requests_total=10; flappy up
 *   B  lab: "a" gone (→ staleness markers), "b"=5, new {series="c"}=3;        flappy answers 503
 *   C  lab: "a" back with 7, "b"=5, "c" gone;                                  flappy up again
 * Query times keep `guardS` seconds away from phase boundaries, so both have scraped the phase.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, startNodeExporter, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const phaseS = 10
const guardS = 2.5
const dir = mkdtempSync(join(tmpdir(), "vesta-scrape-diff-"))
/** Wall-clock start of phase A in seconds; until then the exporters serve phase A. */
let t0 = Number.POSITIVE_INFINITY
const phaseAt = (s: number) => (s < t0 + phaseS ? "A" : s < t0 + 2 * phaseS ? "B" : "C")

const labBody = () => {
  const p = phaseAt(Date.now() / 1000)
  const lines = ["# TYPE diff_gauge gauge"]
  if (p === "A") lines.push('diff_gauge{series="a"} 1', 'diff_gauge{series="b"} 2')
  if (p === "B") lines.push('diff_gauge{series="b"} 5', 'diff_gauge{series="c"} 3')
  if (p === "C") lines.push('diff_gauge{series="a"} 7', 'diff_gauge{series="b"} 5')
  lines.push("# TYPE diff_requests_total counter", `diff_requests_total{code="200"} ${p === "A" ? 10 : 20}`)
  return `${lines.join("\n")}\n`
}

let lab: Server
let flappy: Server
let node: Peer
let prom: Peer
let vesta: VestaProcess
let labAddr = ""
let flappyAddr = ""
const deadAddr = "127.0.0.1:1"

const listen = async (handler: Parameters<typeof createServer>[1]) => {
  const s = createServer(handler)
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()))
  return { server: s, addr: `127.0.0.1:${(s.address() as AddressInfo).port}` }
}

type Json = { status: string; data: unknown; error?: string }
const get = async (base: string, path: string): Promise<Json> => {
  const r = await fetch(`${base}${path}`)
  const body = (await r.json()) as Json
  if (body.status !== "success") throw new Error(`${base}${path}: ${r.status} ${body.error}`)
  return body
}
const q = encodeURIComponent
type VectorRow = { metric: Record<string, string>; value: [number, string] }
type MatrixRow = { metric: Record<string, string>; values: Array<[number, string]> }
const key = (m: Record<string, string>) =>
  JSON.stringify(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))

/** Instant query on one server: label set → value. */
const instant = async (base: string, expr: string, t: number) => {
  const b = await get(base, `/api/v1/query?query=${q(expr)}&time=${t}`)
  const out = new Map<string, number>()
  for (const r of (b.data as { result: VectorRow[] }).result) out.set(key(r.metric), Number(r.value[1]))
  return out
}
const both = (expr: string, t: number) => Promise.all([instant(prom.baseUrl, expr, t), instant(vesta.baseUrl, expr, t)])

const seriesSet = async (base: string, match: string, start: number, end: number) => {
  const b = await get(base, `/api/v1/series?match[]=${q(match)}&start=${start}&end=${end}`)
  return new Set((b.data as Array<Record<string, string>>).map(key))
}

/** Seconds, away from phase boundaries, at which both must agree; within [from, to]. */
const safeTimes = (from: number, to: number, stepS = 1) => {
  const out: number[] = []
  for (let t = Math.ceil(from); t <= to; t += stepS) {
    const intoPhase = (t - t0) % phaseS
    if (intoPhase >= guardS && intoPhase <= phaseS - 0.5) out.push(t)
  }
  return out
}

const waitUntil = async (what: string, cond: () => Promise<boolean>, timeoutMs: number) => {
  const until = Date.now() + timeoutMs
  while (!(await cond().catch(() => false))) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
const upJobs = ["lab", "flappy", "node", "prometheus"]
const allUp = async (base: string) => {
  const r = await instant(base, "up == 1", Date.now() / 1000)
  const jobs = new Set([...r.keys()].map((k) => new Map(JSON.parse(k) as Array<[string, string]>).get("job")))
  return upJobs.every((j) => jobs.has(j))
}

let end = 0
beforeAll(async () => {
  const l = await listen((_req, res) =>
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(labBody())
  )
  lab = l.server
  labAddr = l.addr
  const f = await listen((_req, res) => {
    if (phaseAt(Date.now() / 1000) === "B") res.writeHead(503).end("maintenance\n")
    else
      res
        .writeHead(200, { "content-type": "text/plain; version=0.0.4" })
        .end("# TYPE flappy_info gauge\nflappy_info 1\n")
  })
  flappy = f.server
  flappyAddr = f.addr
  // Only collectors whose series set is stable from scrape to scrape.
  node = await startNodeExporter([
    "--collector.disable-defaults",
    "--collector.meminfo",
    "--collector.loadavg",
    "--collector.stat",
    "--collector.uname",
    "--collector.time",
    "--collector.cpu"
  ])
  const sdFile = join(dir, "prometheus-target.json")
  writeFileSync(sdFile, "[]")
  const config = [
    "global:",
    "  scrape_interval: 1s",
    "  scrape_timeout: 1s",
    "scrape_configs:",
    "  - job_name: lab",
    `    static_configs: [{targets: ['${labAddr}'], labels: {side: same}}]`,
    "  - job_name: flappy",
    `    static_configs: [{targets: ['${flappyAddr}']}]`,
    "  - job_name: dead",
    `    static_configs: [{targets: ['${deadAddr}']}]`,
    "  - job_name: node",
    "    scrape_interval: 2s",
    "    scrape_timeout: 2s",
    `    static_configs: [{targets: ['${node.baseUrl.slice(7)}']}]`,
    "  - job_name: prometheus",
    `    file_sd_configs: [{files: ['${sdFile}'], refresh_interval: 1s}]`,
    ""
  ].join("\n")
  const configFile = join(dir, "prometheus.yml")
  writeFileSync(configFile, config)
  ;[prom, vesta] = await Promise.all([
    startPrometheus({ config }),
    startVesta("start", [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, "data")}`])
  ])
  writeFileSync(sdFile, JSON.stringify([{ targets: [prom.baseUrl.slice(7)], labels: { role: "peer" } }]))
  await waitUntil("every job up in both", async () => (await allUp(prom.baseUrl)) && (await allUp(vesta.baseUrl)), 20_000)
  t0 = Math.ceil(Date.now() / 1000) + 1
  end = t0 + 3 * phaseS
  while (Date.now() / 1000 < end + 2) await new Promise((r) => setTimeout(r, 250))
}, 90_000)

afterAll(async () => {
  await Promise.all([vesta?.stop(), prom?.stop(), node?.stop()])
  lab?.close()
  flappy?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe("scraping: Vesta and Prometheus 2.42 on the same prometheus.yml", () => {
  it.each(["lab", "flappy", "dead", "node", "prometheus"])(
    "job %s: the same series (each side's window ⊆ the other's whole run)",
    async (job) => {
      const match = `{job="${job}"}`
      const from = t0 - 60
      const [pw, vw, pa, va] = await Promise.all([
        seriesSet(prom.baseUrl, match, t0, end),
        seriesSet(vesta.baseUrl, match, t0, end),
        seriesSet(prom.baseUrl, match, from, end + 5),
        seriesSet(vesta.baseUrl, match, from, end + 5)
      ])
      expect(pw.size).toBeGreaterThan(4)
      expect([...pw].filter((s) => !va.has(s))).toEqual([])
      expect([...vw].filter((s) => !pa.has(s))).toEqual([])
    }
  )

  it("up over time agrees for every job (flappy 0 only in phase B, dead always 0)", async () => {
    const range = async (base: string) => {
      const b = await get(base, `/api/v1/query_range?query=up&start=${t0}&end=${end - 1}&step=0.5`)
      const out = new Map<string, Map<number, string>>()
      for (const r of (b.data as { result: MatrixRow[] }).result)
        out.set(r.metric.job, new Map(r.values.map(([t, v]) => [t, v])))
      return out
    }
    const [p, v] = await Promise.all([range(prom.baseUrl), range(vesta.baseUrl)])
    expect([...v.keys()].sort()).toEqual([...p.keys()].sort())
    expect([...p.keys()].sort()).toEqual(["dead", "flappy", "lab", "node", "prometheus"])
    for (const job of p.keys()) {
      for (const t of safeTimes(t0, end - 1, 0.5)) {
        const want = job === "dead" || (job === "flappy" && phaseAt(t) === "B") ? "0" : "1"
        expect([job, t, p.get(job)?.get(t)]).toEqual([job, t, want])
        expect([job, t, v.get(job)?.get(t)]).toEqual([job, t, want])
      }
    }
  })

  it("the phase exporter's values agree exactly at every safe second; vanished series are stale in both", async () => {
    for (const t of safeTimes(t0, end - 1)) {
      const [p, v] = await both('{job=~"lab|flappy", __name__=~"diff_.*|flappy_info"}', t)
      expect([t, v]).toEqual([t, p])
      const phase = phaseAt(t)
      const want = new Map<string, number>()
      const lk = (extra: Record<string, string>) =>
        key({ instance: labAddr, job: "lab", side: "same", ...extra })
      if (phase !== "B") want.set(key({ __name__: "flappy_info", instance: flappyAddr, job: "flappy" }), 1)
      if (phase === "A") want.set(lk({ __name__: "diff_gauge", series: "a" }), 1)
      if (phase === "C") want.set(lk({ __name__: "diff_gauge", series: "a" }), 7)
      want.set(lk({ __name__: "diff_gauge", series: "b" }), phase === "A" ? 2 : 5)
      if (phase === "B") want.set(lk({ __name__: "diff_gauge", series: "c" }), 3)
      want.set(lk({ __name__: "diff_requests_total", code: "200" }), phase === "A" ? 10 : 20)
      expect([t, p]).toEqual([t, want])
    }
  })

  it("count_over_time and last_over_time over the staleness windows agree", async () => {
    // Counts depend on each side's scrape offset within the interval: allow one sample either way.
    const exprs = [
      `count_over_time(diff_gauge[${phaseS}s])`,
      `count_over_time(flappy_info[${phaseS}s])`,
      `count_over_time(up{job="flappy"}[${phaseS}s])`,
      `last_over_time(diff_gauge[${phaseS}s])`,
      `sum_over_time(up{job="flappy"}[${phaseS}s])`
    ]
    for (const expr of exprs) {
      for (const t of [t0 + phaseS + 4, t0 + 2 * phaseS + 4, t0 + 3 * phaseS - 1]) {
        const [p, v] = await both(expr, t)
        expect([expr, t, [...v.keys()].sort()]).toEqual([expr, t, [...p.keys()].sort()])
        for (const [k, pv] of p) {
          const tolerance = expr.startsWith("last_") ? 0 : 1
          expect([expr, t, k, Math.abs((v.get(k) as number) - pv) <= tolerance]).toEqual([expr, t, k, true])
        }
      }
    }
  })

  it("scrape_* synthetic series agree where they are deterministic", async () => {
    for (const t of safeTimes(t0, end - 1, 2)) {
      for (const expr of [
        'scrape_samples_scraped{job=~"lab|flappy|dead"}',
        'scrape_samples_post_metric_relabeling{job=~"lab|flappy|dead"}',
        'scrape_series_added{job=~"lab|flappy|dead"}'
      ]) {
        const [p, v] = await both(expr, t)
        expect([expr, t, v]).toEqual([expr, t, p])
      }
      const [p, v] = await both('scrape_duration_seconds{job="node"} < 2', t)
      expect([...v.keys()]).toEqual([...p.keys()])
    }
  })

  it("node exporter: stable gauges exact, counters within 2%, clock within 3 s", async () => {
    const checks: Array<[string, (p: number, v: number) => boolean]> = [
      ["node_memory_MemTotal_bytes", (p, v) => p === v],
      ["node_boot_time_seconds", (p, v) => p === v],
      ['node_uname_info{nodename!=""}', (p, v) => p === v],
      ['count(node_cpu_seconds_total{mode="idle"})', (p, v) => p === v],
      ["node_cpu_seconds_total", (p, v) => Math.abs(p - v) <= 0.02 * Math.max(p, 1) + 3],
      ["node_context_switches_total", (p, v) => Math.abs(p - v) <= 0.02 * p],
      ["node_time_seconds", (p, v) => Math.abs(p - v) <= 3]
    ]
    for (const t of [t0 + 5, t0 + 15, t0 + 25]) {
      for (const [expr, ok] of checks) {
        const [p, v] = await both(expr, t)
        expect(p.size).toBeGreaterThan(0)
        expect([expr, [...v.keys()].sort()]).toEqual([expr, [...p.keys()].sort()])
        for (const [k, pv] of p) expect([expr, k, pv, v.get(k), ok(pv, v.get(k) as number)]).toEqual([expr, k, pv, v.get(k), true])
      }
    }
  })

  it("the Prometheus target: constant series agree exactly, discovered through file_sd", async () => {
    for (const expr of [
      'prometheus_build_info{job="prometheus", role="peer"}',
      "prometheus_config_last_reload_successful",
      'prometheus_sd_discovered_targets{config="lab"}'
    ]) {
      const [p, v] = await both(expr, end - 2)
      expect(p.size).toBe(1)
      expect([expr, v]).toEqual([expr, p])
    }
  })

  it("/api/v1/targets: the same targets with the same labels and health", async () => {
    const shape = async (base: string) => {
      const b = await get(base, "/api/v1/targets?state=active")
      const active = (b.data as { activeTargets: Array<Record<string, unknown>> }).activeTargets
      return active
        .map((t) => ({
          scrapePool: t.scrapePool,
          scrapeUrl: t.scrapeUrl,
          labels: t.labels,
          health: t.health,
          scrapeInterval: t.scrapeInterval,
          scrapeTimeout: t.scrapeTimeout
        }))
        .sort((a, b) => String(a.scrapeUrl).localeCompare(String(b.scrapeUrl)))
    }
    const [p, v] = await Promise.all([shape(prom.baseUrl), shape(vesta.baseUrl)])
    expect(p).toHaveLength(5)
    expect(v).toEqual(p)
  })
})
