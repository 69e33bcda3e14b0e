/**
 * XOR chunk throughput and size on realistic data: 1,000 series × 1,440 samples per workload
 * (counters and gauges, 15 s and 60 s scrape spacing with a few ms of jitter), cut into chunks
 * the way the appender reports full. Prints encode and decode samples/s (best of 7 trials, one
 * appender and one iterator reused throughout, as the head and block reader do) and bytes/sample
 * (chunk data only, without record framing).
 * Run: node storage/chunks/xor.bench.ts
 */
import { XorAppender, XorIterator } from "./xor-chunk.ts"

const seriesCount = 1_000
const samplesPerSeries = 1_440
const trials = 7

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
const prng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

interface Workload {
  readonly name: string
  readonly ts: Float64Array
  readonly vs: Float64Array
}

const workload = (name: string, kind: "counter" | "gauge", spacingMs: number): Workload => {
  const rnd = prng(spacingMs * 31 + (kind === "counter" ? 1 : 2))
  const n = seriesCount * samplesPerSeries
  const ts = new Float64Array(n)
  const vs = new Float64Array(n)
  for (let s = 0; s < seriesCount; s++) {
    const start = 1_700_000_000_000 + Math.floor(rnd() * spacingMs)
    const rate = 1 + Math.floor(rnd() * 100)
    let v = kind === "counter" ? Math.floor(rnd() * 1e6) : 20 + rnd() * 10
    for (let i = 0; i < samplesPerSeries; i++) {
      const k = s * samplesPerSeries + i
      // Scrapes land within ±5 ms of the schedule.
      ts[k] = start + i * spacingMs + Math.floor(rnd() * 11) - 5
      if (kind === "counter") v += Math.floor(rnd() * rate * (spacingMs / 1000))
      else v = Math.round((v + (rnd() - 0.5) * 0.5) * 100) / 100
      vs[k] = v
    }
  }
  return { name, ts, vs }
}

/** Encodes every series into chunks of up to 120 samples; returns the chunks and their size. */
const encodeAll = (w: Workload, keep: boolean) => {
  const a = new XorAppender()
  const chunks: Uint8Array[] = []
  let bytes = 0
  for (let s = 0; s < seriesCount; s++) {
    a.reset()
    for (let i = 0; i < samplesPerSeries; i++) {
      const k = s * samplesPerSeries + i
      if (a.full) {
        bytes += a.byteLength
        if (keep) chunks.push(a.bytes())
        a.reset()
      }
      a.append(w.ts[k], w.vs[k])
    }
    bytes += a.byteLength
    if (keep) chunks.push(a.bytes())
  }
  return { chunks, bytes }
}

const decodeAll = (chunks: ReadonlyArray<Uint8Array>) => {
  const it = new XorIterator()
  let n = 0
  let sum = 0
  for (const c of chunks) {
    it.reset(c)
    while (it.next()) {
      n++
      sum += it.value
    }
  }
  return { n, sum }
}

const best = (f: () => void): number => {
  let min = Number.POSITIVE_INFINITY
  for (let i = 0; i < trials; i++) {
    const t0 = performance.now()
    f()
    min = Math.min(min, performance.now() - t0)
  }
  return min / 1000
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US")

const total = seriesCount * samplesPerSeries
console.log(
  `XOR chunks: ${fmt(seriesCount)} series × ${fmt(samplesPerSeries)} samples per workload, best of ${trials}`
)
console.log("workload              encode samples/s   decode samples/s   bytes/sample   chunks")
for (const w of [
  workload("counter 15s", "counter", 15_000),
  workload("counter 60s", "counter", 60_000),
  workload("gauge 15s", "gauge", 15_000),
  workload("gauge 60s", "gauge", 60_000)
]) {
  const { chunks, bytes } = encodeAll(w, true)
  const check = decodeAll(chunks)
  if (check.n !== total) throw new Error(`decoded ${check.n} samples, expected ${total}`)
  const encodeS = best(() => encodeAll(w, false))
  const decodeS = best(() => decodeAll(chunks))
  console.log(
    `${w.name.padEnd(20)}  ${fmt(total / encodeS).padStart(16)}   ${fmt(total / decodeS).padStart(16)}   ${(bytes / total).toFixed(3).padStart(12)}   ${fmt(chunks.length).padStart(6)}`
  )
}
