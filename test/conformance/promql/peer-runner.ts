/**
 * Runs PromQL peer `.test` files (read at run time from ../shared/peer-tests/promql) against
 * Vesta's engine: loads each file's data into a storage arrangement, evaluates every `eval` and
 * checks it as FORMAT.md §6 says (types, labels, values within 1e-6, order, failures,
 * annotations). Returns per-eval outcomes; printing is the caller's job.
 */
import { readFileSync } from "node:fs"
import { isStaleMarker } from "../../../protocols/values/special-nans.ts"
import { type QueryOutput, runPlan } from "../../../storage/promql/engine.ts"
import { type EngineStorage, QueryError } from "../../../storage/promql/engine-context.ts"
import { type FloatHistogram, formatHistogram, histogramsMatch } from "../../../storage/promql/histogram.ts"
import type { Plan } from "../../../storage/promql/plan.ts"
import { compareLabels, formatLabels, type Labels, labelsFromObject } from "../../../storage/promql/values.ts"
import {
  type Command,
  type EvalCommand,
  type Expectation,
  type HistogramLiteral,
  parseTestFile
} from "./test-file.ts"

/** A storage arrangement the suite loads data into (memory, head, blocks, split…). */
export interface Arrangement {
  readonly name: string
  /** Replaces all data with the given samples, then returns storage to query. */
  readonly load: (samples: ReadonlyArray<LoadSample>) => EngineStorage
  /** Whether the arrangement stores native histogram samples (others skip them). */
  readonly histograms?: boolean
}

/** One sample to load; `h` set means a native histogram sample (v is then 0). */
export interface LoadSample {
  readonly labels: Labels
  readonly t: number
  readonly v: number
  readonly h?: FloatHistogram
}

/** A test-file histogram literal as the engine's float histogram. */
export const histogramOf = (l: HistogramLiteral): FloatHistogram => ({
  schema: l.schema,
  zeroThreshold: l.zeroThreshold,
  zeroCount: l.zeroCount,
  count: l.count,
  sum: l.sum,
  pOffset: l.positiveOffset,
  pos: l.positive,
  nOffset: l.negativeOffset,
  neg: l.negative,
  ...(l.schema === -53 ? { customValues: l.customValues } : {}),
  hint: l.counterResetHint ?? "unknown"
})

export interface EvalOutcome {
  readonly line: number
  readonly expr: string
  readonly ok: boolean
  readonly reason?: string
}

export interface FileOutcome {
  readonly file: string
  readonly evals: EvalOutcome[]
  /** Set when the file could not be parsed or a load failed. */
  readonly error?: string
}

export type PlanParser = (expr: string) => Plan

const epsilon = 1e-6
const minNormal = 2.2250738585072014e-308

/** util/almost.Equal as FORMAT.md §6 describes it. */
export const almostEqual = (a: number, b: number): boolean => {
  if (isStaleMarker(a) || isStaleMarker(b)) return isStaleMarker(a) && isStaleMarker(b)
  if (Number.isNaN(a) && Number.isNaN(b)) return true
  if (a === b) return true
  const diff = Math.abs(a - b)
  if (a === 0 || b === 0 || Math.abs(a) + Math.abs(b) < minNormal) return diff < epsilon * minNormal
  return diff / Math.min(Math.abs(a) + Math.abs(b), Number.MAX_VALUE) < epsilon
}

const matchesExpectation = (e: Expectation, text: string) =>
  e.kind === "any" || (e.kind === "msg" ? e.text === text : e.re.test(text))

const checkAnnotations = (
  got: ReadonlyArray<string>,
  want: ReadonlyArray<Expectation> | undefined,
  none: boolean,
  what: string
): string | undefined => {
  if (none && got.length > 0) return `expected no ${what}s, got ${JSON.stringify(got)}`
  if (!want) return undefined
  if (got.length === 0) return `expected ${what}s, got none`
  for (const w of want)
    if (!got.some((g) => matchesExpectation(w, g)))
      return `no ${what} matches ${JSON.stringify(w)}; got ${JSON.stringify(got)}`
  for (const g of got)
    if (!want.some((w) => matchesExpectation(w, g))) return `unexpected ${what} ${JSON.stringify(g)}`
  return undefined
}

