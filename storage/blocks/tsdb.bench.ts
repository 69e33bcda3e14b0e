/**
 * `npm run bench:tsdb`: the same OpenMetrics input (1,000 series × 1,440 samples, counters and
 * gauges) turned into blocks by Vesta (`backfillOpenMetrics`) and by promtool
 * (`tsdb create-blocks-from openmetrics`), alternating, 5 trials each. Prints bytes/sample (chunks,
 * chunks+index), write time, full read time (every sample decoded: Vesta's reader vs `promtool
 * tsdb dump`), the head's chunk bytes per series, and head memory per active series: the same
 * remote-write workload (MEM_SERIES series, default 100,000, × 4 samples) sent to a fresh `vesta
 * start` and a fresh Prometheus 2.42, alternating, 5 trials; RSS (/proc VmRSS) and heap
 * (Prometheus go_memstats_heap_inuse_bytes, Vesta nodejs_heap_size_used_bytes + external) after the load
 * minus before it, per series. Last line:
 * `tsdb bytes/sample ratio vesta/prometheus: X.XX`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { compressBlock } from "../../protocols/remote/snappy-block.ts"
import { encodeWriteRequest } from "../../protocols/remote/write-request-encoder.ts"
import { startPrometheus } from "../../test/support/peers.ts"
import { postRemoteWrite } from "../../test/support/post-remote-write.ts"
import { rssBytes } from "../../test/support/proc-stats.ts"
import { runTool } from "../../test/support/run-tool.ts"
import { startVesta } from "../../test/support/vesta-process.ts"
import { XorIterator } from "../chunks/xor-chunk.ts"
import { Head } from "../head/head.ts"
import { backfillOpenMetrics } from "./backfill.ts"
import { openBlocks } from "./block-queryable.ts"

const seriesCount = 1000
const samplesPer = 1440
const stepMs = 15_000
const start = 1_767_225_600_000
const trials = 5

const generate = (): string => {
  let seed = 11
  const r = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const counters: string[] = []
  const gauges: string[] = []
  for (let s = 0; s < seriesCount; s++) {
    const lines = s % 2 === 0 ? counters : gauges
    let v = Math.floor(r() * 1e6)
    for (let i = 0; i < samplesPer; i++) {
      const t = (start + i * stepMs) / 1000
      if (s % 2 === 0) {
        v += Math.floor(r() * 50)
        lines.push(`app_requests_total{instance="host-${s}",job="app"} ${v} ${t}`)
      } else
        lines.push(
          `app_temperature{instance="host-${s}",job="app"} ${Math.round((40 + 10 * Math.sin(i / 50 + s) + r()) * 100) / 100} ${t}`
        )
    }
  }
  // OpenMetrics wants one family's samples together, series by series.
  return `# TYPE app_requests counter\n${counters.join("\n")}\n# TYPE app_temperature gauge\n${gauges.join("\n")}\n# EOF\n`
}

const sizes = (dir: string) => {
  let chunks = 0
  let index = 0
  for (const b of readdirSync(dir)) {
    const p = join(dir, b)
    if (!statSync(p).isDirectory()) continue
    index += statSync(join(p, "index")).size
    for (const c of readdirSync(join(p, "chunks"))) chunks += statSync(join(p, "chunks", c)).size
  }
  return { chunks, index }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const readAll = (dir: string): number => {
  let n = 0
  const it = new XorIterator()
  for (const b of openBlocks(dir)) {
    for (const id of b.select([]))
      for (const c of b.series(id).chunks) {
        it.reset(b.chunk(c.ref).data)
        while (it.next()) n++
      }
    b.close()
  }
  return n
}

const memSeries = Number(process.env.MEM_SERIES ?? 100_000)
const memSamples = 4

/** The remote-write bodies (snappy) for memSeries series × memSamples samples, 1,000 series a request. */
const memWorkload = (): Uint8Array[] => {
  const bodies: Uint8Array[] = []
  const now = Date.now() - 60_000
  const ts = Array.from({ length: memSamples }, (_, j) => now + j * 15_000)
  for (let first = 0; first < memSeries; first += 1000) {
    const series = []
    for (let i = first; i < Math.min(memSeries, first + 1000); i++)
      series.push({
        labels: [
          "__name__",
          i % 2 === 0 ? "mem_requests_total" : "mem_temperature",
          "instance",
          `host-${i % 100}`,
          "job",
          "mem",
          "series",
          String(i)
        ],
        timestamps: ts,
        values: Float64Array.from(ts, (_, j) => (i % 2 === 0 ? i + j : 20 + ((i + j) % 100) / 10))
      })
    bodies.push(compressBlock(encodeWriteRequest(series)))
  }
  return bodies
}

