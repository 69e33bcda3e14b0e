/**
 * Parser for the PromQL `.test` language of the peer suite (shared/peer-tests/promql/FORMAT.md):
 * load/clear/eval commands, series notation with expansions, histogram literals, expectations.
 * It reads the files at run time (never copied into the repo) and knows nothing of the engine.
 */
import { parseDuration } from "../../../protocols/units/duration.ts"
import { staleMarker } from "../../../protocols/values/special-nans.ts"

export interface HistogramLiteral {
  schema: number
  sum: number
  count: number
  zeroCount: number
  zeroThreshold: number
  /** Absolute bucket counts from `offset`; one span. */
  positive: number[]
  positiveOffset: number
  negative: number[]
  negativeOffset: number
  customValues: number[]
  counterResetHint?: "unknown" | "reset" | "not_reset" | "gauge"
}

export type Point =
  | { readonly tMs: number; readonly value: number }
  | { readonly tMs: number; readonly histogram: HistogramLiteral }

export interface SeriesLine {
  /** Sorted; includes `__name__` when the line names a metric. */
  readonly labels: Readonly<Record<string, string>>
  /** Slots in order (undefined = `_`, no sample). */
  readonly slots: ReadonlyArray<number | HistogramLiteral | undefined>
  readonly startTimestamps?: ReadonlyArray<number | undefined>
}

export type Expectation =
  | { readonly kind: "any" }
  | { readonly kind: "msg"; readonly text: string }
  | { readonly kind: "regex"; readonly re: RegExp }

export type Command =
  | { readonly kind: "clear"; readonly line: number }
  | {
      readonly kind: "load"
      readonly line: number
      readonly stepMs: number
      readonly nhcb: boolean
      readonly series: ReadonlyArray<SeriesLine>
    }
  | EvalCommand

export interface EvalCommand {
  readonly kind: "eval"
  readonly line: number
  readonly expr: string
  readonly instantAtMs?: number
  readonly range?: { readonly startMs: number; readonly endMs: number; readonly stepMs: number }
  readonly fail?: Expectation
  readonly warn?: ReadonlyArray<Expectation>
  readonly noWarn: boolean
  readonly info?: ReadonlyArray<Expectation>
  readonly noInfo: boolean
  readonly ordered: boolean
  readonly expectString?: string
  readonly rangeVector?: { readonly fromMs: number; readonly toMs: number; readonly stepMs: number }
  readonly scalar?: number
  readonly results: ReadonlyArray<SeriesLine>
}

export class TestFileError extends Error {}

/** Where the peer suite lives: ../shared beside the project root (read at run time, never copied). */
export const peerTestDir = new URL("../../../../shared/peer-tests/promql/testdata", import.meta.url).pathname

const dur = (s: string, line: number): number => {
  const ms = parseDuration(s.trim())
  if (typeof ms !== "number") throw new TestFileError(`line ${line}: ${ms}`)
  return ms
}

/** A PromQL string literal at s[i] ("…", '…' or `…`); returns [value, end]. */
export const readPromqlString = (s: string, i: number): [string, number] => {
  const q = s[i]
  if (q === "`") {
    const end = s.indexOf("`", i + 1)
    return [s.slice(i + 1, end), end + 1]
  }
  let out = ""
  let j = i + 1
  while (j < s.length && s[j] !== q) {
    if (s[j] === "\\") {
      const n = s[j + 1]
      const simple: Record<string, string> = {
        n: "\n",
        t: "\t",
        r: "\r",
        "\\": "\\",
        '"': '"',
        "'": "'",
        a: "\x07",
        b: "\b",
        f: "\f",
        v: "\v"
      }
      if (n in simple) {
        out += simple[n]
        j += 2
      } else if (n === "x") {
        out += String.fromCharCode(Number.parseInt(s.slice(j + 2, j + 4), 16))
        j += 4
      } else if (n === "u") {
        out += String.fromCodePoint(Number.parseInt(s.slice(j + 2, j + 6), 16))
        j += 6
      } else if (n === "U") {
        out += String.fromCodePoint(Number.parseInt(s.slice(j + 2, j + 10), 16))
        j += 10
      } else if (n >= "0" && n <= "7") {
        out += String.fromCharCode(Number.parseInt(s.slice(j + 1, j + 4), 8))
        j += 4
      } else throw new TestFileError(`unknown escape \\${n}`)
    } else out += s[j++]
  }
  return [out, j + 1]
}

