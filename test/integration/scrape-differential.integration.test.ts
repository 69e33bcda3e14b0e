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
 *   A  lab: diff_gauge{series="a"}=1, {series="b"}=2, diff_requests_total=10, diff_exported (with
 *      its own `instance` label), diff_ts_gauge with an explicit timestamp; flappy up
 *   B  lab: "a" and diff_ts_gauge gone (→ staleness markers for "a" only: a series with its own
 *      timestamp gets none), "b"=5, new {series="c"}=3, requests 20;        flappy answers 503
 *   C  lab: "a" back with 7, "b"=5, "c" gone; flappy up again; the Prometheus target is removed
 *      from the file_sd file (→ its series go stale once both drop the target)
 * In the middle of phase B both reload (SIGHUP) a config whose `lab` job changed (scrape_timeout).
 * The lab exporter is scraped by several jobs: `lab` (defaults), `relabel` (honor_labels, a target
 * label from relabel_configs, metric_relabel_configs dropping series "c"), `limited` (sample_limit 4:
 * phase A's five series fail the scrape, B and C fit), `nohonor` (honor_timestamps false, params
 * with several values), `secured` (basic auth), `redirected` (a 302 to /metrics), `httpsd`
 * (http_sd, one group dropped by relabeling), `om` (OpenMetrics with every family type),
 * `garbled` (parse error), `labellimit` (label_limit hit), `toomany` (two targets, target_limit 1).
 * Query times keep `guardS` seconds away from phase boundaries, so both have scraped the phase.
 *
 * Exclusions, each with its reason where it is applied:
 * - scrape_duration_seconds values (each side's own timing) and transport error texts (Go's dialer).
 * - /api/v1/series may list sample-less series Prometheus created for a failed scrape (label_limit).
 * - scrape_series_added of the reloaded job after the reload (2.42 starts its first reload with a
 *   fresh scrape cache).
 * Otherwise nothing: with default flags Prometheus 2.42 writes the same five synthetic series (no
 * --enable-feature=extra-scrape-metrics) and both negotiate the same exposition formats.
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

/** The explicit timestamp of diff_ts_gauge: fixed, before every scrape. */
const explicitTsMs = Math.floor(Date.now() / 1000) * 1000
const labBody = () => {
  const p = phaseAt(Date.now() / 1000)
  const lines = ["# TYPE diff_gauge gauge"]
  if (p === "A") lines.push('diff_gauge{series="a"} 1', 'diff_gauge{series="b"} 2')
  if (p === "B") lines.push('diff_gauge{series="b"} 5', 'diff_gauge{series="c"} 3')
  if (p === "C") lines.push('diff_gauge{series="a"} 7', 'diff_gauge{series="b"} 5')
  lines.push("# TYPE diff_requests_total counter", `diff_requests_total{code="200"} ${p === "A" ? 10 : 20}`)
  lines.push('diff_exported{instance="exported",job="theirs"} 1')
  if (p === "A") lines.push(`diff_ts_gauge 4 ${explicitTsMs}`)
  return `${lines.join("\n")}\n`
}

