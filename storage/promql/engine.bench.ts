/**
 * `npm run bench:promql`: the same data in Vesta's head and in a real Prometheus (Debian 2.42,
 * loaded from promtool-made blocks), the same queries against both, alternating, 7 trials each.
 * Vesta's figure is the engine's wall time (select + evaluate); Prometheus's is the
 * `execTotalTime` it reports with `stats=all` (its engine time, without HTTP), so both sides
 * measure the engine alone. Last line: `promql latency geomean ratio vesta/prometheus: X.XX`.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runTool, startPrometheus } from "../../test/support/peers.ts"
import { Head } from "../head/head.ts"
import { runPlan } from "./engine.ts"
import { parsePlan } from "./parse-plan.ts"
import { labelsFromObject } from "./values.ts"

const epochMs = 1_767_225_600_000
const stepMs = 15_000
const points = 720 // 3 h
const instances = 100
const trials = 7

const queries = [
  "sum(rate(http_requests_total[5m]))",
  "sum by (job, code) (rate(http_requests_total[5m]))",
  'rate(http_requests_total{code="500"}[1m])',
  "topk(5, rate(http_requests_total[5m]))",
  "avg_over_time(cpu_usage[10m])",
  "max by (job) (cpu_usage)",
  "histogram_quantile(0.9, sum by (le) (rate(latency_seconds_bucket[5m])))",
  "sum(rate(http_requests_total[5m])) / sum(rate(http_requests_total[5m] offset 1h))",
  "cpu_usage > 0.5",
  "count(cpu_usage) by (job)",
  "quantile(0.95, cpu_usage)",
  "increase(http_requests_total[1h])",
  "max_over_time(rate(http_requests_total[1m])[30m:1m])",
  "cpu_usage * on(instance, job) group_left sum by (instance, job) (rate(http_requests_total[5m]))"
]

const generate = () => {
  const series: Array<{ labels: Record<string, string>; family: string; type: string; values: number[] }> = []
  let seed = 7
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  for (let i = 0; i < instances; i++) {
    const job = i % 2 === 0 ? "api" : "worker"
    for (const code of ["200", "404", "500"]) {
      let v = 0
      series.push({
        labels: { __name__: "http_requests_total", job, instance: `host-${i}`, code },
        family: "http_requests",
        type: "counter",
        values: Array.from({ length: points }, () => (v += Math.floor(r() * 20)))
      })
    }
    series.push({
      labels: { __name__: "cpu_usage", job, instance: `host-${i}` },
      family: "cpu_usage",
      type: "gauge",
      values: Array.from(
        { length: points },
        (_, k) => Math.round((0.5 + 0.4 * Math.sin(k / 30 + i)) * 1000) / 1000
      )
    })
    const counts = [0, 0, 0, 0, 0]
    const les = ["0.1", "0.5", "1", "5", "+Inf"]
    const bucketValues = les.map(() => [] as number[])
    for (let k = 0; k < points; k++) {
      const obs = r() * 6
      les.forEach((le, b) => {
        if (le === "+Inf" || obs <= Number(le)) counts[b]++
        bucketValues[b].push(counts[b])
      })
    }
    les.forEach((le, b) =>
      series.push({
        labels: { __name__: "latency_seconds_bucket", job, instance: `host-${i}`, le },
        family: "latency_seconds",
        type: "histogram",
        values: bucketValues[b]
      })
    )
  }
  return series
}

const openMetrics = (series: ReturnType<typeof generate>) => {
  const byFamily = new Map<string, string[]>()
  const types = new Map<string, string>()
  for (const s of series) {
    types.set(s.family, s.type)
    const labels = Object.entries(s.labels)
      .filter(([k]) => k !== "__name__")
      .map(([k, v]) => `${k}="${v}"`)
      .join(",")
    const lines = byFamily.get(s.family) ?? []
    s.values.forEach((v, k) =>
      lines.push(`${s.labels.__name__}{${labels}} ${v} ${(epochMs + k * stepMs) / 1000}`)
    )
    byFamily.set(s.family, lines)
  }
  let text = ""
  for (const [f, lines] of byFamily) text += `# TYPE ${f} ${types.get(f)}\n${lines.join("\n")}\n`
  return `${text}# EOF\n`
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const main = async () => {
  const dir = mkdtempSync(join(tmpdir(), "vesta-bench-promql-"))
  const series = generate()
  const head = new Head({ chunkRangeMs: 24 * 3600_000, outOfOrderTimeWindowMs: 0 })
  for (const s of series) {
    const m = head.getOrCreate(labelsFromObject(s.labels))
    s.values.forEach((v, k) => head.appendTo(m, epochMs + k * stepMs, v))
  }
  writeFileSync(join(dir, "data.om"), openMetrics(series))
  const made = await runTool("promtool", [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    join(dir, "data.om"),
    join(dir, "blocks")
  ])
  if (made.code !== 0) throw new Error(made.stderr)
  const prom = await startPrometheus({
    dataDir: join(dir, "blocks"),
    flags: ["--storage.tsdb.retention.time=100y"]
  })
  const t = epochMs + 2 * 3600_000 + 7_300
  const rangeStart = epochMs + 3600_000
  try {
    console.log(
      `data: ${series.length} series x ${points} samples; ${trials} alternating trials per query; median engine time (ms)`
    )
    console.log("kind     vesta_ms  prom_ms   ratio  query")
    const ratios: number[] = []
    for (const kind of ["instant", "range"] as const) {
      for (const q of queries) {
        const vesta: number[] = []
        const theirs: number[] = []
        const plan = parsePlan(q)
        for (let i = 0; i < trials + 1; i++) {
          const t0 = performance.now()
          if (kind === "instant") runPlan(plan, head, { startMs: t, endMs: t, stepMs: 0 })
          else runPlan(plan, head, { startMs: rangeStart, endMs: t, stepMs: 60_000 })
          const ours = performance.now() - t0
          const params: Record<string, string> =
            kind === "instant"
              ? { query: q, time: String(t / 1000), stats: "all" }
              : {
                  query: q,
                  start: String(rangeStart / 1000),
                  end: String(t / 1000),
                  step: "60",
                  stats: "all"
                }
          const res = (await (
            await fetch(
              `${prom.baseUrl}/api/v1/${kind === "instant" ? "query" : "query_range"}?${new URLSearchParams(params)}`
            )
          ).json()) as {
            data: { stats: { timings: { execTotalTime: number } } }
          }
          if (i === 0) continue // warm-up for both
          vesta.push(ours)
          theirs.push(res.data.stats.timings.execTotalTime * 1000)
        }
        const ratio = median(vesta) / median(theirs)
        ratios.push(ratio)
        console.log(
          `${kind.padEnd(8)} ${median(vesta).toFixed(2).padStart(8)} ${median(theirs).toFixed(2).padStart(8)} ${ratio.toFixed(2).padStart(7)}  ${q}`
        )
      }
    }
    const geomean = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length)
    console.log(`promql latency geomean ratio vesta/prometheus: ${geomean.toFixed(2)}`)
  } finally {
    await prom.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