/** `name{labels}`, `name` or `{labels}` at the start of s; returns labels and where values start. */
export const readMetric = (s: string): [Record<string, string>, number] => {
  const labels: Record<string, string> = {}
  let i = 0
  const m = s.match(/^[a-zA-Z_:][a-zA-Z0-9_:]*/)
  if (m) {
    labels.__name__ = m[0]
    i = m[0].length
  }
  let j = i
  while (s[j] === " " || s[j] === "\t") j++
  if (s[j] === "{" && s[j + 1] !== "{") {
    i = j + 1
    for (;;) {
      while (s[i] === " " || s[i] === "\t" || s[i] === ",") i++
      if (s[i] === "}") {
        i++
        break
      }
      let name: string
      if (s[i] === '"' || s[i] === "'" || s[i] === "`") {
        const [v, e] = readPromqlString(s, i)
        if (!m && labels.__name__ === undefined && !s.slice(e).trimStart().startsWith("=")) {
          labels.__name__ = v // {"quoted.metric", …}
          i = e
          continue
        }
        name = v
        i = e
      } else {
        const n = s.slice(i).match(/^[a-zA-Z_][a-zA-Z0-9_]*/)
        if (!n) throw new TestFileError(`bad label name at ${JSON.stringify(s.slice(i, i + 20))}`)
        name = n[0]
        i += name.length
      }
      while (s[i] === " " || s[i] === "\t") i++
      if (s[i] !== "=") throw new TestFileError(`expected = after label ${name}`)
      i++
      while (s[i] === " " || s[i] === "\t") i++
      const [value, end] = readPromqlString(s, i)
      labels[name] = value
      i = end
    }
  }
  if (!m && s[0] !== "{") throw new TestFileError(`bad series ${JSON.stringify(s)}`)
  return [Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), i]
}

const number = (s: string): number | undefined => {
  const t = s.toLowerCase()
  if (/^[+-]?inf$/.test(t)) return t.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  if (/^[+-]?nan$/.test(t)) return Number.NaN
  if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) return Number(s)
  return undefined
}

export const parseHistogram = (body: string): HistogramLiteral => {
  const h: HistogramLiteral = {
    schema: 0,
    sum: 0,
    count: 0,
    zeroCount: 0,
    zeroThreshold: 0,
    positive: [],
    positiveOffset: 0,
    negative: [],
    negativeOffset: 0,
    customValues: []
  }
  const re = /(\w+):(\[[^\]]*\]|\S+)/g
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const [, key, raw] = m
    const list = () =>
      raw
        .slice(1, -1)
        .trim()
        .split(/\s+/)
        .filter((x) => x !== "")
        .map((x) => number(x) ?? Number.NaN)
    switch (key) {
      case "schema":
        h.schema = Number(raw)
        break
      case "sum":
        h.sum = number(raw) ?? Number.NaN
        break
      case "count":
        h.count = number(raw) ?? Number.NaN
        break
      case "z_bucket":
        h.zeroCount = number(raw) ?? Number.NaN
        break
      case "z_bucket_w":
        h.zeroThreshold = number(raw) ?? Number.NaN
        break
      case "buckets":
        h.positive = list()
        break
      case "offset":
        h.positiveOffset = Number(raw)
        break
      case "n_buckets":
        h.negative = list()
        break
      case "n_offset":
        h.negativeOffset = Number(raw)
        break
      case "custom_values":
        h.customValues = list()
        break
      case "counter_reset_hint":
        h.counterResetHint = raw as HistogramLiteral["counterResetHint"]
        break
      default:
        throw new TestFileError(`unknown histogram key ${key}`)
    }
  }
  return h
}