/** Every OpenMetrics family type, with _created lines, a unit and an info metric. */
const omBody = [
  "# TYPE om_requests counter",
  "# HELP om_requests Requests served.",
  'om_requests_total{code="200"} 5',
  'om_requests_created{code="200"} 1700000000.5',
  "# TYPE om_temp_celsius gauge",
  "# UNIT om_temp_celsius celsius",
  "om_temp_celsius 21.5",
  "# TYPE om_build info",
  'om_build_info{version="1.0"} 1',
  "# TYPE om_state stateset",
  'om_state{om_state="a"} 1',
  'om_state{om_state="b"} 0',
  "# TYPE om_latency_seconds histogram",
  "# UNIT om_latency_seconds seconds",
  'om_latency_seconds_bucket{le="0.1"} 1',
  'om_latency_seconds_bucket{le="+Inf"} 3',
  "om_latency_seconds_count 3",
  "om_latency_seconds_sum 0.5",
  "om_latency_seconds_created 1700000000",
  "# TYPE om_queue gaugehistogram",
  'om_queue_bucket{le="10"} 2',
  'om_queue_bucket{le="+Inf"} 4',
  "om_queue_gcount 4",
  "om_queue_gsum 30",
  "# TYPE om_size summary",
  'om_size{quantile="0.5"} 2',
  "om_size_count 4",
  "om_size_sum 8",
  "# TYPE om_other unknown",
  "om_other 1.5e3",
  "# EOF",
  ""
].join("\n")

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
const both = (expr: string, t: number) =>
  Promise.all([instant(prom.baseUrl, expr, t), instant(vesta.baseUrl, expr, t)])

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
const upJobs = [
  "lab",
  "relabel",
  "redirected",
  "nohonor",
  "secured",
  "om",
  "httpsd",
  "flappy",
  "node",
  "prometheus"
]
/**
 * A refused connection, a parse error after two good lines, label_limit hit by the third series,
 * two targets over target_limit 1.
 */
const alwaysDown = ["dead", "garbled", "labellimit", "toomany"]
const allUp = async (base: string) => {
  const r = await instant(base, "up == 1", Date.now() / 1000)
  const jobs = new Set([...r.keys()].map((k) => new Map(JSON.parse(k) as Array<[string, string]>).get("job")))
  return upJobs.every((j) => jobs.has(j))
}

let end = 0
const reloadAt = () => t0 + phaseS + 5
beforeAll(async () => {
  const l = await listen((req, res) => {
    if (req.url === "/old") res.writeHead(302, { location: "/metrics" }).end()
    else if (
      req.url === "/secure" &&
      req.headers.authorization !== `Basic ${Buffer.from("u:p").toString("base64")}`
    )
      res.writeHead(401).end()
    else if (req.url === "/sd")
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify([
          { targets: [labAddr], labels: { from: "http" } },
          { targets: ["127.0.0.1:9"], labels: { from: "drop-me", empty: "" } }
        ])
      )
    else if (req.url === "/om")
      res
        .writeHead(200, { "content-type": "application/openmetrics-text; version=1.0.0; charset=utf-8" })
        .end(omBody)
    else
      res
        .writeHead(200, { "content-type": "text/plain; version=0.0.4" })
        .end(req.url === "/garbled" ? "# TYPE g gauge\ng1 1\ng2 2\nbad{ 1\n" : labBody())
  })
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
  const config = (labTimeout: string) =>
    [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      "  - job_name: lab",
      `    scrape_timeout: ${labTimeout}`,
      `    static_configs: [{targets: ['${labAddr}'], labels: {side: same}}]`,
      "  - job_name: relabel",
      "    honor_labels: true",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "    relabel_configs: [{target_label: team, replacement: x}]",
      "    metric_relabel_configs: [{source_labels: [series], regex: c, action: drop}]",
      "  - job_name: limited",
      "    sample_limit: 4",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: garbled",
      "    metrics_path: /garbled",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: labellimit",
      "    label_limit: 4",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: nohonor",
      "    honor_timestamps: false",
      "    params: {collect: [a, b], x: ['1']}",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: secured",
      "    metrics_path: /secure",
      "    basic_auth: {username: u, password: p}",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: om",
      "    metrics_path: /om",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: httpsd",
      `    http_sd_configs: [{url: 'http://${labAddr}/sd', refresh_interval: 1s}]`,
      "    relabel_configs:",
      "      - {source_labels: [from], regex: drop-me, action: drop}",
      "      - {source_labels: [__meta_url], target_label: sd_url}",
      "  - job_name: redirected",
      "    metrics_path: /old",
      `    static_configs: [{targets: ['${labAddr}']}]`,
      "  - job_name: toomany",
      "    target_limit: 1",
      `    static_configs: [{targets: ['${labAddr}'], labels: {n: '1'}}, {targets: ['${labAddr}'], labels: {n: '2'}}]`,
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
  writeFileSync(configFile, config("1s"))
  ;[prom, vesta] = await Promise.all([
    startPrometheus({ config: config("1s") }),
    startVesta("start", [`--config.file=${configFile}`, `--storage.tsdb.path=${join(dir, "data")}`])
  ])
  writeFileSync(sdFile, JSON.stringify([{ targets: [prom.baseUrl.slice(7)], labels: { role: "peer" } }]))
  await waitUntil(
    "every job up in both",
    async () => (await allUp(prom.baseUrl)) && (await allUp(vesta.baseUrl)),
    20_000
  )
  t0 = Math.ceil(Date.now() / 1000) + 1
  end = t0 + 3 * phaseS
  while (Date.now() / 1000 < reloadAt()) await new Promise((r) => setTimeout(r, 100))
  // Both reload a changed `lab` job (SIGHUP): its series must go on without a gap.
  writeFileSync(configFile, config("900ms"))
  writeFileSync(join(prom.dir, "prometheus.yml"), config("900ms"))
  process.kill(prom.pid, "SIGHUP")
  vesta.child.kill("SIGHUP")
  while (Date.now() / 1000 < t0 + 2 * phaseS) await new Promise((r) => setTimeout(r, 100))
  writeFileSync(sdFile, "[]")
  while (Date.now() / 1000 < end + 2) await new Promise((r) => setTimeout(r, 250))
}, 90_000)

