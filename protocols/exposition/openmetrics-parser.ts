/**
 * OpenMetrics 1.0 text (shared/specs/wire-protocols.md §1.3): single-space separators, `# EOF`
 * required and last, TYPE/HELP/UNIT as the only `#` lines, float-second timestamps, exemplars on
 * `_total`/`_bucket` samples, UNIT a suffix of the family name. Like Prometheus 2.42 it does not
 * enforce `_total` on counters nor metadata order. Hot loop, same shape as the text parser: byte
 * codes over the UTF-8 body, strings made on request.
 */

import { ByteEntryParser } from "./byte-entry-parser.ts"
import {
  byteClass,
  COLON,
  isWord,
  NAME_START,
  scanLabelNameBytes,
  scanMetricNameBytes,
  scanQuotedBytes
} from "./byte-text.ts"
import type { EntryKind, Exemplar, ExpositionParser, MetricType } from "./exposition-parser.ts"
import { floatError, parseFloatBytes, parseFloatToken } from "./float.ts"
import { readLabels } from "./label-scan.ts"

const SP = 32
const LF = 10
const HASH = 35
const LBRACE = 123
const RBRACE = 125
const COMMA = 44
const EQ = 61
const QUOTE = 34

/** The TYPE word at b[i, e), or undefined when OpenMetrics has no such type. */
const omType = (b: Uint8Array, i: number, e: number): MetricType | undefined => {
  const c = b[i]
  if (c === 99) return isWord(b, i, e, "counter") ? "counter" : undefined
  if (c === 103)
    return isWord(b, i, e, "gauge")
      ? "gauge"
      : isWord(b, i, e, "gaugehistogram")
        ? "gaugehistogram"
        : undefined
  if (c === 104) return isWord(b, i, e, "histogram") ? "histogram" : undefined
  if (c === 115)
    return isWord(b, i, e, "summary") ? "summary" : isWord(b, i, e, "stateset") ? "stateset" : undefined
  if (c === 105) return isWord(b, i, e, "info") ? "info" : undefined
  if (c === 117) return isWord(b, i, e, "unknown") ? "unknown" : undefined
  return undefined
}

/** `# TYPE `, `# HELP `, `# UNIT ` at b[i]: T, H or U, else 0. */
const metaKeyword = (b: Uint8Array, i: number): number => {
  if (b[i + 1] !== SP || b[i + 6] !== SP) return 0
  const c = b[i + 2]
  const w =
    c === 84
      ? b[i + 3] === 89 && b[i + 4] === 80 && b[i + 5] === 69 // TYPE
      : c === 72
        ? b[i + 3] === 69 && b[i + 4] === 76 && b[i + 5] === 80 // HELP
        : c === 85 && b[i + 3] === 78 && b[i + 4] === 73 && b[i + 5] === 84 // UNIT
  return w ? c : 0
}

export class OpenMetricsParser extends ByteEntryParser implements ExpositionParser {
  private sawEof = false

  exemplar: Exemplar | undefined = undefined
  metricType: MetricType = "unknown"
  unit = ""

  /** The payload as a string, or as its UTF-8 bytes (a scraped body, not decoded first). */
  constructor(body: string | Uint8Array) {
    super(body, true)
  }

  private fail(message: string): undefined {
    this.error = { line: this.lineNo, message }
    this.pos = this.t.n
    this.sawEof = true
    return undefined
  }

  labels(out: string[]): string | undefined {
    if (this.labelsStart < 0) return undefined
    const l = this.t.str(this.labelsStart, this.labelsClose)
    return readLabels(l, 0, l.length, false, out)
  }

  next(): EntryKind | undefined {
    if (this.sawEof) return undefined
    if (this.pos >= this.t.n) return this.fail("data does not end with # EOF")
    this.line = this.lineNo
    const c = this.b[this.pos]
    if (c === LF) return this.fail('unexpected blank line: expected a metric name or "#"')
    if (c === HASH) return this.meta()
    return this.sample()
  }

