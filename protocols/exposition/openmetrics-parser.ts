/**
 * OpenMetrics 1.0 text (shared/specs/wire-protocols.md §1.3): single-space separators, `# EOF`
 * required and last, TYPE/HELP/UNIT as the only `#` lines, float-second timestamps, exemplars on
 * `_total`/`_bucket` samples, UNIT a suffix of the family name. Like Prometheus 2.42 it does not
 * enforce `_total` on counters nor metadata order. Hot loop, same shape as the text parser.
 */
import type {
  EntryKind,
  Exemplar,
  ExpositionError,
  ExpositionParser,
  MetricType
} from "./exposition-parser.ts"
import { floatError, parseFloatToken } from "./float.ts"
import { readLabels, scanLabelName, scanMetricName, scanQuoted, unescapeText } from "./label-scan.ts"

const SP = 32
const LF = 10
const HASH = 35
const LBRACE = 123
const RBRACE = 125
const COMMA = 44
const EQ = 61
const QUOTE = 34

const omTypes: ReadonlySet<string> = new Set([
  "counter",
  "gauge",
  "histogram",
  "gaugehistogram",
  "stateset",
  "info",
  "summary",
  "unknown"
])

const describe = (s: string, i: number) => (i >= s.length ? "end of input" : JSON.stringify(s[i]))

export class OpenMetricsParser implements ExpositionParser {
  private readonly s: string
  private pos = 0
  private lineNo = 1
  private labelsStart = -1
  private labelsClose = -1
  private sawEof = false

  error: ExpositionError | undefined = undefined
  line = 0
  seriesText = ""
  metricName = ""
  value = 0
  timestampMs: number | undefined = undefined
  exemplar: Exemplar | undefined = undefined
  metaName = ""
  helpText = ""
  metricType: MetricType = "unknown"
  unit = ""

  constructor(text: string) {
    this.s = text
  }

  private fail(message: string): undefined {
    this.error = { line: this.lineNo, message }
    this.pos = this.s.length
    this.sawEof = true
    return undefined
  }

  labels(out: string[]): string | undefined {
    if (this.labelsStart < 0) return undefined
    return readLabels(this.s, this.labelsStart, this.labelsClose, false, out)
  }

  next(): EntryKind | undefined {
    const s = this.s
    const n = s.length
    if (this.sawEof) return undefined
    if (this.pos >= n) return this.fail("data does not end with # EOF")
    this.line = this.lineNo
    const c = s.charCodeAt(this.pos)
    if (c === LF) return this.fail('unexpected blank line: expected a metric name or "#"')
    if (c === HASH) return this.meta()
    return this.sample()
  }

  private meta(): EntryKind | undefined {
    const s = this.s
    const n = s.length
    const start = this.pos
    let eol = s.indexOf("\n", start)
    if (eol === -1) eol = n
    if (s.startsWith("# EOF", start) && start + 5 === eol) {
      this.sawEof = true
      if (eol + 1 < n) {
        this.lineNo++
        return this.fail("unexpected data after # EOF")
      }
      return undefined
    }
    const keyword = s.slice(start, start + 7)
    if (keyword !== "# TYPE " && keyword !== "# HELP " && keyword !== "# UNIT ") {
      return this.fail(
        `expected "# TYPE", "# HELP", "# UNIT" or "# EOF", got ${JSON.stringify(s.slice(start, eol))}`
      )
    }
    const i = start + 7
    const nameEnd = scanMetricName(s, i, eol)
    if (nameEnd === i) return this.fail(`expected a metric name after ${JSON.stringify(keyword.trim())}`)
    this.metaName = s.slice(i, nameEnd)
    if (nameEnd < eol && s.charCodeAt(nameEnd) !== SP) {
      return this.fail(
        `expected " " after metric name in ${keyword.slice(2, 6)} line, got ${describe(s, nameEnd)}`
      )
    }
    const rest = nameEnd < eol ? nameEnd + 1 : eol
    let kind: EntryKind
    if (keyword === "# HELP ") {
      this.helpText = unescapeText(s, rest, eol, true)
      kind = "help"
    } else if (keyword === "# TYPE ") {
      const word = s.slice(rest, eol)
      if (!omTypes.has(word)) return this.fail(`invalid metric type ${JSON.stringify(word)}`)
      this.metricType = word as MetricType
      kind = "type"
    } else {
      this.unit = s.slice(rest, eol)
      if (this.unit !== "" && !this.metaName.endsWith(`_${this.unit}`)) {
        return this.fail(`unit not a suffix of metric ${JSON.stringify(this.metaName)}`)
      }
      kind = "unit"
    }
    this.pos = eol + 1
    this.lineNo++
    return kind
  }