afterAll(async () => {
  await Promise.all([vesta?.stop(), prom?.stop(), node?.stop()])
  lab?.close()
  flappy?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe("scraping: Vesta and Prometheus 2.42 on the same prometheus.yml", () => {
  it.each([
    "lab",
    "relabel",
    "limited",
    "redirected",
    "nohonor",
    "secured",
    "om",
    "httpsd",
    "flappy",
    "dead",
    "garbled",
    "labellimit",
    "toomany",
    "node",
    "prometheus"
  ])("job %s: the same series (each side's window ⊆ the other's whole run)", async (job) => {
    const match = `{job="${job}"}`
    const from = t0 - 60
    const [pw, vw, pa, va] = await Promise.all([
      seriesSet(prom.baseUrl, match, t0, end),
      seriesSet(vesta.baseUrl, match, t0, end),
      seriesSet(prom.baseUrl, match, from, end + 5),
      seriesSet(vesta.baseUrl, match, from, end + 5)
    ])
    expect(pw.size).toBeGreaterThan(4)
    // Exclusion: Prometheus 2.42 creates head series for the samples of a scrape that then fails
    // (label_limit) and is rolled back; /api/v1/series lists them although they hold no sample.
    // Vesta creates none. Only such sample-less series may be missing from Vesta.
    const missing = [...pw].filter((s) => !va.has(s))
    const missingWithSamples: string[] = []
    for (const s of missing) {
      const selector = `{${(JSON.parse(s) as Array<[string, string]>).map(([n, v]) => `${n}=${JSON.stringify(v)}`).join(",")}}`
      const counted = await instant(prom.baseUrl, `count_over_time(${selector}[10m])`, end + 5)
      if (counted.size > 0) missingWithSamples.push(s)
    }
    expect(missingWithSamples).toEqual([])
    expect([...vw].filter((s) => !pa.has(s))).toEqual([])
  })

  it("up over time agrees for every job (flappy 0 in phase B, limited 0 in phase A, dead always 0)", async () => {
    const range = async (base: string) => {
      const b = await get(base, `/api/v1/query_range?query=up&start=${t0}&end=${end - 1}&step=0.5`)
      const out = new Map<string, Map<number, string>>()
      for (const r of (b.data as { result: MatrixRow[] }).result)
        out.set(r.metric.job, new Map(r.values.map(([t, v]) => [t, v])))
      return out
    }
    const [p, v] = await Promise.all([range(prom.baseUrl), range(vesta.baseUrl)])
    expect([...v.keys()].sort()).toEqual([...p.keys()].sort())
    expect([...p.keys()].sort()).toEqual([
      "dead",
      "flappy",
      "garbled",
      "httpsd",
      "lab",
      "labellimit",
      "limited",
      "node",
      "nohonor",
      "om",
      "prometheus",
      "redirected",
      "relabel",
      "secured",
      "toomany"
    ])
    for (const job of p.keys()) {
      for (const t of safeTimes(t0, end - 1, 0.5)) {
        const phase = phaseAt(t)
        let want: string | undefined =
          alwaysDown.includes(job) ||
          (job === "flappy" && phase === "B") ||
          (job === "limited" && phase === "A")
            ? "0"
            : "1"
        if (job === "prometheus" && phase === "C") {
          // Removed from file_sd at the start of phase C; Prometheus applies discovery updates
          // at most every 5 s, then writes staleness markers one interval later.
          if (t < t0 + 2 * phaseS + 8) continue
          want = undefined
        }
        expect([job, t, p.get(job)?.get(t)]).toEqual([job, t, want])
        expect([job, t, v.get(job)?.get(t)]).toEqual([job, t, want])
      }
    }
  })

  /** What the lab exporter's series look like in each job at time t. */
  const labWant = (t: number) => {
    const phase = phaseAt(t)
    const want = new Map<string, number>()
    const gauges: Array<[string, number]> =
      phase === "A"
        ? [
            ["a", 1],
            ["b", 2]
          ]
        : phase === "B"
          ? [
              ["b", 5],
              ["c", 3]
            ]
          : [
              ["a", 7],
              ["b", 5]
            ]
    const jobs: Array<[string, Record<string, string>]> = [
      ["lab", { side: "same" }],
      ["relabel", { team: "x" }],
      ["limited", {}],
      ["redirected", {}],
      ["nohonor", {}],
      ["secured", {}],
      ["httpsd", { from: "http", sd_url: `http://${labAddr}/sd` }]
    ]
    for (const [job, extra] of jobs) {
      if (job === "limited" && phase === "A") continue // over sample_limit: nothing appended
      const target = { instance: labAddr, job, ...extra }
      for (const [series, value] of gauges) {
        if (job === "relabel" && series === "c") continue // dropped by metric_relabel_configs
        want.set(key({ __name__: "diff_gauge", series, ...target }), value)
      }
      want.set(key({ __name__: "diff_requests_total", code: "200", ...target }), phase === "A" ? 10 : 20)
      // honor_labels keeps the exporter's instance/job; otherwise they become exported_*.
      want.set(
        key(
          job === "relabel"
            ? { __name__: "diff_exported", ...target, instance: "exported", job: "theirs" }
            : { __name__: "diff_exported", ...target, exported_instance: "exported", exported_job: "theirs" }
        ),
        1
      )
      // Its own timestamp: no staleness marker when it disappears, so the 5m lookback still finds it;
      // with honor_timestamps false it is stamped with the scrape time and ends like any series.
      if (job !== "limited" && (job !== "nohonor" || phase === "A"))
        want.set(key({ __name__: "diff_ts_gauge", ...target }), 4)
    }
    if (phase !== "B") want.set(key({ __name__: "flappy_info", instance: flappyAddr, job: "flappy" }), 1)
    return want
  }

  it("the phase exporter's values agree exactly at every safe second; vanished series are stale in both", async () => {
    for (const t of safeTimes(t0, end - 1)) {
      const [p, v] = await both('{__name__=~"diff_.*|flappy_info"}', t)
      expect([t, v]).toEqual([t, p])
      expect([t, p]).toEqual([t, labWant(t)])
    }
  })

  it("OpenMetrics: every family type ingests as the same series with the same values", async () => {
    for (const t of [t0 + 5, end - 2]) {
      // scrape_duration_seconds is each side's own timing.
      const [p, v] = await both('{job="om", __name__!="scrape_duration_seconds"}', t)
      expect(p.size).toBeGreaterThan(20)
      expect([t, v]).toEqual([t, p])
    }
  })

  it("a reload that changes the lab job leaves no gap in its series, in both", async () => {
    for (const expr of [
      'up{job="lab"}',
      'diff_gauge{job="lab", series="b"}',
      'scrape_samples_scraped{job="lab"}'
    ]) {
      const points = async (base: string) => {
        const b = await get(
          base,
          `/api/v1/query_range?query=${q(expr)}&start=${reloadAt() - 3}&end=${reloadAt() + 4}&step=0.25`
        )
        return (b.data as { result: MatrixRow[] }).result.map((r) => r.values.length)
      }
      const [p, v] = await Promise.all([points(prom.baseUrl), points(vesta.baseUrl)])
      expect([expr, p]).toEqual([expr, [29]])
      expect([expr, v]).toEqual([expr, [29]])
    }
    const [p, v] = await both('scrape_samples_scraped{job="lab"} > 0', reloadAt() + 4)
    expect(v).toEqual(p)
  })

  it("count_over_time and last_over_time over the staleness windows agree", async () => {
    // Counts depend on each side's scrape offset within the interval: allow one sample either way.
    // Windows start at least a second past a phase boundary or span it by several seconds: content
    // scraped right at a boundary may belong to either phase on either side.
    const exprs = (w: number) => [
      `count_over_time(diff_gauge[${w}s])`,
      `count_over_time(flappy_info[${w}s])`,
      `count_over_time(up{job="flappy"}[${w}s])`,
      `last_over_time(diff_gauge[${w}s])`,
      `sum_over_time(up{job="flappy"}[${w}s])`
    ]
    for (const [t, w] of [
      [t0 + phaseS + 4, 10],
      [t0 + 2 * phaseS + 4, 10],
      [t0 + 3 * phaseS - 1, 8]
    ]) {
      for (const expr of exprs(w)) {
        const [p, v] = await both(expr, t)
        expect(p.size).toBeGreaterThan(0)
        expect([expr, t, [...v.keys()].sort()]).toEqual([expr, t, [...p.keys()].sort()])
        for (const [k, pv] of p) {
          const tolerance = expr.startsWith("last_") ? 0 : 1
          expect([expr, t, k, Math.abs((v.get(k) as number) - pv) <= tolerance]).toEqual([expr, t, k, true])
        }
      }
    }
  })

  /**
   * Exclusion: scrape_series_added of the reloaded `lab` job after the reload. Prometheus 2.42
   * starts the first reload of a pool with a fresh scrape cache (seen black-box: later reloads that
   * change only intervals, timeouts or limits keep it), so it counts lab's series as added again
   * (once or more, the cache being rebuilt); Vesta keeps a reloaded target's cache when its labels
   * resolve the same. Other jobs, not reloaded, still cover series that come back.
   */
  const dropReloadedJob = (...maps: Array<Map<string, number>>) => {
    for (const m of maps) for (const k of m.keys()) if (k.includes('["job","lab"]')) m.delete(k)
  }

  it("scrape_* synthetic series agree where they are deterministic", async () => {
    for (const t of safeTimes(t0, end - 1, 2)) {
      for (const expr of [
        'scrape_samples_scraped{job=~"lab|relabel|limited|flappy|dead|garbled|labellimit|toomany"}',
        'scrape_samples_post_metric_relabeling{job=~"lab|relabel|limited|flappy|dead|garbled|labellimit|toomany"}',
        'scrape_series_added{job=~"lab|relabel|limited|flappy|dead|garbled|labellimit|toomany"}'
      ]) {
        const [p, v] = await both(expr, t)
        if (expr.startsWith("scrape_series_added") && t > reloadAt()) dropReloadedJob(p, v)
        expect([expr, t, v]).toEqual([expr, t, p])
      }
      const [p, v] = await both('scrape_duration_seconds{job="node"} < 2', t)
      expect([...v.keys()]).toEqual([...p.keys()])
    }
    // Over windows that start and end inside a phase, every side counts the same transitions.
    // (The reload at reloadAt() lies between the two windows.)
    for (const [t, w] of [
      [t0 + phaseS + 4, 6],
      [t0 + 2 * phaseS + 5, 8]
    ]) {
      const expr = `sum_over_time(scrape_series_added{job=~"lab|relabel|limited|flappy"}[${w}s])`
      const [p, v] = await both(expr, t)
      expect(p.size).toBe(4)
      if (t > reloadAt()) dropReloadedJob(p, v)
      expect([expr, t, v]).toEqual([expr, t, p])
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
        for (const [k, pv] of p)
          expect([expr, k, pv, v.get(k), ok(pv, v.get(k) as number)]).toEqual([expr, k, pv, v.get(k), true])
      }
    }
  })

  it("the Prometheus target: constant series agree exactly; after its removal from file_sd all its series are stale", async () => {
    for (const expr of [
      'prometheus_build_info{job="prometheus", role="peer"}',
      "prometheus_config_last_reload_successful",
      'prometheus_sd_discovered_targets{config="lab"}'
    ]) {
      const [p, v] = await both(expr, t0 + 2 * phaseS - 1)
      expect(p.size).toBe(1)
      expect([expr, v]).toEqual([expr, p])
    }
    const [pBefore, vBefore] = await both('{job="prometheus"}', t0 + 2 * phaseS - 1)
    expect(pBefore.size).toBeGreaterThan(50)
    expect(vBefore.size).toBe(pBefore.size)
    const [pAfter, vAfter] = await both('{job="prometheus"}', end - 1)
    expect([pAfter.size, vAfter.size]).toEqual([0, 0])
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
          scrapeTimeout: t.scrapeTimeout,
          // Errors whose text Vesta words as 2.42 does; transport errors (Go's dialer text) differ.
          lastError: ["toomany", "labellimit", "limited", "flappy"].includes(String(t.scrapePool))
            ? t.lastError
            : undefined
        }))
        .sort((a, b) =>
          `${a.scrapeUrl} ${key(a.labels as Record<string, string>)}`.localeCompare(
            `${b.scrapeUrl} ${key(b.labels as Record<string, string>)}`
          )
        )
    }
    const [p, v] = await Promise.all([shape(prom.baseUrl), shape(vesta.baseUrl)])
    expect(p.find((t) => t.scrapePool === "toomany")?.lastError).toBe(
      "target_limit exceeded (number of targets: 2, limit: 1)"
    )
    expect(p.map((t) => t.scrapePool).sort()).toEqual([
      "dead",
      "flappy",
      "garbled",
      "httpsd",
      "lab",
      "labellimit",
      "limited",
      "node",
      "nohonor",
      "om",
      "redirected",
      "relabel",
      "secured",
      "toomany",
      "toomany"
    ])
    expect(v).toEqual(p)
  })

  it("/api/v1/targets?state=dropped: the same dropped target with the same discovered labels", async () => {
    const dropped = async (base: string) => {
      const b = await get(base, "/api/v1/targets?state=dropped")
      return (b.data as { droppedTargets: Array<{ discoveredLabels: Record<string, string> }> })
        .droppedTargets
    }
    const [p, v] = await Promise.all([dropped(prom.baseUrl), dropped(vesta.baseUrl)])
    expect(p).toEqual([
      {
        discoveredLabels: {
          __address__: "127.0.0.1:9",
          __meta_url: `http://${labAddr}/sd`,
          __metrics_path__: "/metrics",
          __scheme__: "http",
          __scrape_interval__: "1s",
          __scrape_timeout__: "1s",
          from: "drop-me",
          job: "httpsd"
        }
      }
    ])
    expect(v).toEqual(p)
  })
})