  private meta(): EntryKind | undefined {
    const b = this.b
    const t = this.t
    const n = t.n
    const start = this.pos
    const eol = t.eol(start)
    if (
      start + 5 === eol &&
      b[start + 1] === SP &&
      b[start + 2] === 69 &&
      b[start + 3] === 79 &&
      b[start + 4] === 70
    ) {
      this.sawEof = true
      if (eol + 1 < n) {
        this.lineNo++
        return this.fail("unexpected data after # EOF")
      }
      return undefined
    }
    const kw = metaKeyword(b, start)
    if (kw === 0) {
      return this.fail(
        `expected "# TYPE", "# HELP", "# UNIT" or "# EOF", got ${JSON.stringify(t.str(start, eol))}`
      )
    }
    const keyword = kw === 84 ? "TYPE" : kw === 72 ? "HELP" : "UNIT"
    const i = start + 7
    const nameEnd = scanMetricNameBytes(b, i, eol)
    if (nameEnd === i) return this.fail(`expected a metric name after ${JSON.stringify(`# ${keyword}`)}`)
    this.metaStart = i
    this.metaEnd = nameEnd
    if (nameEnd < eol && b[nameEnd] !== SP) {
      return this.fail(`expected " " after metric name in ${keyword} line, got ${t.describe(nameEnd)}`)
    }
    const rest = nameEnd < eol ? nameEnd + 1 : eol
    let kind: EntryKind
    if (kw === 72) {
      this.helpStart = rest
      this.helpEnd = eol
      kind = "help"
    } else if (kw === 84) {
      const type = omType(b, rest, eol)
      if (type === undefined) return this.fail(`invalid metric type ${JSON.stringify(t.str(rest, eol))}`)
      this.metricType = type
      kind = "type"
    } else {
      this.unit = t.str(rest, eol)
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
    const b = this.b
    const t = this.t
    const n = t.n
    const i = this.pos
    // The metric name, inline (scanMetricNameBytes): the hottest loop of a scrape.
    let j = i
    if ((byteClass[b[j]] & (NAME_START | COLON)) !== 0) {
      j++
      while (j < n && byteClass[b[j]] !== 0) j++
    }
    const nameEnd = j
    if (nameEnd === i) return this.fail(`expected a metric name, got ${t.describe(i)}`)
    this.nameStart = i
    this.nameEnd = nameEnd
    this.series = undefined
    if (b[j] === LBRACE) {
      const close = this.scanLabels(j + 1)
      if (close < 0) return undefined
      this.labelsStart = j + 1
      this.labelsClose = close
      j = close + 1
    } else this.labelsStart = -1
    this.seriesEnd = j
    if (b[j] !== SP)
      return this.fail(`expected " " and a value after metric ${JSON.stringify(this.metricName)}`)
    j++
    const vEnd = this.tokenEnd(j)
    const v = this.float(j, vEnd)
    if (v === undefined) return undefined
    this.value = v
    j = vEnd
    this.timestampMs = undefined
    this.exemplar = undefined
    if (b[j] === SP && b[j + 1] !== HASH) {
      const ts = this.timestamp(j + 1)
      if (ts === undefined) return undefined
      this.timestampMs = ts[0]
      j = ts[1]
    }
    if (b[j] === SP && b[j + 1] === HASH) {
      j = this.exemplarAt(j + 1)
      if (j < 0) return undefined
    }
    if (j < n && b[j] !== LF) return this.fail(`expected end of line, got ${t.describe(j)}`)
    this.pos = j + 1
    this.lineNo++
    return "series"
  }

  /** The float at [j, end), or undefined after fail(). */
  private float(j: number, end: number): number | undefined {
    const v = parseFloatBytes(this.b, j, end)
    if (v !== undefined) return v
    const token = this.t.str(j, end)
    const w = parseFloatToken(token, 0, token.length)
    return w === undefined ? this.fail(floatError(token)) : w
  }

  private tokenEnd(j: number): number {
    const b = this.b
    const n = this.t.n
    while (j < n && b[j] !== SP && b[j] !== LF) j++
    return j
  }

  /** A float-seconds timestamp at j → [ms truncated toward zero, end index]. */
  private timestamp(j: number): [number, number] | undefined {
    const end = this.tokenEnd(j)
    let secs = parseFloatBytes(this.b, j, end)
    if (secs === undefined) {
      const token = this.t.str(j, end)
      secs = parseFloatToken(token, 0, token.length)
    }
    if (secs === undefined || !Number.isFinite(secs)) {
      return this.fail(`invalid timestamp ${JSON.stringify(this.t.str(j, end))}`)
    }
    return [Math.trunc(secs * 1000), end]
  }

  /** `# {labels} value [timestamp]` starting at the `#`; returns the end index or -1. */
  private exemplarAt(hash: number): number {
    const b = this.b
    const t = this.t
    const name = this.metricName
    if (!name.endsWith("_total") && !name.endsWith("_bucket")) {
      this.fail(`metric name ${name} does not support exemplars`)
      return -1
    }
    if (b[hash + 1] !== SP || b[hash + 2] !== LBRACE) {
      this.fail(`expected " {" after "#" of an exemplar, got ${t.describe(hash + 1)}`)
      return -1
    }
    const close = this.scanLabels(hash + 3)
    if (close < 0) return -1
    const labels: string[] = []
    const l = t.str(hash + 3, close)
    const dup = readLabels(l, 0, l.length, false, labels)
    if (dup) {
      this.fail(dup)
      return -1
    }
    let j = close + 1
    if (b[j] !== SP) {
      this.fail(`expected " " and a value after exemplar labels, got ${t.describe(j)}`)
      return -1
    }
    const vEnd = this.tokenEnd(j + 1)
    const v = this.float(j + 1, vEnd)
    if (v === undefined) return -1
    j = vEnd
    let ts: number | undefined
    if (b[j] === SP) {
      const tt = this.timestamp(j + 1)
      if (tt === undefined) return -1
      ts = tt[0]
      j = tt[1]
    }
    this.exemplar = { labels, value: v, timestampMs: ts }
    return j
  }

  /** Validates `name="value"(,name="value")*}` after `{`; returns the index of `}` or -1. */
  private scanLabels(k: number): number {
    const b = this.b
    const t = this.t
    const n = t.n
    if (b[k] === RBRACE) return k
    for (;;) {
      const nameEnd = scanLabelNameBytes(b, k, n)
      if (nameEnd === k) return this.failAt(`expected a label name, got ${t.describe(k)}`)
      k = nameEnd
      if (b[k] !== EQ) return this.failAt(`expected "=" after label name, got ${t.describe(k)}`)
      k++
      if (b[k] !== QUOTE) return this.failAt(`expected a quoted label value, got ${t.describe(k)}`)
      const end = scanQuotedBytes(b, k, n, false)
      if (end < 0) return this.failAt("unterminated label value")
      k = end
      const c = b[k]
      if (c === RBRACE) return k
      if (c !== COMMA) return this.failAt(`expected "," or "}" after label value, got ${t.describe(k)}`)
      k++
    }
  }

  private failAt(message: string): number {
    this.fail(message)
    return -1
  }
}
