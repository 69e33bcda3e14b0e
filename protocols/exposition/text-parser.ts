/**
 * Prometheus text format 0.0.4, as the 2.42 parser accepts it (shared/specs/wire-protocols.md
 * §1.2): blanks allowed between tokens, trailing comma in label sets, raw LF inside label values,
 * integer-millisecond timestamps, comments ignored, duplicate or late TYPE lines tolerated.
 * Hot loop: byte codes over the UTF-8 body (byte-text.ts), strings (series text, names, labels)
 * made only on request.
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
const TAB = 9
const LF = 10
const HASH = 35
const LBRACE = 123
const RBRACE = 125
const COMMA = 44
const EQ = 61
const QUOTE = 34

const maxTimestamp = 9223372036854775807n

/** The TYPE word at b[i, e), or undefined when 0.0.4 has no such type. */
const textType = (b: Uint8Array, i: number, e: number): MetricType | undefined => {
  const c = b[i]
  if (c === 99) return isWord(b, i, e, "counter") ? "counter" : undefined
  if (c === 103) return isWord(b, i, e, "gauge") ? "gauge" : undefined
  if (c === 104) return isWord(b, i, e, "histogram") ? "histogram" : undefined
  if (c === 115) return isWord(b, i, e, "summary") ? "summary" : undefined
  if (c === 117) return isWord(b, i, e, "untyped") ? "untyped" : undefined
  return undefined
}

export class TextParser extends ByteEntryParser implements ExpositionParser {
  readonly exemplar: Exemplar | undefined = undefined
  metricType: MetricType = "untyped"
  readonly unit = ""

  /** The payload as a string, or as its UTF-8 bytes (a scraped body, not decoded first). */
  constructor(body: string | Uint8Array) {
    super(body, false)
  }

  private fail(message: string): undefined {
    this.error = { line: this.lineNo, message }
    this.pos = this.t.n
    return undefined
  }

  labels(out: string[]): string | undefined {
    if (this.labelsStart < 0) return undefined
    const l = this.t.str(this.labelsStart, this.labelsClose)
    return readLabels(l, 0, l.length, true, out)
  }

