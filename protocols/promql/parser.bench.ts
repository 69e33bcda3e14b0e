/**
 * PromQL parse throughput: a set of typical dashboard queries (parse, and parse + format), then
 * `1+1+…` chains and deep nesting at growing sizes to show that time grows linearly (the time per
 * term should stay flat as n grows ×4; each figure is the best of 7 trials, as the machine is shared).
 * Run: node protocols/promql/parser.bench.ts
 */
import { allFeatures, parse } from "./parser.ts"
import { format } from "./printer.ts"

const dashboard = [
  'sum by (job) (rate(http_requests_total{job="api-server", code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total{job="api-server"}[5m]))',
  "histogram_quantile(0.99, sum by (le, handler) (rate(http_request_duration_seconds_bucket[5m])))",
  '100 * (1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m])))',
  'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay"} / node_filesystem_size_bytes < 0.1',
  'topk(10, sum by (pod) (container_memory_working_set_bytes{namespace="prod"}))',
  "increase(kube_pod_container_status_restarts_total[1h]) > 3",
  "max_over_time(deriv(rate(distance_covered_total[5s])[30s:5s])[10m:])",
  'label_replace(up{job="node"}, "host", "$1", "instance", "(.*):.*") == 0',
  "predict_linear(node_filesystem_free_bytes[6h], 4 * 3600) < 0",
  'sum(rate(grpc_server_handled_total{grpc_code!="OK"}[5m])) by (grpc_service) / ignoring(grpc_code) group_left sum(rate(grpc_server_handled_total[5m])) by (grpc_service)',
  "avg_over_time(up[1d] offset 1w) * on(instance) group_left(nodename) node_uname_info",
  'count(count by (version) (prometheus_build_info{job=~"prom.*"}))',
  "rate(http_requests_total[5m] @ end()) - rate(http_requests_total[5m] offset 1d)",
  'absent(up{job="alertmanager"} == 1)',
  "quantile_over_time(0.9, request_latency_seconds[10m])"
]

/** Best of `trials` timings (each at least `minMs` long): the machine is shared, so the minimum is the signal. */
const time = (f: () => void, minMs = 60, trials = 7): { msPerRun: number } => {
  for (let i = 0; i < 3; i++) f()
  let best = Number.POSITIVE_INFINITY
  for (let t = 0; t < trials; t++) {
    let runs = 0
    const t0 = performance.now()
    let elapsed = 0
    while (elapsed < minMs) {
      f()
      runs++
      elapsed = performance.now() - t0
    }
    best = Math.min(best, elapsed / runs)
  }
  return { msPerRun: best }
}

const mustParse = (q: string) => {
  const res = parse(q, allFeatures)
  if (!res.ok) throw new Error(`bench query rejected: ${res.error.text}`)
  return res.expr
}

for (const q of dashboard) mustParse(q)
const bytes = dashboard.reduce((n, q) => n + q.length, 0)
const p = time(() => {
  for (const q of dashboard) mustParse(q)
}, 150)
const pf = time(() => {
  for (const q of dashboard) format(mustParse(q))
}, 150)
const qps = (dashboard.length * 1000) / p.msPerRun
console.log(`dashboard queries (${dashboard.length}, ${bytes} bytes):`)
console.log(
  `  parse:          ${Math.round(qps).toLocaleString()} queries/s, ${((bytes * 1000) / p.msPerRun / 1e6).toFixed(1)} MB/s`
)
console.log(
  `  parse + format: ${Math.round((dashboard.length * 1000) / pf.msPerRun).toLocaleString()} queries/s`
)

const scaling = (label: string, make: (n: number) => string, sizes: number[]) => {
  console.log(`${label}:`)
  for (const n of sizes) {
    const q = make(n)
    const run = () => {
      const res = parse(q, allFeatures)
      if (!res.ok) throw new Error(res.error.text)
    }
    const t = time(run)
    console.log(
      `  n=${String(n).padStart(6)}: ${t.msPerRun.toFixed(3)} ms, ${((t.msPerRun * 1e6) / n).toFixed(0)} ns per term`
    )
  }
}

scaling("1+1+… chain", (n) => Array.from({ length: n }, () => "1").join("+"), [2500, 10_000, 40_000, 160_000])
scaling(
  "a + b * c ^ d … mixed chain",
  (n) =>
    Array.from({ length: n }, (_, i) => `m${i % 7}`)
      .join(" + ")
      .replaceAll("m3 +", "m3 *"),
  [2500, 10_000, 40_000]
)
// Nesting is capped at maxDepthDefault (1000) levels; these stay within it.
scaling("nested parentheses ((((1))))", (n) => `${"(".repeat(n)}1${")".repeat(n)}`, [60, 250, 1000])
scaling("nested calls abs(abs(…foo))", (n) => `${"abs(".repeat(n)}foo${")".repeat(n)}`, [60, 250, 1000])