  private sample(): EntryKind | undefined {
    const s = this.s
    const n = s.length
    const i = this.pos
    const nameEnd = scanMetricName(s, i, n)
    if (nameEnd === i) return this.fail(`expected a metric name, got ${describe(s, i)}`)
    this.metricName = s.slice(i, nameEnd)
    let j = nameEnd
    if (s.charCodeAt(j) === LBRACE) {
      const close = this.scanLabels(j + 1)
      if (close < 0) return undefined
      this.labelsStart = j + 1
      this.labelsClose = close
      j = close + 1
    } else this.labelsStart = -1
    this.seriesText = s.slice(i, j)
    if (s.charCodeAt(j) !== SP)
      return this.fail(`expected " " and a value after metric ${JSON.stringify(this.metricName)}`)
    j++
    const vEnd = this.tokenEnd(j)
    const v = parseFloatToken(s, j, vEnd)
    if (v === undefined) return this.fail(floatError(s.slice(j, vEnd)))
    this.value = v
    j = vEnd
    this.timestampMs = undefined
    this.exemplar = undefined
    if (s.charCodeAt(j) === SP && s.charCodeAt(j + 1) !== HASH) {
      const t = this.timestamp(j + 1)
      if (t === undefined) return undefined
      this.timestampMs = t[0]
      j = t[1]
    }
    if (s.charCodeAt(j) === SP && s.charCodeAt(j + 1) === HASH) {
      j = this.exemplarAt(j + 1)
      if (j < 0) return undefined
    }
    if (j < n && s.charCodeAt(j) !== LF) return this.fail(`expected end of line, got ${describe(s, j)}`)
    this.pos = j + 1
    this.lineNo++
    return "series"
  }

  private tokenEnd(j: number): number {
    const s = this.s
    const n = s.length
    while (j < n && s.charCodeAt(j) !== SP && s.charCodeAt(j) !== LF) j++
    return j
  }

  /** A float-seconds timestamp at j → [ms truncated toward zero, end index]. */
  private timestamp(j: number): [number, number] | undefined {
    const end = this.tokenEnd(j)
    const secs = parseFloatToken(this.s, j, end)
    if (secs === undefined || !Number.isFinite(secs)) {
      return this.fail(`invalid timestamp ${JSON.stringify(this.s.slice(j, end))}`)
    }
    return [Math.trunc(secs * 1000), end]
  }

  /** `# {labels} value [timestamp]` starting at the `#`; returns the end index or -1. */
  private exemplarAt(hash: number): number {
    const s = this.s
    const name = this.metricName
    if (!name.endsWith("_total") && !name.endsWith("_bucket")) {
      this.fail(`metric name ${name} does not support exemplars`)
      return -1
    }
    if (s.charCodeAt(hash + 1) !== SP || s.charCodeAt(hash + 2) !== LBRACE) {
      this.fail(`expected " {" after "#" of an exemplar, got ${describe(s, hash + 1)}`)
      return -1
    }
    const close = this.scanLabels(hash + 3)
    if (close < 0) return -1
    const labels: string[] = []
    const dup = readLabels(s, hash + 3, close, false, labels)
    if (dup) {
      this.fail(dup)
      return -1
    }
    let j = close + 1
    if (s.charCodeAt(j) !== SP) {
      this.fail(`expected " " and a value after exemplar labels, got ${describe(s, j)}`)
      return -1
    }
    const vEnd = this.tokenEnd(j + 1)
    const v = parseFloatToken(s, j + 1, vEnd)
    if (v === undefined) {
      this.fail(floatError(s.slice(j + 1, vEnd)))
      return -1
    }
    j = vEnd
    let ts: number | undefined
    if (s.charCodeAt(j) === SP) {
      const t = this.timestamp(j + 1)
      if (t === undefined) return -1
      ts = t[0]
      j = t[1]
    }
    this.exemplar = { labels, value: v, timestampMs: ts }
    return j
  }

  /** Validates `name="value"(,name="value")*}` after `{`; returns the index of `}` or -1. */
  private scanLabels(k: number): number {
    const s = this.s
    const n = s.length
    if (s.charCodeAt(k) === RBRACE) return k
    for (;;) {
      const nameEnd = scanLabelName(s, k, n)
      if (nameEnd === k) return this.failAt(`expected a label name, got ${describe(s, k)}`)
      k = nameEnd
      if (s.charCodeAt(k) !== EQ) return this.failAt(`expected "=" after label name, got ${describe(s, k)}`)
      k++
      if (s.charCodeAt(k) !== QUOTE)
        return this.failAt(`expected a quoted label value, got ${describe(s, k)}`)
      const end = scanQuoted(s, k, n, false)
      if (end < 0) return this.failAt("unterminated label value")
      k = end
      const c = s.charCodeAt(k)
      if (c === RBRACE) return k
      if (c !== COMMA) return this.failAt(`expected "," or "}" after label value, got ${describe(s, k)}`)
      k++
    }
  }

  private failAt(message: string): number {
    this.fail(message)
    return -1
  }
}
