/**
 * Go's quoting as Prometheus shows values in messages and printed queries: `strconv.Quote` for
 * strings and `%q` for single characters. Bytes that are not valid UTF-8 travel through PromQL
 * strings as lone surrogates U+DC80..U+DCFF (see lexer.ts) and come back out as `\xNN`.
 */

const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u

const hex = (n: number, width: number): string => n.toString(16).padStart(width, "0")

const escapeChar = (ch: string, cp: number, quote: string): string => {
  if (ch === quote || ch === "\\") return `\\${ch}`
  switch (ch) {
    case "\x07":
      return "\\a"
    case "\b":
      return "\\b"
    case "\f":
      return "\\f"
    case "\n":
      return "\\n"
    case "\r":
      return "\\r"
    case "\t":
      return "\\t"
    case "\v":
      return "\\v"
  }
  if (cp >= 0xdc80 && cp <= 0xdcff) return `\\x${hex(cp - 0xdc00, 2)}`
  if (printable.test(ch)) return ch
  if (cp < 0x80) return `\\x${hex(cp, 2)}`
  if (cp < 0x10000) return `\\u${hex(cp, 4)}`
  return `\\U${hex(cp, 8)}`
}

/** `strconv.Quote(s)`: double quotes, Go escapes, printable Unicode kept as is. */
export const goQuote = (s: string, quote = '"'): string => {
  let out = quote
  for (const ch of s) out += escapeChar(ch, ch.codePointAt(0) ?? 0, quote)
  return out + quote
}

/** Go's `%q` of one character: `'x'`, `'\n'`, `'\''`. */
export const goQuoteRune = (ch: string): string => goQuote(ch, "'")

/** Go's `%U` (`U+0071`). */
export const goRuneCode = (ch: string): string => `U+${hex(ch.codePointAt(0) ?? 0, 4).toUpperCase()}`