const isHistogram = (x: unknown): x is HistogramLiteral => typeof x === "object" && x !== null

const checkResult = (cmd: EvalCommand, out: QueryOutput): string | undefined => {
  const r = out.result
  if (cmd.expectString !== undefined) {
    if (r.resultType !== "string") return `expected string, got ${r.resultType}`
    return r.result[1] === cmd.expectString
      ? undefined
      : `expected string ${JSON.stringify(cmd.expectString)}, got ${JSON.stringify(r.result[1])}`
  }
  if (cmd.scalar !== undefined) {
    if (r.resultType !== "scalar") return `expected scalar, got ${r.resultType}`
    return almostEqual(r.result[1], cmd.scalar)
      ? undefined
      : `expected scalar ${cmd.scalar}, got ${r.result[1]}`
  }
  const wantMatrix = cmd.range !== undefined || cmd.rangeVector !== undefined
  if (wantMatrix) {
    if (r.resultType !== "matrix") return `expected matrix, got ${r.resultType}`
    const startMs = cmd.rangeVector?.fromMs ?? cmd.range?.startMs ?? 0
    const stepMs = cmd.rangeVector?.stepMs ?? cmd.range?.stepMs ?? 0
    const expected = cmd.results
      .map((l) => ({ labels: labelsFromObject(l.labels), slots: l.slots }))
      .sort((a, b) => compareLabels(a.labels, b.labels))
    if (expected.length !== r.result.length) {
      return `expected ${expected.length} series, got ${r.result.length}: ${r.result.map((s) => formatLabels(s.labels)).join(", ")}`
    }
    for (let k = 0; k < expected.length; k++) {
      const e = expected[k]
      const g = r.result[k]
      if (compareLabels(e.labels, g.labels) !== 0)
        return `series ${k}: expected ${formatLabels(e.labels)}, got ${formatLabels(g.labels)}`
      const points: Array<[number, number]> = []
      const hpoints: Array<[number, HistogramLiteral]> = []
      e.slots.forEach((v, i) => {
        if (v === undefined) return
        if (isHistogram(v)) hpoints.push([startMs + i * stepMs, v])
        else points.push([startMs + i * stepMs, v])
      })
      const ghs = g.histograms ?? []
      if (hpoints.length !== ghs.length)
        return `${formatLabels(e.labels)}: expected ${hpoints.length} histogram points, got ${ghs.length}: ${ghs.map(([t, h]) => `${t}:${formatHistogram(h)}`).join(" ")}`
      for (let i = 0; i < hpoints.length; i++) {
        if (hpoints[i][0] !== ghs[i][0])
          return `${formatLabels(e.labels)}: histogram point ${i}: expected time ${hpoints[i][0]}, got ${ghs[i][0]}`
        const why = histogramsMatch(
          histogramOf(hpoints[i][1]),
          ghs[i][1],
          hpoints[i][1].counterResetHint !== undefined
        )
        if (why)
          return `${formatLabels(e.labels)}: histogram at ${ghs[i][0]}: ${why}: got ${formatHistogram(ghs[i][1])}`
      }
      if (points.length !== g.points.length) {
        return `${formatLabels(e.labels)}: expected ${points.length} points ${JSON.stringify(points)}, got ${g.points.length} ${JSON.stringify(g.points)}`
      }
      for (let i = 0; i < points.length; i++) {
        if (points[i][0] !== g.points[i][0] || !almostEqual(points[i][1], g.points[i][1])) {
          return `${formatLabels(e.labels)}: point ${i}: expected ${JSON.stringify(points[i])}, got ${JSON.stringify(g.points[i])}`
        }
      }
    }
    return undefined
  }
  if (r.resultType !== "vector") return `expected vector, got ${r.resultType}`
  const expected = cmd.results.map((l) => ({ labels: labelsFromObject(l.labels), value: l.slots[0] }))
  if (expected.length !== r.result.length) {
    return `expected ${expected.length} samples, got ${r.result.length}: ${r.result.map((s) => `${formatLabels(s.labels)} ${s.v}`).join(", ")}`
  }
  for (let k = 0; k < r.result.length; k++) {
    const g = r.result[k]
    const idx = cmd.ordered ? k : expected.findIndex((e) => compareLabels(e.labels, g.labels) === 0)
    const e = expected[idx]
    if (!e || compareLabels(e.labels, g.labels) !== 0)
      return `unexpected sample ${formatLabels(g.labels)} ${g.v}${cmd.ordered ? ` at position ${k}` : ""}`
    if (isHistogram(e.value)) {
      if (!g.h) return `expected a histogram for ${formatLabels(g.labels)}, got a float ${g.v}`
      const why = histogramsMatch(histogramOf(e.value), g.h, e.value.counterResetHint !== undefined)
      if (why) return `${formatLabels(g.labels)}: ${why}: got ${formatHistogram(g.h)}`
      continue
    }
    if (g.h)
      return `${formatLabels(g.labels)}: expected float ${e.value}, got histogram ${formatHistogram(g.h)}`
    if (e.value === undefined || !almostEqual(e.value, g.v))
      return `${formatLabels(g.labels)}: expected ${e.value}, got ${g.v}`
  }
  return undefined
}

