/**
 * `npm run bench:scrape`: scrape-side hot paths, Vesta next to Prometheus 2.42 on this machine.
 *
 * 1. Parse throughput on a large real payload: the Debian node exporter's /metrics (fetched from a
 *    node exporter started here) repeated to ≥ 50,000 lines, text 0.0.4 and OpenMetrics, body
 *    decoding included (the parsers read the body Buffer and decode the parts a scrape needs as
 *    strings; each sample's seriesText, the cache key, and value are read), one core, median of 11 runs after 9 warm-up runs (the optimising JIT needs them).
 * 2. Scrape capacity: TARGETS loopback exporters (default 100) each serving that node exporter
 *    body, scraped every SCRAPE_INTERVAL (default 5s, a 15s load compressed 3×: same work per
 *    scrape, 3× the rate) by a fresh `vesta start` and a fresh Prometheus with the same
 *    prometheus.yml, alternating, TRIALS times (default 5); CPU% of each process over a
 *    WINDOW_S-second window (default 20) after all targets are up, and whether every scrape kept
 *    up (all targets up, slowest scrape under the interval). Median ratio printed.
 *
 * Last line: `scrape parse samples/s: N` (text format, one core). PARSE_ONLY=1 runs part 1 alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { ExpositionParser } from "../../protocols/exposition/exposition-parser.ts"
import { OpenMetricsParser } from "../../protocols/exposition/openmetrics-parser.ts"
import { TextParser } from "../../protocols/exposition/text-parser.ts"
import { startNodeExporter, startPrometheus } from "../../test/support/peers.ts"
import { cpuSeconds } from "../../test/support/proc-stats.ts"
import { startVesta } from "../../test/support/vesta-process.ts"

const targets = Number(process.env.TARGETS ?? 100)
const intervalS = Number(process.env.SCRAPE_INTERVAL ?? 5)
const windowS = Number(process.env.WINDOW_S ?? 20)
const trials = Number(process.env.TRIALS ?? 5)
const minLines = 50_000

const median = (xs: ReadonlyArray<number>) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

let sink = 0

const parseRate = (make: (b: Buffer) => ExpositionParser, payload: Buffer) => {
  const rates: number[] = []
  const mbs: number[] = []
  let samples = 0
  for (let run = 0; run < 20; run++) {
    const t0 = performance.now()
    const p = make(payload)
    let n = 0
    for (let k = p.next(); k !== undefined; k = p.next()) {
      if (k !== "series") continue
      n++
      sink += p.seriesText.length + p.value
    }
    if (p.error) throw new Error(`bench payload rejected: line ${p.error.line}: ${p.error.message}`)
    const s = (performance.now() - t0) / 1000
    samples = n
    if (run >= 9) {
      rates.push(n / s)
      mbs.push(payload.length / 1e6 / s)
    }
  }
  return { samples, rate: median(rates), mbs: median(mbs) }
}

const query = async (base: string, q: string): Promise<number[]> => {
  const r = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q })}`)
  const body = (await r.json()) as { data?: { result: Array<{ value: [number, string] }> } }
  return (body.data?.result ?? []).map((x) => Number(x.value[1]))
}

const main = async () => {
  const ne = await startNodeExporter()
  let text: string
  try {
    text = await (
      await fetch(`${ne.baseUrl}/metrics`, { headers: { accept: "text/plain;version=0.0.4" } })
    ).text()
  } finally {
    await ne.stop()
  }
  const lines = text.split("\n").length
  const times = Math.ceil(minLines / lines)
  const textPayload = Buffer.from(text.repeat(times))
  const omPayload = Buffer.from(
    `${text.replace(/^# TYPE (\S+) untyped$/gm, "# TYPE $1 unknown").repeat(times)}# EOF\n`
  )
  const textR = parseRate((b) => new TextParser(b), textPayload)
  const omR = parseRate((b) => new OpenMetricsParser(b), omPayload)
  if (sink === -1) console.log("unreachable")
  console.log("parse (one core, body decoding included, median of 11)")
  console.log("format        payload                       samples/s      MB/s")
  for (const [name, r, p] of [
    ["text 0.0.4", textR, textPayload],
    ["OpenMetrics", omR, omPayload]
  ] as const)
    console.log(
      `${name.padEnd(13)} ${`${(p.length / 1e6).toFixed(1)} MB, ${r.samples} samples`.padEnd(29)} ${Math.round(r.rate).toString().padStart(10)} ${r.mbs.toFixed(1).padStart(9)}`
    )

  if (process.env.PARSE_ONLY) {
    console.log(`scrape parse samples/s: ${Math.round(textR.rate)}`)
    return
  }

  // Capacity: one exporter process, TARGETS listeners.
  const body = Buffer.from(text)
  const perTarget = new TextParser(text)
  let series = 0
  for (let k = perTarget.next(); k !== undefined; k = perTarget.next()) if (k === "series") series++
  const servers: Server[] = []
  const ports: number[] = []
  for (let i = 0; i < targets; i++) {
    const srv = createServer((_, res) => {
      res.setHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
      res.end(body)
    })
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => r()))
    servers.push(srv)
    ports.push((srv.address() as { port: number }).port)
  }
  const config = `global:\n  scrape_interval: ${intervalS}s\n  scrape_timeout: ${intervalS}s\nscrape_configs:\n  - job_name: load\n    static_configs:\n      - targets: [${ports.map((p) => `"127.0.0.1:${p}"`).join(", ")}]\n`
  const dir = mkdtempSync(join(tmpdir(), "vesta-bench-scrape-"))
  writeFileSync(join(dir, "prometheus.yml"), config)
  const measure = async (name: "vesta" | "prometheus") => {
    const proc =
      name === "vesta"
        ? await startVesta("start", [
            `--config.file=${join(dir, "prometheus.yml")}`,
            `--storage.tsdb.path=${mkdtempSync(join(dir, "v-"))}`
          ])
        : await startPrometheus({ config })
    try {
      // Wait until every target has been scraped once, then one more interval to settle.
      const until = Date.now() + 60_000
      while ((await query(proc.baseUrl, 'count(up{job="load"} == 1)'))[0] !== targets) {
        if (Date.now() > until) throw new Error(`${name}: not all ${targets} targets up within 60 s`)
        await new Promise((r) => setTimeout(r, 500))
      }
      await new Promise((r) => setTimeout(r, intervalS * 1000))
      const c0 = cpuSeconds(proc.pid)
      const t0 = performance.now()
      await new Promise((r) => setTimeout(r, windowS * 1000))
      const cpu = (cpuSeconds(proc.pid) - c0) / ((performance.now() - t0) / 1000)
      const up = (await query(proc.baseUrl, 'count(up{job="load"} == 1)'))[0] ?? 0
      const slowest = Math.max(
        0,
        ...(await query(proc.baseUrl, `max(max_over_time(scrape_duration_seconds{job="load"}[${windowS}s]))`))
      )
      return { cpuPercent: cpu * 100, up, slowest }
    } finally {
      await proc.stop()
    }
  }
  const rows: Record<"vesta" | "prometheus", Array<{ cpuPercent: number; up: number; slowest: number }>> = {
    vesta: [],
    prometheus: []
  }
  const ratios: number[] = []
  try {
    for (let t = 0; t < trials; t++) {
      const v = await measure("vesta")
      const p = await measure("prometheus")
      rows.vesta.push(v)
      rows.prometheus.push(p)
      ratios.push(v.cpuPercent / p.cpuPercent)
      console.log(
        `trial ${t + 1}: vesta ${v.cpuPercent.toFixed(1)}% CPU (slowest scrape ${v.slowest.toFixed(3)} s), prometheus ${p.cpuPercent.toFixed(1)}% (${p.slowest.toFixed(3)} s)`
      )
    }
  } finally {
    for (const s of servers) s.close()
    rmSync(dir, { recursive: true, force: true })
  }
  const rate = (targets * series) / intervalS
  console.log(
    `\nscrape capacity: ${targets} targets × ${series} series every ${intervalS}s (${Math.round(rate)} samples/s; at 15s: ${targets * 3} targets' worth), ${trials} alternating trials, median`
  )
  console.log("                 CPU%   all up   slowest scrape s")
  for (const name of ["vesta", "prometheus"] as const) {
    const r = rows[name]
    console.log(
      `${name.padEnd(14)} ${median(r.map((x) => x.cpuPercent))
        .toFixed(1)
        .padStart(
          6
        )}   ${r.every((x) => x.up === targets) ? "yes" : "no "}      ${median(r.map((x) => x.slowest)).toFixed(3)}`
    )
  }
  console.log(`scrape CPU ratio vesta/prometheus: ${median(ratios).toFixed(2)}`)
  console.log(`scrape parse samples/s: ${Math.round(textR.rate)}`)
}

await main()