/** The sum of the named metrics on the process's /metrics. */
const metricValue = async (baseUrl: string, names: ReadonlyArray<string>): Promise<number> => {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  let sum = 0
  for (const name of names) {
    const m = text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, "m"))
    if (m === null) throw new Error(`${baseUrl}/metrics has no ${name}`)
    sum += Number(m[1])
  }
  return sum
}

const settle = () => new Promise((r) => setTimeout(r, 2_000))

/** Loads the workload into one fresh process; RSS and heap deltas per series. */
const headMemory = async (
  target: { baseUrl: string; pid: number; stop: () => Promise<void> },
  heapMetrics: ReadonlyArray<string>,
  bodies: ReadonlyArray<Uint8Array>
) => {
  try {
    await settle()
    const rss0 = rssBytes(target.pid)
    const heap0 = await metricValue(target.baseUrl, heapMetrics)
    for (const body of bodies) {
      await postRemoteWrite(target.baseUrl, body)
    }
    await settle()
    return {
      rss: (rssBytes(target.pid) - rss0) / memSeries,
      heap: ((await metricValue(target.baseUrl, heapMetrics)) - heap0) / memSeries
    }
  } finally {
    await target.stop()
  }
}

const memoryTrials = async (root: string) => {
  const bodies = memWorkload()
  const v = { rss: [] as number[], heap: [] as number[] }
  const p = { rss: [] as number[], heap: [] as number[] }
  for (let t = 0; t < trials; t++) {
    const dir = join(root, `mem-${t}`)
    mkdirSync(dir, { recursive: true })
    const vm = await headMemory(
      await startVesta("start", [`--storage.tsdb.path=${dir}`]),
      ["nodejs_heap_size_used_bytes", "nodejs_external_memory_bytes"],
      bodies
    )
    v.rss.push(vm.rss)
    v.heap.push(vm.heap)
    const pm = await headMemory(
      await startPrometheus({ flags: ["--web.enable-remote-write-receiver"] }),
      ["go_memstats_heap_inuse_bytes"],
      bodies
    )
    p.rss.push(pm.rss)
    p.heap.push(pm.heap)
  }
  return { v, p }
}

