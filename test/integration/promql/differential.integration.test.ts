/**
 * PromQL differential test: the same data set goes into a real Prometheus (Debian 2.42, as blocks
 * made by promtool) and into Vesta's engine; the same queries must give the same results (labels,
 * order where defined, values within 1e-9 relative). 2.x/3.x differences: differential-queries.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runPlan } from "../../../storage/promql/engine.ts"
import { MemoryStorage } from "../../../storage/promql/memory-storage.ts"
import { parsePlan } from "../../../storage/promql/parse-plan.ts"
import { dropMetricName, labelsFromObject, labelsToObject } from "../../../storage/promql/values.ts"
import { type Peer, runTool, startPrometheus } from "../../support/peers.ts"
import { epochMs, generate, toOpenMetrics } from "./differential-data.ts"
import { instantQueries, rangeQueries } from "./differential-queries.ts"

const dir = mkdtempSync(join(tmpdir(), "vesta-promql-diff-"))
const storage = new MemoryStorage()
let prom: Peer

beforeAll(async () => {
  const data = generate()
  for (const s of data) for (const [t, v] of s.samples) storage.append(labelsFromObject(s.labels), t, v)
  writeFileSync(join(dir, "data.om"), toOpenMetrics(data))
  const made = await runTool("promtool", [
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    join(dir, "data.om"),
    join(dir, "blocks")
  ])
  if (made.code !== 0) throw new Error(`promtool failed: ${made.stderr}`)
  prom = await startPrometheus({
    dataDir: join(dir, "blocks"),
    flags: ["--storage.tsdb.retention.time=100y"]
  })
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  rmSync(dir, { recursive: true, force: true })
})

type PromSample = {
  metric: Record<string, string>
  value?: [number, string]
  values?: Array<[number, string]>
}
const query = async (path: string, params: Record<string, string>) => {
  const res = await fetch(`${prom.baseUrl}${path}?${new URLSearchParams(params)}`)
  return (await res.json()) as {
    status: string
    data: { resultType: string; result: unknown }
    error?: string
  }
}

const close = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) ||
  a === b ||
  Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b))
const num = (s: string) =>
  s === "+Inf" ? Number.POSITIVE_INFINITY : s === "-Inf" ? Number.NEGATIVE_INFINITY : Number(s)
/** Where 2.42 and 3.x disagree on keeping the metric name (see differential-queries.ts), compare without it. */
const nameDiffers = (q: string) => q.startsWith("last_over_time") || q.includes(" atan2 ")
const key = (q: string, m: Record<string, string>) =>
  JSON.stringify(labelsToObject(nameDiffers(q) ? dropMetricName(labelsFromObject(m)) : labelsFromObject(m)))
const ordered = (q: string) => /^(sort|sort_desc|topk|bottomk)\(/.test(q)

const evalTimes = [epochMs + 3_600_000 + 7_300, epochMs + 9_000_000 + 52_100, epochMs + 5_400_000 + 1_700]

describe("PromQL: Vesta and Prometheus agree", () => {
  it.each(instantQueries.flatMap((q) => evalTimes.map((t) => [q, t] as const)))(
    "instant %s at %d",
    async (q, t) => {
      const theirs = await query("/api/v1/query", { query: q, time: String(t / 1000) })
      if (theirs.status !== "success") {
        expect(() => runPlan(parsePlan(q), storage, { startMs: t, endMs: t, stepMs: 0 })).toThrow(
          theirs.error
        )
        return
      }
      const ours = runPlan(parsePlan(q), storage, { startMs: t, endMs: t, stepMs: 0 }).result
      expect(ours.resultType).toBe(theirs.data.resultType)
      if (ours.resultType === "scalar") {
        const [, v] = theirs.data.result as [number, string]
        expect(close(ours.result[1], num(v)), `${ours.result[1]} vs ${v}`).toBe(true)
        return
      }
      if (ours.resultType !== "vector") return
      const theirRows = (theirs.data.result as PromSample[]).map((s) => ({
        k: key(q, s.metric),
        v: num(s.value![1])
      }))
      const ourRows = ours.result.map((s) => ({ k: key(q, labelsToObject(s.labels)), v: s.v }))
      if (!ordered(q)) {
        theirRows.sort((a, b) => (a.k < b.k ? -1 : 1))
        ourRows.sort((a, b) => (a.k < b.k ? -1 : 1))
      }
      expect(ourRows.map((r) => r.k)).toEqual(theirRows.map((r) => r.k))
      ourRows.forEach((r, i) =>
        expect(close(r.v, theirRows[i].v), `${r.k}: ${r.v} vs ${theirRows[i].v}`).toBe(true)
      )
    }
  )
  it.each(rangeQueries)("range %s", async (q) => {
    const start = epochMs + 1_800_000 + 3_000
    const end = epochMs + 9_900_000 + 3_000
    const theirs = await query("/api/v1/query_range", {
      query: q,
      start: String(start / 1000),
      end: String(end / 1000),
      step: "60"
    })
    expect(theirs.status, theirs.error).toBe("success")
    const ours = runPlan(parsePlan(q), storage, { startMs: start, endMs: end, stepMs: 60_000 }).result
    expect(ours.resultType).toBe("matrix")
    if (ours.resultType !== "matrix") return
    const theirSeries = (theirs.data.result as PromSample[]).map((s) => ({
      k: key(q, s.metric),
      points: s.values!
    }))
    theirSeries.sort((a, b) => (a.k < b.k ? -1 : 1))
    const ourSeries = ours.result
      .map((s) => ({ k: key(q, labelsToObject(s.labels)), points: s.points }))
      .sort((a, b) => (a.k < b.k ? -1 : 1))
    expect(ourSeries.map((s) => s.k)).toEqual(theirSeries.map((s) => s.k))
    ourSeries.forEach((s, i) => {
      expect(s.points.map((p) => p[0] / 1000)).toEqual(theirSeries[i].points.map((p) => p[0]))
      s.points.forEach((p, j) =>
        expect(close(p[1], num(theirSeries[i].points[j][1])), `${s.k}@${p[0]}`).toBe(true)
      )
    })
  })
})