/** B's buckets at A's lower schema (exponential schemas: index i → floor((i-1)/2^d)+1). */
const reduceTo = (v: number[], offset: number, d: number): [number[], number] => {
  if (d === 0 || v.length === 0) return [v, offset]
  const idx = (i: number) => Math.floor((i - 1) / 2 ** d) + 1
  const lo = idx(offset)
  const out = new Array<number>(idx(offset + v.length - 1) - lo + 1).fill(0)
  for (let i = 0; i < v.length; i++) out[idx(offset + i) - lo] += v[i]
  return [out, lo]
}

/** a + k·b bucket-wise; b is brought down to a's schema, and a's schema may not exceed b's. */
const histogramStep = (a: HistogramLiteral, b0: HistogramLiteral, k: number): HistogramLiteral => {
  if (a.schema > b0.schema)
    throw new TestFileError("histogram series: the first schema may not exceed the step's")
  const d = a.schema < 0 && a.schema !== -53 ? 0 : b0.schema - a.schema
  const [bp, bpo] = reduceTo(b0.positive, b0.positiveOffset, d)
  const [bn, bno] = reduceTo(b0.negative, b0.negativeOffset, d)
  const b = { ...b0, positive: bp, positiveOffset: bpo, negative: bn, negativeOffset: bno }
  const addSpan = (av: number[], ao: number, bv: number[], bo: number): [number[], number] => {
    const lo = Math.min(av.length ? ao : bo, bv.length ? bo : ao)
    const hi = Math.max(ao + av.length, bo + bv.length)
    const out = new Array<number>(Math.max(0, hi - lo)).fill(0)
    for (let i = 0; i < av.length; i++) out[ao + i - lo] += av[i]
    for (let i = 0; i < bv.length; i++) out[bo + i - lo] += k * bv[i]
    return [out, lo]
  }
  const [positive, positiveOffset] = addSpan(a.positive, a.positiveOffset, b.positive, b.positiveOffset)
  const [negative, negativeOffset] = addSpan(a.negative, a.negativeOffset, b.negative, b.negativeOffset)
  return {
    ...a,
    sum: a.sum + k * b.sum,
    count: a.count + k * b.count,
    zeroCount: a.zeroCount + k * b.zeroCount,
    positive,
    positiveOffset,
    negative,
    negativeOffset
  }
}

/** Expands the value items of a series line into slots. */
export const expandValues = (items: string): Array<number | HistogramLiteral | undefined> => {
  const out: Array<number | HistogramLiteral | undefined> = []
  const tokens = items.match(/\{\{[^}]*\}\}(?:[+-]\{\{[^}]*\}\})?(?:x\d+)?|\S+/g) ?? []
  for (const tok of tokens) {
    if (tok.startsWith("{{")) {
      const m = tok.match(/^\{\{([^}]*)\}\}(?:([+-])\{\{([^}]*)\}\})?(?:x(\d+))?$/)
      if (!m) throw new TestFileError(`bad histogram item ${tok}`)
      const a = parseHistogram(m[1])
      const n = m[4] === undefined ? 0 : Number(m[4])
      if (m[2] === undefined) for (let k = 0; k <= n; k++) out.push(a)
      else {
        const b = parseHistogram(m[3])
        for (let k = 0; k <= n; k++) out.push(histogramStep(a, b, m[2] === "+" ? k : -k))
      }
      continue
    }
    if (tok === "_") {
      out.push(undefined)
      continue
    }
    let m = tok.match(/^_x(\d+)$/)
    if (m) {
      for (let k = 0; k < Number(m[1]); k++) out.push(undefined)
      continue
    }
    if (tok === "stale") {
      out.push(staleMarker)
      continue
    }
    m = tok.match(/^([+-]?[^x+-]+?(?:e[+-]?\d+)?)([+-])([^x]+)x(\d+)$/i)
    if (m && number(m[1]) !== undefined && number(m[3]) !== undefined) {
      let v = number(m[1]) as number
      const d = (number(m[3]) as number) * (m[2] === "-" ? -1 : 1)
      for (let k = 0; k <= Number(m[4]); k++, v += d) out.push(v)
      continue
    }
    m = tok.match(/^(.+)x(\d+)$/)
    if (m && (number(m[1]) !== undefined || m[1] === "stale")) {
      const v = m[1] === "stale" ? staleMarker : (number(m[1]) as number)
      for (let k = 0; k <= Number(m[2]); k++) out.push(v)
      continue
    }
    const v = number(tok)
    if (v === undefined) throw new TestFileError(`bad value ${JSON.stringify(tok)}`)
    out.push(v)
  }
  return out
}

