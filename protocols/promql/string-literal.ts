/**
 * PromQL string literals in single or double quotes: Go's escape rules (`\n`, `\x41`, `\101`,
 * `\u00e9`, `\U0001F600`) with Prometheus's error messages. `\x` and octal escapes are bytes;
 * bytes that do not form UTF-8 become lone surrogates U+DC80+byte so they survive as JS text.
 */
import { goQuoteRune, goRuneCode } from "./go-quote.ts"

const simpleEscapes: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"'
}

/** Go escape rules; `\x` and octal escapes are bytes, so runs of them are decoded as UTF-8. */
export const decodeQuoted = (
  s: string,
  from: number,
  quote: string
): { value: string; end: number } | string => {
  let out = ""
  let bytes: number[] = []
  const flush = () => {
    if (bytes.length > 0) out += bytesToText(bytes)
    bytes = []
  }
  let i = from
  while (true) {
    if (i >= s.length || s[i] === "\n") return "unterminated quoted string"
    const ch = s[i]
    if (ch === quote) {
      flush()
      return { value: out, end: i + 1 }
    }
    if (ch !== "\\") {
      flush()
      out += ch
      i++
      continue
    }
    const e = s[i + 1]
    if (e === undefined) return "unterminated quoted string"
    if (simpleEscapes[e] !== undefined) {
      flush()
      out += simpleEscapes[e]
      i += 2
      continue
    }
    const fixed = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : e >= "0" && e <= "7" ? 3 : 0
    if (fixed === 0) return `unknown escape sequence ${goRuneCode(e)} ${goQuoteRune(e)}`
    const start = e >= "0" && e <= "7" ? i + 1 : i + 2
    const radix = fixed === 3 ? 8 : 16
    for (let k = 0; k < fixed; k++) {
      const d = s[start + k]
      if (d === undefined || d === "\n") return "unterminated quoted string"
      if (Number.isNaN(Number.parseInt(d, radix))) {
        return `illegal character ${goRuneCode(d)} ${goQuoteRune(d)} in escape sequence`
      }
    }
    const v = Number.parseInt(s.slice(start, start + fixed), radix)
    i = start + fixed
    if (e === "x" || fixed === 3) {
      if (v > 255) return "escape sequence is an invalid Unicode code point"
      bytes.push(v)
      continue
    }
    if (v > 0x10ffff || (v >= 0xd800 && v < 0xe000)) return "escape sequence is an invalid Unicode code point"
    flush()
    out += String.fromCodePoint(v)
  }
}

const bytesToText = (bytes: number[]): string => {
  let out = ""
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0
    if (len > 0 && i + len <= bytes.length) {
      const chunk = new Uint8Array(bytes.slice(i, i + len))
      const text = new TextDecoder("utf-8", { fatal: false }).decode(chunk)
      if (!text.includes("\uFFFD")) {
        out += text
        i += len
        continue
      }
    }
    out += String.fromCharCode(0xdc00 + b)
    i++
  }
  return out
}
