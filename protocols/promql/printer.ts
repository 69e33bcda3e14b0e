/**
 * Prints the AST back to PromQL: `exprString` is the one-line form used in messages (Prometheus's
 * `String()`), `format` the multi-line form of `/api/v1/format_query` (lines of at most 100
 * characters, two-space indentation). Both reparse to the same tree. Printing never fails.
 */

import { formatG } from "../metrics/go-float.ts"
import { formatDuration } from "../units/duration.ts"
import type {
  AtModifier,
  DurationExpr,
  Expr,
  LabelMatcher,
  SelectorModifiers,
  TimeValue,
  VectorMatching
} from "./ast.ts"
import { goQuote } from "./go-quote.ts"

/** Prometheus splits a node over several lines when its one-line form is longer than this. */
export const maxCharactersPerLine = 100

const legacyName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
const legacyLabel = /^[a-zA-Z_][a-zA-Z0-9_]*$/

const durationText = (ms: number): string => (ms < 0 ? `-${formatDuration(-ms)}` : formatDuration(ms))

const numberText = (v: number): string => (Object.is(v, -0) ? "-0" : formatG(v))

const durationExprString = (e: DurationExpr): string => {
  switch (e.kind) {
    case "DurationLiteral":
      return e.duration ? durationText(Math.round(e.seconds * 1000)) : numberText(e.seconds)
    case "DurationUnary":
      return `${e.op}${durationExprString(e.expr)}`
    case "DurationParen":
      return `(${durationExprString(e.expr)})`
    case "DurationBinary":
      return `${durationExprString(e.lhs)} ${e.op} ${durationExprString(e.rhs)}`
    case "DurationCall":
      return `${e.name}(${e.args.map(durationExprString).join(", ")})`
  }
}

const timeValueString = (v: TimeValue): string =>
  v.expr !== undefined ? durationExprString(v.expr) : durationText(v.ms ?? 0)

const atString = (at: AtModifier): string =>
  at.kind === "timestamp" ? `@ ${(at.ms / 1000).toFixed(3)}` : at.kind === "start" ? "@ start()" : "@ end()"

const modifiersString = (m: SelectorModifiers): string => {
  let out = ""
  if (m.at !== undefined) out += ` ${atString(m.at)}`
  if (m.offset !== undefined) out += ` offset ${timeValueString(m.offset)}`
  if (m.anchored) out += " anchored"
  if (m.smoothed) out += " smoothed"
  return out
}

const labelName = (name: string): string => (legacyLabel.test(name) ? name : goQuote(name))

const matcherString = (m: LabelMatcher): string => `${labelName(m.name)}${m.type}${goQuote(m.value)}`

/** Matchers sorted by label name, as `format_query` shows them; the metric name goes in front. */
const selectorString = (name: string | undefined, matchers: ReadonlyArray<LabelMatcher>): string => {
  let rest = matchers
  let nameIdx = -1
  if (name !== undefined)
    nameIdx = matchers.findIndex((m) => m.name === "__name__" && m.type === "=" && m.value === name)
  if (nameIdx >= 0) rest = matchers.filter((_, i) => i !== nameIdx)
  const sorted = [...rest].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map(matcherString)
  if (nameIdx < 0) return `{${sorted.join(",")}}`
  if (!legacyName.test(name ?? "")) return `{${[goQuote(name ?? ""), ...sorted].join(",")}}`
  return sorted.length === 0 ? (name ?? "") : `${name}{${sorted.join(",")}}`
}

const labelList = (labels: ReadonlyArray<string>): string => `(${labels.map(labelName).join(", ")})`

const matchingString = (m: VectorMatching | undefined): string => {
  if (m === undefined) return ""
  let out = ""
  if (m.on || m.matchingLabels.length > 0)
    out += ` ${m.on ? "on" : "ignoring"} ${labelList(m.matchingLabels)}`
  if (m.card === "many-to-one") out += ` group_left ${labelList(m.include)}`
  if (m.card === "one-to-many") out += ` group_right ${labelList(m.include)}`
  if (m.fillLeft !== undefined && m.fillLeft === m.fillRight) out += ` fill(${numberText(m.fillLeft)})`
  else {
    if (m.fillLeft !== undefined) out += ` fill_left(${numberText(m.fillLeft)})`
    if (m.fillRight !== undefined) out += ` fill_right(${numberText(m.fillRight)})`
  }
  return out
}

const aggregateHead = (e: Extract<Expr, { kind: "AggregateExpr" }>): string => {
  if (e.without) return `${e.op} without ${labelList(e.grouping)} (`
  if (e.grouping.length > 0) return `${e.op} by ${labelList(e.grouping)} (`
  return `${e.op}(`
}

