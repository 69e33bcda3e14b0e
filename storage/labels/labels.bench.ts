/**
 * Label hot paths on 100,000 realistic label sets (5–8 labels, node-exporter-like names and
 * values): hashing, sorting by compareLabels, and matching one value per series with each matcher
 * strategy next to the plain RE2 program it replaces. Best of 7 trials.
 * Run: node storage/labels/labels.bench.ts
 */
import { RE2JS } from "re2js"
import { compareLabels, type Labels, labelsFromObject } from "./labels.ts"
import { hashLabels } from "./labels-hash.ts"
import { InvalidMatcherError, makeMatcher } from "./matcher.ts"

const seriesCount = 100_000
const trials = 7

const sets: Labels[] = []
for (let i = 0; i < seriesCount; i++) {
  const o: Record<string, string> = {
    __name__: ["node_cpu_seconds_total", "node_memory_MemFree_bytes", "http_requests_total", "up"][i % 4],
    instance: `host-${i % 997}.example.com:9100`,
    job: ["node", "api", "web"][i % 3],
    env: i % 2 ? "prod" : "staging"
  }
  if (i % 4 === 0) o.cpu = String(i % 64)
  if (i % 4 === 0) o.mode = ["idle", "user", "system", "iowait"][(i % 7) & 3]
  if (i % 4 === 2) o.code = ["200", "404", "500"][i % 3]
  if (i % 4 === 2) o.path = `/api/v1/items/${i % 50}`
  sets.push(labelsFromObject(o))
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
const rate = (n: number, s: number) => `${Math.round(n / s).toLocaleString("en-US")}/s`

let sink = 0
console.log(`labels: ${seriesCount.toLocaleString("en-US")} label sets, best of ${trials}`)
console.log(
  `hashLabels              ${rate(
    seriesCount,
    best(() => {
      for (const l of sets) sink += hashLabels(l)
    })
  )}`
)
const shuffled = [...sets].sort((a, b) => hashLabels(a) - hashLabels(b))
console.log(
  `sort by compareLabels   ${(
    best(() => {
      ;[...shuffled].sort(compareLabels)
    }) * 1000
  ).toFixed(1)} ms per sort`
)

const paths = sets.map((l) => l[l.indexOf("instance") + 1])
for (const re of [
  "host-1.*",
  "host-12.example.com:9100|host-13.example.com:9100",
  ".*:9100",
  ".*",
  "(?i)HOST-1.*",
  "host-[0-9]+\\.example\\.com:9100"
]) {
  const m = makeMatcher("=~", "instance", re)
  if (m instanceof InvalidMatcherError) throw new Error(m.message)
  const prog = RE2JS.compile(`^(?s:${re})$`)
  const fast = best(() => {
    for (const v of paths) if (m.matches(v)) sink++
  })
  const plain = best(() => {
    for (const v of paths) if (prog.matches(v)) sink++
  })
  console.log(
    `=~ ${JSON.stringify(re).padEnd(52)} ${m.strategy.padEnd(8)} ${rate(seriesCount, fast).padStart(14)}  (RE2 alone ${rate(seriesCount, plain)})`
  )
}
if (sink === 0.5) console.log(sink)