const runEval = (cmd: EvalCommand, storage: EngineStorage, parse: PlanParser): EvalOutcome => {
  const base = { line: cmd.line, expr: cmd.expr }
  let out: QueryOutput
  try {
    const plan = parse(cmd.expr)
    const atMs = cmd.rangeVector?.toMs ?? cmd.instantAtMs ?? 0
    const range = cmd.range
      ? { startMs: cmd.range.startMs, endMs: cmd.range.endMs, stepMs: cmd.range.stepMs }
      : { startMs: atMs, endMs: atMs, stepMs: 0 }
    out = runPlan(plan, storage, range, {
      lookbackDeltaMs: 300_000,
      subqueryStepMs: 60_000,
      maxSamples: 10_000,
      deadlineMs: Date.now() + 100_000,
      enableExperimentalFunctions: true
    })
  } catch (e) {
    const message = (e as Error).message
    if (cmd.fail) return { ...base, ok: matchesExpectation(cmd.fail, message), reason: `failed: ${message}` }
    if (!(e instanceof QueryError) && !/parse error|not supported/.test(message))
      return { ...base, ok: false, reason: `crashed: ${(e as Error).stack}` }
    return { ...base, ok: false, reason: `failed: ${message}` }
  }
  if (cmd.fail) return { ...base, ok: false, reason: "expected a failure, query succeeded" }
  const problem =
    checkAnnotations(out.warnings, cmd.warn, cmd.noWarn, "warning") ??
    checkAnnotations(out.infos, cmd.info, cmd.noInfo, "info") ??
    checkResult(cmd, out)
  return problem ? { ...base, ok: false, reason: problem } : { ...base, ok: true }
}

/**
 * Float samples of a load. Native histogram samples are not supported by the engine yet: they are
 * counted and skipped (the file then fails as a whole), so the float evals of mixed files still
 * tell something.
 */
const samplesOf = (cmd: Extract<Command, { kind: "load" }>, withHistograms: boolean) => {
  const out: LoadSample[] = []
  let histograms = 0
  for (const s of cmd.series) {
    const labels = labelsFromObject(s.labels)
    s.slots.forEach((v, i) => {
      if (v === undefined) return
      if (isHistogram(v)) {
        if (withHistograms) out.push({ labels, t: i * cmd.stepMs, v: 0, h: histogramOf(v) })
        else histograms++
        return
      }
      out.push({ labels, t: i * cmd.stepMs, v })
    })
  }
  if (cmd.nhcb) {
    if (withHistograms) out.push(...nhcbOf(out))
    else histograms++
  }
  return { samples: out, histograms }
}