const expandStartTimestamps = (items: string, line: number): Array<number | undefined> => {
  const out: Array<number | undefined> = []
  for (const tok of items.trim().split(/\s+/)) {
    let m = tok.match(/^_(?:x(\d+))?$/)
    if (m) {
      for (let k = 0; k < (m[1] ? Number(m[1]) : 1); k++) out.push(undefined)
      continue
    }
    const d = (s: string) =>
      s === "0" ? 0 : (s.startsWith("-") ? -1 : 1) * dur(s.replace(/^[+-]/, ""), line)
    m = tok.match(/^([+-]?\d+[a-z]+|0)([+-]\d+[a-z]+)x(\d+)$/)
    if (m) {
      for (let k = 0; k <= Number(m[3]); k++) out.push(d(m[1]) + k * d(m[2]))
      continue
    }
    m = tok.match(/^([+-]?\d+[a-z]+|0)x(\d+)$/)
    if (m) {
      for (let k = 0; k <= Number(m[2]); k++) out.push(d(m[1]))
      continue
    }
    out.push(d(tok))
  }
  return out
}

const parseSeriesLine = (text: string, line: number): SeriesLine => {
  try {
    const [labels, end] = readMetric(text)
    return { labels, slots: expandValues(text.slice(end)) }
  } catch (e) {
    throw new TestFileError(`line ${line}: ${(e as Error).message}`)
  }
}

const expectationOf = (rest: string | undefined): Expectation => {
  if (!rest) return { kind: "any" }
  const m = rest.match(/^\s+(msg|regex):(.+)$/)
  if (!m) throw new TestFileError(`bad expectation ${rest}`)
  return m[1] === "msg" ? { kind: "msg", text: m[2].trim() } : { kind: "regex", re: new RegExp(m[2].trim()) }
}

const unquote = (s: string) => readPromqlString(s, 0)[0]

/** Parses a whole `.test` file. */
export const parseTestFile = (text: string): Command[] => {
  const lines = text.split("\n").map((l) => {
    const t = l.trim()
    return t.startsWith("#") ? "" : t
  })
  const commands: Command[] = []
  let i = 0
  const block = () => {
    const out: Array<[string, number]> = []
    while (i < lines.length && lines[i] !== "") {
      out.push([lines[i], i + 1])
      i++
    }
    return out
  }
  while (i < lines.length) {
    const l = lines[i]
    const lineNo = i + 1
    i++
    if (l === "") continue
    const first = l.split(/\s+/)[0].toLowerCase()
    if (first === "clear") {
      commands.push({ kind: "clear", line: lineNo })
      continue
    }
    if (first.startsWith("load")) {
      const m = l.match(/^(load|load_with_nhcb)\s+(\S+)$/)
      if (!m) throw new TestFileError(`line ${lineNo}: bad load command`)
      const series: SeriesLine[] = []
      let pendingSt: Array<number | undefined> | undefined
      for (const [text, n] of block()) {
        const st = text.match(/^(.*?)@st\s+(.*)$/)
        if (st) {
          pendingSt = expandStartTimestamps(st[2], n)
          continue
        }
        const s = parseSeriesLine(text, n)
        const withSt = pendingSt ? { ...s, startTimestamps: pendingSt } : s
        pendingSt = undefined
        const existing = series.findIndex((x) => JSON.stringify(x.labels) === JSON.stringify(s.labels))
        if (existing >= 0) series[existing] = withSt
        else series.push(withSt)
      }
      commands.push({
        kind: "load",
        line: lineNo,
        stepMs: dur(m[2], lineNo),
        nhcb: m[1] === "load_with_nhcb",
        series
      })
      continue
    }
    if (!first.startsWith("eval")) throw new TestFileError(`line ${lineNo}: unexpected ${JSON.stringify(l)}`)
    commands.push(parseEval(l, lineNo, block()))
  }
  return commands
}

