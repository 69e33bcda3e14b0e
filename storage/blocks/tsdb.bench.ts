/**
 * `npm run bench:tsdb`: the same OpenMetrics input (1,000 series × 1,440 samples, counters and
 * gauges) turned into blocks by Vesta (`backfillOpenMetrics`) and by promtool
 * (`tsdb create-blocks-from openmetrics`), alternating, 5 trials each. Prints bytes/sample (chunks,
 * chunks+index), write time, full read time (every sample decoded: Vesta's reader vs `promtool
 * tsdb dump`), and the head's bytes per series. Last line:
 * `tsdb bytes/sample ratio vesta/prometheus: X.XX`.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { runTool } from "../../test/support/run-tool.ts"
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
      `head chunk bytes/series ${(headBytes / head.numSeries).toFixed(0).padStart(8)}   (Prometheus's head memory per series: not measured yet; needs remote write)`
    )
    console.log(
      `tsdb bytes/sample ratio vesta/prometheus: ${((vSize.chunks + vSize.index) / (pSize.chunks + pSize.index)).toFixed(2)}`
    )
  } finally {
    rmSync(root, { recursive: true, force: true })
  }
}

await main()