  next(): EntryKind | undefined {
    const b = this.b
    const n = this.t.n
    while (this.pos < n) {
      let i = this.pos
      let c = b[i]
      while (c === SP || c === TAB) c = b[++i]
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
    const b = this.b
    const eol = this.t.eol(hash)
    this.pos = eol + 1
    this.lineNo++
    let i = hash + 1
    if (i >= eol || (b[i] !== SP && b[i] !== TAB)) return null
    while (i < eol && (b[i] === SP || b[i] === TAB)) i++
    // HELP or TYPE, compared by byte codes.
    const isHelp = b[i] === 72 && b[i + 1] === 69 && b[i + 2] === 76 && b[i + 3] === 80
    const isType = !isHelp && b[i] === 84 && b[i + 1] === 89 && b[i + 2] === 80 && b[i + 3] === 69
    if ((!isHelp && !isType) || i + 4 >= eol) return null
    i += 4
    if (b[i] !== SP && b[i] !== TAB) return null
    while (i < eol && (b[i] === SP || b[i] === TAB)) i++
    const nameEnd = scanMetricNameBytes(b, i, eol)
    if (nameEnd === i) return null
    this.metaStart = i
    this.metaEnd = nameEnd
    const after = b[nameEnd]
    const hasSep = nameEnd < eol && (after === SP || after === TAB)
    if (nameEnd < eol && !hasSep) {
      this.lineNo--
      return this.fail(
        `expected a blank after metric name ${JSON.stringify(this.metaName)} in ${isHelp ? "HELP" : "TYPE"} line`
      )
    }
    const rest = hasSep ? nameEnd + 1 : eol
    if (isHelp) {
      this.helpStart = rest
      this.helpEnd = eol
      return "help"
    }
    const type = textType(b, rest, eol)
    if (type === undefined) {
      this.lineNo--
      return this.fail(`invalid metric type ${JSON.stringify(this.t.str(rest, eol))}`)
    }
    this.metricType = type
    return "type"
  }

  private sample(lineStart: number, i: number): EntryKind | undefined {
    const b = this.b
    const t = this.t
    const n = t.n
    // The metric name, inline (scanMetricNameBytes): the hottest loop of a scrape.
    let j = i
    if ((byteClass[b[j]] & (NAME_START | COLON)) !== 0) {
      j++
      while (j < n && byteClass[b[j]] !== 0) j++
    }
    const nameEnd = j
    if (nameEnd === i) return this.fail(`expected a metric name, got ${t.describe(i)}`)
    if (i > lineStart) return this.fail(`invalid metric name ${JSON.stringify(t.str(lineStart, nameEnd))}`)
    this.nameStart = i
    this.nameEnd = nameEnd
    this.series = undefined
    let c = b[j]
    while (c === SP || c === TAB) c = b[++j]
    if (c === LBRACE) {
      const close = this.scanLabels(j + 1)
      if (close < 0) return undefined
      this.labelsStart = j + 1
      this.labelsClose = close
      j = close + 1
      this.seriesEnd = j
      c = b[j]
      while (c === SP || c === TAB) c = b[++j]
    } else {
      this.labelsStart = -1
      this.seriesEnd = nameEnd
    }
    if (j >= n || c === LF) return this.fail(`expected value after metric ${JSON.stringify(this.metricName)}`)
    const vStart = j
    while (j < n) {
      c = b[j]
      if (c === SP || c === TAB || c === LF || c === LBRACE) break
      j++
    }
    let v = parseFloatBytes(b, vStart, j)
    if (v === undefined) {
      const token = t.str(vStart, j)
      v = parseFloatToken(token, 0, token.length)
      if (v === undefined) return this.fail(floatError(token))
    }
    this.value = v
    c = b[j]
    while (c === SP || c === TAB) c = b[++j]
    this.timestampMs = undefined
    if (j < n && c !== LF) {
      const tStart = j
      let ms = 0
      while (j < n && b[j] >= 48 && b[j] <= 57) ms = ms * 10 + (b[j++] - 48)
      const stop = b[j]
      if (j === tStart || (j < n && stop !== SP && stop !== TAB && stop !== LF)) {
        return this.fail(`expected timestamp or new record, got ${t.describe(j === tStart ? j : tStart)}`)
      }
      if (j - tStart > 15) {
        // Past 15 digits the running product may round: read the digits exactly.
        const digits = t.str(tStart, j)
        if (digits.length > 19 || (digits.length === 19 && BigInt(digits) > maxTimestamp)) {
          return this.fail(`strconv.ParseInt: parsing ${JSON.stringify(digits)}: value out of range`)
        }
        ms = Number(digits)
      }
      this.timestampMs = ms
      c = b[j]
      while (c === SP || c === TAB) c = b[++j]
      if (j < n && c !== LF)
        return this.fail(`expected a new record after the timestamp, got ${t.describe(j)}`)
    }
    this.pos = j + 1
    this.lineNo++
    return "series"
  }

  /** Validates a label set starting just after `{`; returns the index of `}` or -1 after fail(). */
  private scanLabels(k: number): number {
    const b = this.b
    const t = this.t
    const n = t.n
    for (;;) {
      while (k < n && (b[k] === SP || b[k] === TAB)) k++
      if (b[k] === RBRACE) return k
      const nameEnd = scanLabelNameBytes(b, k, n)
      if (nameEnd === k) return this.failAt(`expected a label name or "}", got ${t.describe(k)}`)
      k = nameEnd
      while (k < n && (b[k] === SP || b[k] === TAB)) k++
      if (b[k] !== EQ) return this.failAt(`expected "=" after label name, got ${t.describe(k)}`)
      k++
      while (k < n && (b[k] === SP || b[k] === TAB)) k++
      if (b[k] !== QUOTE) return this.failAt(`expected a quoted label value, got ${t.describe(k)}`)
      const end = scanQuotedBytes(b, k, n, true)
      if (end < 0) return this.failAt("unterminated label value")
      for (let p = k; p < end; p++) if (b[p] === LF) this.lineNo++ // raw LF inside the value
      k = end
      while (k < n && (b[k] === SP || b[k] === TAB)) k++
      const c = b[k]
      if (c === COMMA) k++
      else if (c !== RBRACE) return this.failAt(`expected "," or "}" after label value, got ${t.describe(k)}`)
    }
  }

  private failAt(message: string): number {
    this.fail(message)
    return -1
  }
}