const binaryOperator = (e: Extract<Expr, { kind: "BinaryExpr" }>): string =>
  `${e.op}${e.returnBool ? " bool" : ""}${matchingString(e.matching)}`

/** The one-line form (Prometheus's `String()`). */
export const exprString = (e: Expr): string => render(e, undefined)

/** `cache` keeps the strings of subtrees while `format` measures the same nodes level after level. */
const render = (e: Expr, cache: Map<Expr, string> | undefined): string => {
  const hit = cache?.get(e)
  if (hit !== undefined) return hit
  const out = renderNode(e, cache)
  cache?.set(e, out)
  return out
}

const renderNode = (e: Expr, cache: Map<Expr, string> | undefined): string => {
  const exprString = (x: Expr) => render(x, cache)
  switch (e.kind) {
    case "NumberLiteral":
      return e.duration ? durationText(Math.round(e.value * 1000)) : numberText(e.value)
    case "StringLiteral":
      return goQuote(e.value)
    case "VectorSelector":
      return selectorString(e.name, e.matchers) + modifiersString(e)
    case "MatrixSelector":
      return `${selectorString(e.vector.name, e.vector.matchers)}[${timeValueString(e.range)}]${modifiersString(e.vector)}`
    case "SubqueryExpr": {
      const step = e.step === undefined ? "" : timeValueString(e.step)
      return `${exprString(e.expr)}[${timeValueString(e.range)}:${step}]${modifiersString(e)}`
    }
    case "Call":
      return `${e.func}(${e.args.map(exprString).join(", ")})`
    case "AggregateExpr": {
      const param = e.param === undefined ? "" : `${exprString(e.param)}, `
      return `${aggregateHead(e)}${param}${exprString(e.expr)})`
    }
    case "BinaryExpr":
      return binaryString(e, cache)
    case "UnaryExpr":
      return `${e.op}${exprString(e.expr)}`
    case "ParenExpr":
      return `(${exprString(e.expr)})`
  }
}

/** Left-deep chains (`1+1+…`) print with a loop, so long chains cannot exhaust the stack. */
const binaryString = (
  e: Extract<Expr, { kind: "BinaryExpr" }>,
  cache: Map<Expr, string> | undefined
): string => {
  const chain: Array<Extract<Expr, { kind: "BinaryExpr" }>> = []
  let x: Expr = e
  while (x.kind === "BinaryExpr" && cache?.get(x) === undefined) {
    chain.push(x)
    x = x.lhs
  }
  let out = render(x, cache)
  for (let i = chain.length - 1; i >= 0; i--) {
    out += ` ${binaryOperator(chain[i])} ${render(chain[i].rhs, cache)}`
    cache?.set(chain[i], out)
  }
  return out
}

const indent = (level: number): string => "  ".repeat(level)

/** The multi-line form of `/api/v1/format_query`. */
export const format = (e: Expr): string => pretty(e, 0, new Map())

/**
 * Past this depth of splitting the rest is printed on one line. Prometheus has no such limit, but
 * its output for a left-deep chain grows with the square of the chain length (each level indents
 * the whole rest again), so a 10,000-term `1+1+…` would take hundreds of megabytes.
 */
export const maxIndentLevels = 64

const pretty = (e: Expr, level: number, cache: Map<Expr, string>): string => {
  const flat = render(e, cache)
  // Prometheus prints subqueries without indentation (seen in 2.42's format_query).
  if (e.kind === "SubqueryExpr") return flat
  if (flat.length <= maxCharactersPerLine || level >= maxIndentLevels) return indent(level) + flat
  const pad = indent(level)
  switch (e.kind) {
    case "BinaryExpr":
      return `${pretty(e.lhs, level + 1, cache)}\n${pad}${binaryOperator(e)}\n${pretty(e.rhs, level + 1, cache)}`
    case "ParenExpr":
      return `${pad}(\n${pretty(e.expr, level + 1, cache)}\n${pad})`
    case "AggregateExpr": {
      const param = e.param === undefined ? "" : `${pretty(e.param, level + 1, cache)},\n`
      return `${pad}${aggregateHead(e)}\n${param}${pretty(e.expr, level + 1, cache)}\n${pad})`
    }
    case "Call":
      return `${pad}${e.func}(\n${e.args.map((a) => pretty(a, level + 1, cache)).join(",\n")}\n${pad})`
    case "UnaryExpr":
      return `${pad}${e.op}${pretty(e.expr, level, cache).trimStart()}`
    default:
      return pad + flat
  }
}