const main = async () => {
  const root = mkdtempSync(join(tmpdir(), "vesta-bench-tsdb-"))
  try {
    const text = generate()
    const input = join(root, "input.om")
    writeFileSync(input, text)
    const total = seriesCount * samplesPer
    const w = { vesta: [] as number[], prom: [] as number[] }
    const rd = { vesta: [] as number[], prom: [] as number[] }
    let vSize = { chunks: 0, index: 0 }
    let pSize = { chunks: 0, index: 0 }
    for (let t = 0; t < trials; t++) {
      const vd = join(root, `v${t}`)
      mkdirSync(vd)
      let t0 = performance.now()
      backfillOpenMetrics(readFileSync(input, "utf8"), vd)
      w.vesta.push(performance.now() - t0)
      const pd = join(root, `p${t}`)
      t0 = performance.now()
      const made = await runTool("promtool", ["tsdb", "create-blocks-from", "openmetrics", "-q", input, pd])
      if (made.code !== 0) throw new Error(made.stderr)
      w.prom.push(performance.now() - t0)
      vSize = sizes(vd)
      pSize = sizes(pd)
      t0 = performance.now()
      const n = readAll(vd)
      rd.vesta.push(performance.now() - t0)
      if (n !== total) throw new Error(`read ${n} samples, wrote ${total}`)
      mkdirSync(join(pd, "wal"))
      t0 = performance.now()
      const dump = await runTool("promtool", ["tsdb", "dump", pd], { timeoutMs: 300_000 })
      rd.prom.push(performance.now() - t0)
      if (dump.code !== 0) throw new Error(dump.stderr)
    }
    // Head memory per series: the head's chunk bytes for the same data (plus a rough per-series cost).
    const head = new Head()
    const lines = text.split("\n")
    for (const l of lines) {
      const m = l.match(/^(\w+)\{instance="([^"]+)",job="app"\} (\S+) (\S+)$/)
      if (!m) continue
      head.append(["__name__", m[1], "instance", m[2], "job", "app"], Number(m[4]) * 1000, Number(m[3]))
    }
    let headBytes = 0
    for (const s of head.allSeries()) for (const c of s.chunks) headBytes += c.sizeBytes
    const f = (x: number) => x.toFixed(3).padStart(9)
    console.log(
      `data: ${seriesCount} series x ${samplesPer} samples = ${total} samples; ${trials} alternating trials (median)`
    )
    console.log("                          vesta   prometheus  ratio")
    console.log(
      `bytes/sample chunks    ${f(vSize.chunks / total)}   ${f(pSize.chunks / total)}  ${(vSize.chunks / pSize.chunks).toFixed(2)}`
    )
    console.log(
      `bytes/sample +index    ${f((vSize.chunks + vSize.index) / total)}   ${f((pSize.chunks + pSize.index) / total)}  ${((vSize.chunks + vSize.index) / (pSize.chunks + pSize.index)).toFixed(2)}`
    )
    console.log(
      `block write ms         ${median(w.vesta).toFixed(0).padStart(9)}   ${median(w.prom).toFixed(0).padStart(9)}  ${(median(w.vesta) / median(w.prom)).toFixed(2)}  (promtool includes process start)`
    )
    console.log(
      `full read ms           ${median(rd.vesta).toFixed(0).padStart(9)}   ${median(rd.prom).toFixed(0).padStart(9)}  ${(median(rd.vesta) / median(rd.prom)).toFixed(2)}  (promtool dump also prints every sample)`
    )
    console.log(
      `head chunk bytes/series ${(headBytes / head.numSeries).toFixed(0).padStart(8)}   (chunk bytes only, in-process head)`
    )
    const mem = await memoryTrials(root)
    console.log(
      `head memory: ${memSeries} series x ${memSamples} samples by remote write, fresh processes, ${trials} trials (median)`
    )
    console.log("                                vesta   prometheus  ratio")
    console.log(
      `head bytes/series (RSS delta)  ${median(mem.v.rss).toFixed(0).padStart(6)}   ${median(mem.p.rss).toFixed(0).padStart(9)}  ${(median(mem.v.rss) / median(mem.p.rss)).toFixed(2)}`
    )
    console.log(
      `head bytes/series (heap delta) ${median(mem.v.heap).toFixed(0).padStart(6)}   ${median(mem.p.heap).toFixed(0).padStart(9)}  ${(median(mem.v.heap) / median(mem.p.heap)).toFixed(2)}  (vesta nodejs_heap_size_used_bytes + nodejs_external_memory_bytes, prometheus go_memstats_heap_inuse_bytes)`
    )
    console.log(
      `tsdb bytes/sample ratio vesta/prometheus: ${((vSize.chunks + vSize.index) / (pSize.chunks + pSize.index)).toFixed(2)}`
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
