/**
 * Remote-write decode throughput: the hand-written decoders (flat, reused buffers) against the
 * protobufjs-generated ones, on request shapes a Prometheus sender produces. Prints MB/s of
 * uncompressed protobuf and samples/s; snappy is measured on its own line.
 * Run: node protocols/remote/remote-write.bench.ts
 */
import { io, prometheus } from "../gen/prometheus.js"
import { DecodeError } from "./proto-reader.ts"
import { compressBlock, uncompressBlock } from "./snappy-block.ts"
import { decodeWriteRequest, WriteRequestDecoder } from "./write-request-decoder.ts"
import { WriteRequestV2Decoder } from "./write-request-v2-decoder.ts"

const benchMs = Number(process.env.BENCH_MS ?? 2500)

/** A series' labels as Prometheus would send them: sorted, `__name__` first. */
const seriesLabels = (i: number): string[] => [
  "__name__",
  `node_cpu_seconds_total_${i % 40}`,
  "cpu",
  String(i % 16),
  "env",
  "production",
  "instance",
  `10.0.${(i >> 8) & 255}.${i & 255}:9100`,
  "job",
  "node",
  "mode",
  ["idle", "user", "system", "iowait"][i % 4],
  "region",
  "eu-west-1"
]

/** `seriesCount` series × `samplesPer` samples; 1.0 repeats a series per sample like Prometheus does. */
const shapes = [
  {
    name: "500 series x 1 sample (Prometheus 2.x sender)",
    seriesCount: 500,
    samplesPer: 1,
    perSampleSeries: true
  },
  {
    name: "2000 series x 1 sample (3.x default batch)",
    seriesCount: 2000,
    samplesPer: 1,
    perSampleSeries: true
  },
  {
    name: "100 series x 20 samples (batched client)",
    seriesCount: 100,
    samplesPer: 20,
    perSampleSeries: false
  }
]

const v1Request = (s: (typeof shapes)[number]) => {
  const timeseries = []
  for (let i = 0; i < s.seriesCount; i++) {
    const kv = seriesLabels(i)
    const labels = []
    for (let j = 0; j < kv.length; j += 2) labels.push({ name: kv[j], value: kv[j + 1] })
    const samples = Array.from({ length: s.samplesPer }, (_, k) => ({
      value: i * 1.37 + k * 0.25,
      timestamp: 1700000000000 + k * 15000
    }))
    if (s.perSampleSeries) for (const smp of samples) timeseries.push({ labels, samples: [smp] })
    else timeseries.push({ labels, samples })
  }
  return prometheus.WriteRequest.encode({ timeseries }).finish()
}

const v2Request = (s: (typeof shapes)[number]) => {
  const symbols = [""]
  const index = new Map<string, number>([["", 0]])
  const ref = (v: string) => {
    let r = index.get(v)
    if (r === undefined) {
      r = symbols.length
      symbols.push(v)
      index.set(v, r)
    }
    return r
  }
  const timeseries = []
  for (let i = 0; i < s.seriesCount; i++) {
    const samples = Array.from({ length: s.samplesPer }, (_, k) => ({
      value: i * 1.37 + k * 0.25,
      timestamp: 1700000000000 + k * 15000
    }))
    timeseries.push({ labelsRefs: seriesLabels(i).map(ref), samples, metadata: { type: 1 } })
  }
  return io.prometheus.write.v2.Request.encode({ symbols, timeseries }).finish()
}

/**
 * Calls per second of fn: the best of 5 rounds of benchMs/5 each, after a warm-up. The machine is
 * shared, so the best round is the figure least disturbed by other processes.
 */
const rate = (fn: () => void): number => {
  const warm = performance.now() + 300
  while (performance.now() < warm) fn()
  let best = 0
  for (let round = 0; round < 5; round++) {
    let n = 0
    const t0 = performance.now()
    let t = t0
    while (t - t0 < benchMs / 5) {
      for (let i = 0; i < 10; i++) fn()
      n += 10
      t = performance.now()
    }
    best = Math.max(best, (n * 1000) / (t - t0))
  }
  return best
}

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)}M` : `${(x / 1e3).toFixed(1)}k`)
const report = (label: string, bytes: number, samples: number, perSec: number) =>
  console.log(
    `  ${label.padEnd(34)} ${((bytes * perSec) / 1e6).toFixed(1).padStart(7)} MB/s  ${fmt(samples * perSec).padStart(8)} samples/s`
  )

console.log(`node ${process.version}, best of 5 rounds of ${benchMs / 5} ms per case`)
for (const s of shapes) {
  const samples = s.seriesCount * s.samplesPer
  const body1 = v1Request(s)
  const body2 = v2Request(s)
  console.log(`\n${s.name}: v1 ${body1.length} bytes, v2 ${body2.length} bytes, ${samples} samples`)

  const hand = new WriteRequestDecoder()
  const check = hand.decode(body1)
  if (check instanceof DecodeError || check.sampleCount !== samples) throw new Error("bad v1 decode")
  let sink = 0
  report(
    "v1 hand-written (flat, reused)",
    body1.length,
    samples,
    rate(() => {
      const d = hand.decode(body1) as { sampleCount: number }
      sink += d.sampleCount
    })
  )
  report(
    "v1 hand-written, per-series objects",
    body1.length,
    samples,
    rate(() => {
      const d = decodeWriteRequest(body1) as { series: unknown[] }
      sink += d.series.length
    })
  )
  report(
    "v1 protobufjs generated",
    body1.length,
    samples,
    rate(() => {
      sink += prometheus.WriteRequest.decode(body1).timeseries.length
    })
  )
  const hand2 = new WriteRequestV2Decoder()
  const check2 = hand2.decode(body2)
  if (check2 instanceof DecodeError || check2.sampleCount !== samples) throw new Error("bad v2 decode")
  report(
    "v2 hand-written (flat, reused)",
    body2.length,
    samples,
    rate(() => {
      const d = hand2.decode(body2) as { sampleCount: number }
      sink += d.sampleCount
    })
  )
  report(
    "v2 protobufjs generated",
    body2.length,
    samples,
    rate(() => {
      sink += io.prometheus.write.v2.Request.decode(body2).timeseries.length
    })
  )
  const compressed = compressBlock(body1)
  report(
    `snappy uncompress (v1, ${compressed.length} B in)`,
    body1.length,
    samples,
    rate(() => {
      const r = uncompressBlock(compressed)
      sink += r.ok ? r.bytes.length : 0
    })
  )
  if (sink === 0) console.log("unreachable")
}
