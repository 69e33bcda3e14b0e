/**
 * Scanning and unescaping of label sets and names shared by both exposition parsers. The scan only
 * validates and finds the end (no strings built); `readLabels` materialises names and values when
 * a caller needs them.
 */

export const isNameStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
export const isNameChar = (c: number) => isNameStart(c) || (c >= 48 && c <= 57)
export const isMetricNameStart = (c: number) => isNameStart(c) || c === 58
export const isMetricNameChar = (c: number) => isNameChar(c) || c === 58

/** Index just past a metric name starting at i (i itself when there is none). */
export const scanMetricName = (s: string, i: number, end: number): number => {
  if (i >= end || !isMetricNameStart(s.charCodeAt(i))) return i
  i++
  while (i < end && isMetricNameChar(s.charCodeAt(i))) i++
  return i
}

export const scanLabelName = (s: string, i: number, end: number): number => {
  if (i >= end || !isNameStart(s.charCodeAt(i))) return i
  i++
  while (i < end && isNameChar(s.charCodeAt(i))) i++
  return i
}

/** Index just past the closing quote of a quoted string starting at i (a `"`), or -1 if unterminated. */
export const scanQuoted = (s: string, i: number, end: number, allowNewline: boolean): number => {
  i++
  while (i < end) {
    const c = s.charCodeAt(i)
    if (c === 92)
      i += 2 // backslash: skip the escaped char
    else if (c === 34) return i + 1
    else if (c === 10 && !allowNewline) return -1
    else i++
  }
  return -1
}

/** Unescapes `\\`, `\"` and `\n` (only when `quotes`/always); any other backslash pair stays as written. */
export const unescapeText = (s: string, start: number, end: number, quotes: boolean): string => {
  // A bounded scan: indexOf would search past `end`, to the end of the payload, on every call.
  let first = start
  while (first < end && s.charCodeAt(first) !== 92) first++
  if (first >= end) return s.slice(start, end)
  let out = ""
  let from = start
  for (let i = first; i < end; i++) {
    if (s.charCodeAt(i) !== 92 || i + 1 >= end) continue
    const n = s.charCodeAt(i + 1)
    const rep = n === 92 ? "\\" : n === 110 ? "\n" : n === 34 && quotes ? '"' : undefined
    if (rep !== undefined) {
      out += s.slice(from, i) + rep
      from = i + 2
    }
    i++
  }
  return out + s.slice(from, end)
}

/**
 * Reads `name="value"` pairs between `start` (just after `{`) and the closing `}`, appending
 * alternating name, value to `out`. `ws` allows blanks around tokens and a trailing comma (0.0.4);
 * OpenMetrics allows neither. Assumes the span was validated by the parser's scan. Returns an error
 * message for a repeated name.
 */
export const readLabels = (
  s: string,
  start: number,
  close: number,
  ws: boolean,
  out: string[]
): string | undefined => {
  const base = out.length
  let i = start
  while (i < close) {
    if (ws)
      while (i < close && (s.charCodeAt(i) === 32 || s.charCodeAt(i) === 9 || s.charCodeAt(i) === 44)) i++
    else if (s.charCodeAt(i) === 44) i++
    if (i >= close) break
    const nameEnd = scanLabelName(s, i, close)
    const name = s.slice(i, nameEnd)
    i = nameEnd
    while (i < close && s.charCodeAt(i) !== 34) i++ // blanks and '='
    const valueEnd = scanQuoted(s, i, close + 1, true)
    const value = unescapeText(s, i + 1, valueEnd - 1, true)
    for (let k = base; k < out.length; k += 2) {
      if (out[k] === name) return `label name "${name}" is not unique: invalid sample`
    }
    out.push(name, value)
    i = valueEnd
  }
  return undefined
}
