/**
 * Prometheus text format 0.0.4, as the 2.42 parser accepts it (shared/specs/wire-protocols.md
 * §1.2): blanks allowed between tokens, trailing comma in label sets, raw LF inside label values,
 * integer-millisecond timestamps, comments ignored, duplicate or late TYPE lines tolerated.
 * Hot loop: char codes over one string, labels materialised only on request.
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
const TAB = 9
const LF = 10
const HASH = 35
const LBRACE = 123
const RBRACE = 125
const COMMA = 44
const EQ = 61
const QUOTE = 34

const textTypes: ReadonlySet<string> = new Set(["counter", "gauge", "histogram", "summary", "untyped"])
const maxTimestamp = 9223372036854775807n

const describe = (s: string, i: number) => (i >= s.length ? "end of input" : JSON.stringify(s[i]))

export class TextParser implements ExpositionParser {
  private readonly s: string
  private pos = 0
  private lineNo = 1
  private labelsStart = -1
  private labelsClose = -1

  error: ExpositionError | undefined = undefined
  line = 0
  seriesText = ""
  private nameStart = 0
  private nameEnd = 0
  value = 0
  timestampMs: number | undefined = undefined
  readonly exemplar: Exemplar | undefined = undefined
  metaName = ""
  private helpStart = 0
  private helpEnd = 0
  metricType: MetricType = "untyped"
  readonly unit = ""

  constructor(text: string) {
    this.s = text
  }

  private fail(message: string): undefined {
    this.error = { line: this.lineNo, message }
    this.pos = this.s.length
    return undefined
  }

  /** Materialised on demand: the scrape loop needs it only for a series it has not seen. */
  get metricName(): string {
    return this.s.slice(this.nameStart, this.nameEnd)
  }

  get helpText(): string {
    return unescapeText(this.s, this.helpStart, this.helpEnd, false)
  }

  labels(out: string[]): string | undefined {
    if (this.labelsStart < 0) return undefined
    return readLabels(this.s, this.labelsStart, this.labelsClose, true, out)
  }

  next(): EntryKind | undefined {
    const s = this.s
    const n = s.length
    while (this.pos < n) {
      let i = this.pos
      while (i < n && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++
      const c = s.charCodeAt(i)
      if (i >= n || c === LF) {
        this.pos = i + 1
        this.lineNo++
        continue
      }
      this.line = this.lineNo
      if (c === HASH) {
        const kind = this.meta(i)
        if (kind !== null) return kind
        continue
      }
      return this.sample(this.pos, i)
    }
    return undefined
  }

  /** A `#` line: HELP or TYPE entry, or null for a comment (skipped). */
  private meta(hash: number): EntryKind | undefined | null {
    const s = this.s
    const n = s.length
    let eol = s.indexOf("\n", hash)
    if (eol === -1) eol = n
    this.pos = eol + 1
    this.lineNo++
    let i = hash + 1
    if (i >= eol || (s.charCodeAt(i) !== SP && s.charCodeAt(i) !== TAB)) return null
    while (i < eol && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++
    // HELP or TYPE, compared by char codes (no slice per line).
    const isHelp =
      s.charCodeAt(i) === 72 &&
      s.charCodeAt(i + 1) === 69 &&
      s.charCodeAt(i + 2) === 76 &&
      s.charCodeAt(i + 3) === 80
    const isType =
      !isHelp &&
      s.charCodeAt(i) === 84 &&
      s.charCodeAt(i + 1) === 89 &&
      s.charCodeAt(i + 2) === 80 &&
      s.charCodeAt(i + 3) === 69
    if ((!isHelp && !isType) || i + 4 >= eol) return null
    const keyword = isHelp ? "HELP" : "TYPE"
    i += 4
    if (s.charCodeAt(i) !== SP && s.charCodeAt(i) !== TAB) return null
    while (i < eol && (s.charCodeAt(i) === SP || s.charCodeAt(i) === TAB)) i++
    const nameEnd = scanMetricName(s, i, eol)
    if (nameEnd === i) return null
    this.metaName = s.slice(i, nameEnd)
    const after = s.charCodeAt(nameEnd)
    const hasSep = nameEnd < eol && (after === SP || after === TAB)
    if (nameEnd < eol && !hasSep) {
      this.lineNo--
      return this.fail(
        `expected a blank after metric name ${JSON.stringify(this.metaName)} in ${keyword} line`
      )
    }
    const rest = hasSep ? nameEnd + 1 : eol
    if (isHelp) {
      this.helpStart = rest
      this.helpEnd = eol
      return "help"
    }
    const word = s.slice(rest, eol)
    if (!textTypes.has(word)) {
      this.lineNo--
      return this.fail(`invalid metric type ${JSON.stringify(word)}`)
    }
    this.metricType = word as MetricType
    return "type"
  }

  private sample(lineStart: number, i: number): EntryKind | undefined {
    const s = this.s
    const n = s.length
    const nameEnd = scanMetricName(s, i, n)
    if (nameEnd === i) return this.fail(`expected a metric name, got ${describe(s, i)}`)
    if (i > lineStart) return this.fail(`invalid metric name ${JSON.stringify(s.slice(lineStart, nameEnd))}`)
    this.nameStart = i
    this.nameEnd = nameEnd
    let j = nameEnd
    while (j < n && (s.charCodeAt(j) === SP || s.charCodeAt(j) === TAB)) j++
    if (s.charCodeAt(j) === LBRACE) {
      const close = this.scanLabels(j + 1)
      if (close < 0) return undefined
      this.labelsStart = j + 1
      this.labelsClose = close
      j = close + 1
      this.seriesText = s.slice(i, j)
      while (j < n && (s.charCodeAt(j) === SP || s.charCodeAt(j) === TAB)) j++
    } else {
      this.labelsStart = -1
      this.seriesText = s.slice(i, nameEnd)
    }
    if (j >= n || s.charCodeAt(j) === LF)
      return this.fail(`expected value after metric ${JSON.stringify(this.metricName)}`)
    const vStart = j
    while (j < n) {
      const c = s.charCodeAt(j)
      if (c === SP || c === TAB || c === LF || c === LBRACE) break
      j++
    }
    const v = parseFloatToken(s, vStart, j)
    if (v === undefined) return this.fail(floatError(s.slice(vStart, j)))
    this.value = v
    while (j < n && (s.charCodeAt(j) === SP || s.charCodeAt(j) === TAB)) j++
    this.timestampMs = undefined
    if (j < n && s.charCodeAt(j) !== LF) {
      const tStart = j
      while (j < n && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) j++
      const stop = s.charCodeAt(j)
      if (j === tStart || (j < n && stop !== SP && stop !== TAB && stop !== LF)) {
        return this.fail(`expected timestamp or new record, got ${describe(s, j === tStart ? j : tStart)}`)
      }
      const digits = s.slice(tStart, j)
      if (digits.length > 19 || (digits.length === 19 && BigInt(digits) > maxTimestamp)) {
        return this.fail(`strconv.ParseInt: parsing ${JSON.stringify(digits)}: value out of range`)
      }
      this.timestampMs = Number(digits)
      while (j < n && (s.charCodeAt(j) === SP || s.charCodeAt(j) === TAB)) j++
      if (j < n && s.charCodeAt(j) !== LF)
        return this.fail(`expected a new record after the timestamp, got ${describe(s, j)}`)
    }
    this.pos = j + 1
    this.lineNo++
    return "series"
  }

  /** Validates a label set starting just after `{`; returns the index of `}` or -1 after fail(). */
  private scanLabels(k: number): number {
    const s = this.s
    const n = s.length
    for (;;) {
      while (k < n && (s.charCodeAt(k) === SP || s.charCodeAt(k) === TAB)) k++
      if (s.charCodeAt(k) === RBRACE) return k
      const nameEnd = scanLabelName(s, k, n)
      if (nameEnd === k) return this.failAt(`expected a label name or "}", got ${describe(s, k)}`)
      k = nameEnd
      while (k < n && (s.charCodeAt(k) === SP || s.charCodeAt(k) === TAB)) k++
      if (s.charCodeAt(k) !== EQ) return this.failAt(`expected "=" after label name, got ${describe(s, k)}`)
      k++
      while (k < n && (s.charCodeAt(k) === SP || s.charCodeAt(k) === TAB)) k++
      if (s.charCodeAt(k) !== QUOTE)
        return this.failAt(`expected a quoted label value, got ${describe(s, k)}`)
      const end = scanQuoted(s, k, n, true)
      if (end < 0) return this.failAt("unterminated label value")
      for (let p = k; p < end; p++) if (s.charCodeAt(p) === LF) this.lineNo++ // raw LF inside the value
      k = end
      while (k < n && (s.charCodeAt(k) === SP || s.charCodeAt(k) === TAB)) k++
      const c = s.charCodeAt(k)
      if (c === COMMA) k++
      else if (c !== RBRACE)
        return this.failAt(`expected "," or "}" after label value, got ${describe(s, k)}`)
    }
  }

  private failAt(message: string): number {
    this.fail(message)
    return -1
  }
}
