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
  readonly load: (samples: ReadonlyArray<{ labels: Labels; t: number; v: number }>) => EngineStorage
}

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
      e.slots.forEach((v, i) => {
        if (v === undefined) return
        if (isHistogram(v)) return
        points.push([startMs + i * stepMs, v])
      })
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
    if (isHistogram(e.value)) return `expected a histogram for ${formatLabels(g.labels)}, got a float`
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
const samplesOf = (cmd: Extract<Command, { kind: "load" }>) => {
  const out: Array<{ labels: Labels; t: number; v: number }> = []
  let histograms = 0
  for (const s of cmd.series) {
    const labels = labelsFromObject(s.labels)
    s.slots.forEach((v, i) => {
      if (v === undefined) return
      if (isHistogram(v)) {
        histograms++
        return
      }
      out.push({ labels, t: i * cmd.stepMs, v })
    })
  }
  if (cmd.nhcb) histograms++
  return { samples: out, histograms }
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
  let data: Array<{ labels: Labels; t: number; v: number }> = []
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
        const loaded = samplesOf(cmd)
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
