/**
 * Compaction throughput, Vesta vs the Prometheus server (Debian 2.42), alternating, TRIALS trials
 * (default 5) per scenario, each on a fresh copy of the same blocks:
 *
 * - level: four 2h blocks (SERIES series, default 2000, one sample per 15 s); the planner picks
 *   the three filling a 6h window; chunks are copied (Vesta: planCompaction + compactBlocks,
 *   fsync on; deleting the inputs is not timed, as Prometheus's metric does not include it).
 * - vertical: two overlapping 2h blocks (one shifted by 1h, samples 7.5 s off the other's grid),
 *   merged sample by sample and re-encoded.
 *
 * Prometheus compacts on its own schedule (about a minute after start); its time is the sum of
 * `prometheus_tsdb_compaction_duration_seconds`, read once `prometheus_tsdb_compactions_total`
 * moves, so start-up is not counted. Both sides must end with the same block ranges (a check on
 * the planner). Prints samples/s per side and `compaction samples/s ratio vesta/prometheus (…)`.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { startPrometheus } from "../../test/support/peers.ts"
import { parseBlockMeta } from "../blocks/block-meta.ts"
import { isUlid } from "../blocks/ulid.ts"
import { compactDir, loadBlocks } from "./compact-dir.ts"
import { compactBlocks } from "./compactor.ts"
import {
  compactionRanges,
  defaultMaxBlockDurationMs,
  defaultRetentionTimeMs,
  hourMs,
  planCompaction
} from "./planner.ts"
import { deleteBlock } from "./retention.ts"
import { bitsOf, makeBlock, rng, type Sample, type TestSeries } from "./testing.ts"

const seriesCount = Number(process.env.SERIES ?? 2000)
const trials = Number(process.env.TRIALS ?? 5)
const h = hourMs
const base = Math.floor(1_767_225_600_000 / (54 * h)) * 54 * h
const ranges = compactionRanges(2 * h, defaultMaxBlockDurationMs(defaultRetentionTimeMs))
const scratch = mkdtempSync(join(tmpdir(), "vesta-compact-bench-"))

const seriesOver = (from: number, to: number, stepMs: number, seed: number): TestSeries[] => {
  const r = rng(seed)
  const out: TestSeries[] = []
  for (let s = 0; s < seriesCount; s++) {
    const samples: Sample[] = []
    let v = Math.floor(r() * 1e6)
    for (let t = from; t < to; t += stepMs) {
      v += s % 2 === 0 ? Math.floor(r() * 50) : 0
      samples.push(
        bitsOf(t, s % 2 === 0 ? v : Math.round((40 + 10 * Math.sin(t / 3e6 + s) + r()) * 100) / 100)
      )
    }
    out.push({
      labels: { __name__: s % 2 === 0 ? "app_requests_total" : "app_temp", instance: `host-${s}` },
      samples
    })
  }
  return out
}

const template = (
  name: string,
  blocks: ReadonlyArray<{ from: number; to: number; offset: number }>
): string => {
  const dir = join(scratch, name)
  blocks.forEach((b, i) =>
    makeBlock(dir, seriesOver(b.from + b.offset, b.to, 15_000, i + 1), { minTime: b.from, maxTime: b.to })
  )
  return dir
}

const ranged = (dir: string) =>
  readdirSync(dir)
    .filter(isUlid)
    .map((n) => parseBlockMeta(readFileSync(join(dir, n, "meta.json"), "utf8"), n))
    .map((m) => `[${(m.minTime - base) / h}h,${(m.maxTime - base) / h}h)`)
    .sort()
    .join(" ")

const metric = (text: string, name: string): number => {
  const m = new RegExp(`^${name} (\\S+)$`, "m").exec(text)
  return m === null ? Number.NaN : Number(m[1])
}

const vesta = (tpl: string): { seconds: number; ranges: string } => {
  const dir = join(scratch, `vesta-${Date.now()}`)
  cpSync(tpl, dir, { recursive: true })
  // Timed like Prometheus's metric: planning and writing the new block, not deleting the inputs.
  const t0 = performance.now()
  const plan = planCompaction(loadBlocks(dir), { ranges })
  const out = compactBlocks(dir, plan)
  const seconds = (performance.now() - t0) / 1000
  if (out === undefined) throw new Error("vesta: nothing compacted")
  for (const d of plan) deleteBlock(d)
  compactDir(dir, { ranges }) // any further rounds, untimed, so the final ranges can be compared
  const result = { seconds, ranges: ranged(dir) }
  rmSync(dir, { recursive: true, force: true })
  return result
}

const prometheus = async (
  tpl: string,
  expectBlocks: number
): Promise<{ seconds: number; ranges: string }> => {
  const dir = join(scratch, `prom-${Date.now()}`)
  cpSync(tpl, dir, { recursive: true })
  const p = await startPrometheus({ dataDir: dir })
  try {
    const until = Date.now() + 180_000
    for (;;) {
      const text = await (await fetch(`${p.baseUrl}/metrics`)).text()
      const n = metric(text, "prometheus_tsdb_compactions_total")
      if (n >= 1) {
        // Let the reload delete the parents, then read the block ranges.
        const seconds = metric(text, "prometheus_tsdb_compaction_duration_seconds_sum")
        for (let i = 0; i < 100 && readdirSync(dir).filter(isUlid).length > expectBlocks; i++)
          await new Promise((r) => setTimeout(r, 100))
        return { seconds, ranges: ranged(dir) }
      }
      if (Date.now() > until) throw new Error(`prometheus did not compact in 180 s\n${p.log().slice(-2000)}`)
      await new Promise((r) => setTimeout(r, 200))
    }
  } finally {
    await p.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

const scenarios = [
  {
    name: "level",
    tpl: () =>
      template("level", [
        { from: base, to: base + 2 * h, offset: 0 },
        { from: base + 2 * h, to: base + 4 * h, offset: 0 },
        { from: base + 4 * h, to: base + 6 * h, offset: 0 },
        { from: base + 6 * h, to: base + 8 * h, offset: 0 }
      ]),
    samples: () => seriesCount * 480 * 3
  },
  {
    name: "vertical",
    tpl: () =>
      template("vertical", [
        { from: base, to: base + 2 * h, offset: 0 },
        { from: base + h, to: base + 3 * h, offset: 7_500 }
      ]),
    samples: () => seriesCount * 480 * 2
  }
]

try {
  for (const sc of scenarios) {
    const tpl = sc.tpl()
    const samples = sc.samples()
    const ratios: number[] = []
    const vs: number[] = []
    const ps: number[] = []
    for (let i = 0; i < trials; i++) {
      const v = vesta(tpl)
      const p = await prometheus(tpl, v.ranges.split(" ").length)
      if (v.ranges !== p.ranges)
        throw new Error(`${sc.name}: blocks differ: vesta ${v.ranges}, prometheus ${p.ranges}`)
      vs.push(samples / v.seconds)
      ps.push(samples / p.seconds)
      ratios.push(samples / v.seconds / (samples / p.seconds))
      console.log(
        `${sc.name} trial ${i + 1}: vesta ${(samples / v.seconds / 1e6).toFixed(2)} M samples/s (${v.seconds.toFixed(3)} s), ` +
          `prometheus ${(samples / p.seconds / 1e6).toFixed(2)} M samples/s (${p.seconds.toFixed(3)} s); blocks ${v.ranges}`
      )
    }
    console.log(
      `${sc.name}: ${samples} samples, median vesta ${(median(vs) / 1e6).toFixed(2)} M/s, prometheus ${(median(ps) / 1e6).toFixed(2)} M/s`
    )
    console.log(`compaction samples/s ratio vesta/prometheus (${sc.name}): ${median(ratios).toFixed(2)}`)
  }
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