const parseEval = (header: string, lineNo: number, body: Array<[string, number]>): EvalCommand => {
  const inst = header.match(/^eval(_fail|_warn|_ordered|_info)?\s+instant\s+(at\s+(.+?))?\s+(.+)$/)
  const rng = header.match(
    /^eval(_fail|_warn|_info)?\s+range\s+from\s+(.+)\s+to\s+(.+)\s+step\s+(.+?)\s+(.+)$/
  )
  if (!inst && !rng) throw new TestFileError(`line ${lineNo}: bad eval command`)
  const variant = (inst ?? rng)?.[1]
  let fail: Expectation | undefined = variant === "_fail" ? { kind: "any" } : undefined
  const warn: Expectation[] = variant === "_warn" ? [{ kind: "any" }] : []
  const info: Expectation[] = variant === "_info" ? [{ kind: "any" }] : []
  let noWarn = false
  let noInfo = false
  let ordered = variant === "_ordered"
  let expectString: string | undefined
  let rangeVector: EvalCommand["rangeVector"]
  let scalar: number | undefined
  const results: SeriesLine[] = []
  for (const [text, n] of body) {
    if (text.startsWith("expected_fail_message ")) {
      fail = { kind: "msg", text: text.slice(22) }
      break
    }
    if (text.startsWith("expected_fail_regexp ")) {
      fail = { kind: "regex", re: new RegExp(text.slice(21)) }
      break
    }
    const rv = text.match(/^expect range vector from (\S+) to (\S+) step (\S+)$/)
    if (rv) {
      rangeVector = { fromMs: dur(rv[1], n), toMs: dur(rv[2], n), stepMs: dur(rv[3], n) }
      continue
    }
    const es = text.match(/^expect string (.+)$/)
    if (es) {
      expectString = unquote(es[1].trim())
      continue
    }
    if (text.split(/\s+/)[0] === "expect") {
      const m = text.match(/^expect\s+(ordered|fail|warn|no_warn|info|no_info)(\s+(?:msg|regex):.+)?$/)
      if (!m) throw new TestFileError(`line ${n}: bad expect line`)
      const e = expectationOf(m[2])
      if (m[1] === "ordered") ordered = true
      else if (m[1] === "fail") fail = e
      else if (m[1] === "warn") warn.push(e)
      else if (m[1] === "info") info.push(e)
      else if (m[1] === "no_warn") noWarn = true
      else noInfo = true
      continue
    }
    const asNumber = number(text) ?? (/^[+-]?0[xX][0-9a-fA-F]+$/.test(text) ? Number(text) : undefined)
    if (asNumber !== undefined) {
      scalar = asNumber
      break
    }
    const s = parseSeriesLine(text, n)
    const existing = results.findIndex((x) => JSON.stringify(x.labels) === JSON.stringify(s.labels))
    if (existing >= 0) results[existing] = s
    else results.push(s)
  }
  const base = {
    kind: "eval" as const,
    line: lineNo,
    fail,
    warn: warn.length ? warn : undefined,
    noWarn,
    info: info.length ? info : undefined,
    noInfo,
    ordered,
    expectString,
    rangeVector,
    scalar,
    results
  }
  if (inst) {
    if (!inst[3]) throw new TestFileError(`line ${lineNo}: eval instant needs "at <time>"`)
    return { ...base, expr: inst[4], instantAtMs: dur(inst[3], lineNo) }
  }
  const r = rng as RegExpMatchArray
  return {
    ...base,
    expr: r[5],
    range: { startMs: dur(r[2], lineNo), endMs: dur(r[3], lineNo), stepMs: dur(r[4], lineNo) }
  }
}