/** load_with_nhcb: classic `_bucket`/`_count`/`_sum` series folded into schema -53 histograms. */
const nhcbOf = (floats: ReadonlyArray<LoadSample>): LoadSample[] => {
  interface Group {
    labels: Labels
    byT: Map<number, { les: Array<[number, number]>; count?: number; sum?: number }>
  }
  const groups = new Map<string, Group>()
  for (const x of floats) {
    if (x.h) continue
    const obj: Record<string, string> = {}
    for (let i = 0; i < x.labels.length; i += 2) obj[x.labels[i]] = x.labels[i + 1]
    const name = obj.__name__ ?? ""
    const m = name.match(/^(.*)_(bucket|count|sum)$/)
    if (!m) continue
    let le: number | undefined
    if (m[2] === "bucket") {
      if (obj.le === undefined) continue
      le = obj.le === "+Inf" ? Number.POSITIVE_INFINITY : Number(obj.le)
      if (Number.isNaN(le)) continue
    }
    const rest: Record<string, string> = { ...obj, __name__: m[1] }
    delete rest.le
    const labels = labelsFromObject(rest)
    const key = labels.join("\xff")
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { labels, byT: new Map() }))
    let at = g.byT.get(x.t)
    if (!at) g.byT.set(x.t, (at = { les: [] }))
    if (m[2] === "bucket") at.les.push([le as number, x.v])
    else if (m[2] === "count") at.count = x.v
    else at.sum = x.v
  }
  const out: LoadSample[] = []
  for (const g of groups.values()) {
    for (const [t, at] of [...g.byT].sort((a, b) => a[0] - b[0])) {
      const les = at.les.sort((a, b) => a[0] - b[0]).filter((x, i, arr) => i === 0 || arr[i - 1][0] !== x[0])
      if (les.length === 0 || les[les.length - 1][0] !== Number.POSITIVE_INFINITY)
        les.push([Number.POSITIVE_INFINITY, at.count ?? les[les.length - 1]?.[1] ?? 0])
      const pos: number[] = []
      let prev = 0
      for (const [, c] of les) {
        if (c < prev) throw new Error("nhcb: bucket counts are not cumulative")
        pos.push(c - prev)
        prev = c
      }
      const count = at.count ?? prev
      out.push({
        labels: g.labels,
        t,
        v: 0,
        h: {
          schema: -53,
          zeroThreshold: 0,
          zeroCount: 0,
          count,
          sum: at.sum ?? 0,
          pOffset: 0,
          pos,
          nOffset: 0,
          neg: [],
          customValues: les.slice(0, -1).map((x) => x[0]),
          hint: "unknown"
        }
      })
    }
  }
  return out
}

export const runPeerFile = (path: string, arrangement: Arrangement, parse: PlanParser): FileOutcome => {
  const file = path.split("/").pop() ?? path
  let commands: Command[]
  try {
    commands = parseTestFile(readFileSync(path, "utf8"))
  } catch (e) {
    return { file, evals: [], error: `cannot parse test file: ${(e as Error).message}` }
  }
  const evals: EvalOutcome[] = []
  let data: LoadSample[] = []
  let storage = arrangement.load([])
  let loadError: string | undefined
  let skippedHistograms = 0
  for (const cmd of commands) {
    if (cmd.kind === "clear") {
      data = []
      storage = arrangement.load(data)
      loadError = undefined
    } else if (cmd.kind === "load") {
      try {
        const loaded = samplesOf(cmd, arrangement.histograms === true)
        skippedHistograms += loaded.histograms
        data = [...data, ...loaded.samples]
        storage = arrangement.load(data)
      } catch (e) {
        loadError = `line ${cmd.line}: load failed: ${(e as Error).message}`
      }
    } else if (loadError) evals.push({ line: cmd.line, expr: cmd.expr, ok: false, reason: loadError })
    else evals.push(runEval(cmd, storage, parse))
  }
  return skippedHistograms > 0
    ? { file, evals, error: `native histogram samples are not supported yet (${skippedHistograms} skipped)` }
    : { file, evals }
}
