/**
 * PromQL lexer: turns query text into tokens with byte offsets, in one linear pass. It decodes
 * numbers, durations and strings, tracks braces, brackets and parentheses the way Prometheus's
 * lexer reports them, and stops at the first lexical error (an ERROR token). It does not know the
 * grammar: keywords such as `by` or `offset` come out as identifiers and the parser decides.
 */
import { goQuoteRune } from "./go-quote.ts"
import { durationSeconds, durationShape, parseNumber } from "./number-literal.ts"
import { decodeQuoted } from "./string-literal.ts"

export type TokenKind =
  | "EOF"
  | "ERROR"
  | "IDENT"
  | "NUMBER"
  | "DURATION"
  | "STRING"
  | "("
  | ")"
  | "{"
  | "}"
  | "["
  | "]"
  | ","
  | ":"
  | "="
  | "=~"
  | "!~"
  | "+"
  | "-"
  | "*"
  | "/"
  | "%"
  | "^"
  | "=="
  | "!="
  | ">"
  | "<"
  | ">="
  | "<="
  | "</"
  | ">/"
  | "@"
  | "and"
  | "or"
  | "unless"
  | "atan2"

export interface Token {
  readonly kind: TokenKind
  /** Byte offsets, start inclusive, end exclusive. */
  readonly start: number
  readonly end: number
  /** Source text of the token (for ERROR: the message). */
  readonly text: string
  /** STRING: the decoded value. */
  readonly str: string
  /** NUMBER and DURATION: the value (durations in seconds). */
  readonly value: number
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57
const isAlpha = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
const isAlnum = (c: number): boolean => isAlpha(c) || isDigit(c)
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13

const allDigits = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false
  return true
}

/** One `<digits><unit>` group of a duration, matched in place (sticky). */
const durationGroup = /[0-9][0-9_]*(?:ms|s|m|h|d|w|y)/y

/**
 * Tokenizes `input`. The token list always ends with EOF or ERROR. Strings are decoded; bytes that
 * do not form UTF-8 (`"\xc5"`) become lone surrogates U+DC80+byte so that they survive as JS text.
 */
export const tokenize = (input: string): Token[] => {
  const lexer = new Lexer(input)
  const out: Token[] = []
  while (true) {
    const t = lexer.next()
    out.push(t)
    if (t.kind === "EOF" || t.kind === "ERROR") return out
  }
}

/**
 * Produces tokens one at a time, so a parser holds only its look-ahead and tokens die young (a
 * 40,000-term query then costs no long-lived token array). After EOF or ERROR it repeats that token.
 */
export class Lexer {
  readonly input: string
  /** UTF-16 index → byte offset; undefined when the text is ASCII and they are equal. */
  readonly bytes: Uint32Array | undefined
  pos = 0
  inBraces = false
  bracketOpen = -1
  /** Offsets of the open parentheses, innermost last. */
  readonly parens: number[] = []
  current: Token | undefined
  final: Token | undefined

  constructor(input: string) {
    this.input = input
    this.bytes = /^[\x00-\x7f]*$/.test(input) ? undefined : byteOffsets(input)
  }

  byte(i: number): number {
    return this.bytes === undefined ? i : this.bytes[i]
  }

  emit(kind: TokenKind, start: number, end: number, text: string, value = 0, str = ""): void {
    this.current = { kind, start: this.byte(start), end: this.byte(end), text, value, str }
  }

  fail(at: number, message: string): Token {
    this.emit("ERROR", at, at, message)
    this.final = this.current
    return this.final as Token
  }

  next(): Token {
    if (this.final !== undefined) return this.final
    const s = this.input
    while (true) {
      while (this.pos < s.length && isSpace(s.charCodeAt(this.pos))) this.pos++
      if (this.pos >= s.length) return this.end()
      const c = s.charCodeAt(this.pos)
      if (c === 35 /* # */) {
        while (this.pos < s.length && s[this.pos] !== "\n") this.pos++
        continue
      }
      this.current = undefined
      const err = this.inBraces ? this.lexInBraces(c) : this.lexOutside(c)
      if (err !== undefined) return this.fail(err[0], err[1])
      if (this.current !== undefined) return this.current
    }
  }

  end(): Token {
    const at = this.input.length
    if (this.inBraces) return this.fail(at, "unexpected end of input inside braces")
    // The innermost unclosed one is reported: `foo[step(` misses a parenthesis first.
    const innermostParen = this.parens.length > 0 ? this.parens[this.parens.length - 1] : -1
    if (this.bracketOpen > innermostParen) return this.fail(at, "unclosed left bracket")
    if (innermostParen >= 0) return this.fail(at, "unclosed left parenthesis")
    this.emit("EOF", at, at, "")
    this.final = this.current
    return this.final as Token
  }

  single(kind: TokenKind): undefined {
    this.emit(kind, this.pos, this.pos + 1, kind)
    this.pos++
    return undefined
  }

  double(kind: TokenKind): undefined {
    this.emit(kind, this.pos, this.pos + 2, kind)
    this.pos += 2
    return undefined
  }

  lexInBraces(c: number): [number, string] | undefined {
    const s = this.input
    const next = s[this.pos + 1]
    if (isAlpha(c)) return this.lexIdentifier(false)
    switch (s[this.pos]) {
      case '"':
      case "'":
      case "`":
        return this.lexString()
      case ",":
        return this.single(",")
      case "{":
        return [this.pos, "unexpected left brace '{'"]
      case "}":
        this.inBraces = false
        return this.single("}")
      case "=":
        return next === "~" ? this.double("=~") : this.single("=")
      case "!":
        if (next === "=") return this.double("!=")
        if (next === "~") return this.double("!~")
        return [this.pos, `unexpected character after '!' inside braces: ${goQuoteRune(next ?? "")}`]
    }
    return [
      this.pos,
      `unexpected character inside braces: ${goQuoteRune(String.fromCodePoint(s.codePointAt(this.pos) ?? 0))}`
    ]
  }

  lexOutside(c: number): [number, string] | undefined {
    const s = this.input
    const ch = s[this.pos]
    const next = s[this.pos + 1]
    if (isDigit(c) || (ch === "." && next !== undefined && isDigit(next.charCodeAt(0))))
      return this.lexNumber()
    if (isAlpha(c) || (ch === ":" && this.bracketOpen < 0)) return this.lexIdentifier(this.bracketOpen < 0)
    switch (ch) {
      case '"':
      case "'":
      case "`":
        return this.lexString()
      case "(":
        this.parens.push(this.pos)
        return this.single("(")
      case ")":
        if (this.parens.length === 0) return [this.pos + 1, "unexpected right parenthesis ')'"]
        this.parens.pop()
        return this.single(")")
      case "{":
        this.inBraces = true
        return this.single("{")
      case "[":
        if (this.bracketOpen >= 0) return [this.pos, "unexpected left bracket '['"]
        this.bracketOpen = this.pos
        return this.single("[")
      case "]":
        if (this.bracketOpen < 0) return [this.pos, "unexpected right bracket ']'"]
        this.bracketOpen = -1
        return this.single("]")
      case ",":
        return this.single(",")
      case ":":
        return this.single(":")
      case "+":
      case "-":
      case "*":
      case "%":
      case "^":
      case "@":
        return this.single(ch)
      case "/":
        return this.single("/")
      case "=":
        if (next === "=") return this.double("==")
        if (next === "~") return [this.pos, "unexpected character after '=': '~'"]
        return this.single("=")
      case "!":
        if (next === "=") return this.double("!=")
        return [this.pos, `unexpected character after '!': ${goQuoteRune(next ?? "")}`]
      case "<":
        if (next === "=") return this.double("<=")
        if (next === "/") return this.double("</")
        return this.single("<")
      case ">":
        if (next === "=") return this.double(">=")
        if (next === "/") return this.double(">/")
        return this.single(">")
    }
    return [
      this.pos,
      `unexpected character: ${goQuoteRune(String.fromCodePoint(s.codePointAt(this.pos) ?? 0))}`
    ]
  }

  lexIdentifier(colons: boolean): undefined {
    const s = this.input
    const start = this.pos
    this.pos++
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos)
      if (!(isAlnum(c) || (colons && c === 58))) break
      this.pos++
    }
    const text = s.slice(start, this.pos)
    if (this.inBraces) {
      this.emit("IDENT", start, this.pos, text)
      return undefined
    }
    const lower = text.toLowerCase()
    if (lower === "and" || lower === "or" || lower === "unless" || lower === "atan2") {
      this.emit(lower, start, this.pos, text)
    } else if (lower === "inf" || lower === "nan") {
      this.emit("NUMBER", start, this.pos, text, lower === "inf" ? Number.POSITIVE_INFINITY : Number.NaN)
    } else {
      this.emit("IDENT", start, this.pos, text)
    }
    return undefined
  }

  lexNumber(): [number, string] | undefined {
    const s = this.input
    const start = this.pos
    let i = this.pos
    const digits = (hex: boolean) => {
      while (i < s.length) {
        const c = s.charCodeAt(i)
        const ok = isDigit(c) || c === 95 || (hex && ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)))
        if (!ok) break
        i++
      }
    }
    if (s[i] === "0" && (s[i + 1] === "x" || s[i + 1] === "X")) {
      i += 2
      digits(true)
    } else {
      digits(false)
      if (s[i] === ".") {
        i++
        digits(false)
      }
      if (s[i] === "e" || s[i] === "E") {
        // Like Prometheus, the exponent is taken even without digits (`1e` then fails to parse).
        i += s[i + 1] === "+" || s[i + 1] === "-" ? 2 : 1
        digits(false)
      }
    }
    const bad = this.bracketOpen >= 0 ? "bad duration syntax" : "bad number or duration syntax"
    if (i < s.length && isAlnum(s.charCodeAt(i))) return this.lexNumberWithLetters(start, i, bad)
    const text = s.slice(start, i)
    this.pos = i
    if (allDigits(text) && (text.length === 1 || text.charCodeAt(0) !== 48)) {
      // Fast path for plain decimal integers, by far the most common number.
      this.emit("NUMBER", start, i, text, Number(text))
      return undefined
    }
    const value = parseNumber(text)
    if (typeof value === "string") return [start, value]
    this.emit("NUMBER", start, i, text, value)
    return undefined
  }

  /**
   * A number that runs into letters: a duration (`5m`, `1h30m`) when it is an integer followed by
   * unit groups, else malformed. The quoted text follows Prometheus: the number alone (`"5"` for
   * `5M`), or the duration plus the first character that cannot continue it (`"5ma"`).
   */
  lexNumberWithLetters(start: number, numberEnd: number, bad: string): [number, string] | undefined {
    const s = this.input
    const numberText = s.slice(start, numberEnd)
    if (/^[0-9][0-9_]*$/.test(numberText) && "smhdwy".includes(s[numberEnd])) {
      durationGroup.lastIndex = start
      let end = start
      while (durationGroup.exec(s) !== null) end = durationGroup.lastIndex
      this.pos = end
      if (end < s.length && isAlnum(s.charCodeAt(end))) return [start, `${bad}: "${s.slice(start, end + 1)}"`]
      const text = s.slice(start, end)
      const seconds = durationShape.test(text) ? durationSeconds(text) : undefined
      if (seconds === undefined) return [start, `not a valid duration string: "${text}"`]
      this.emit("DURATION", start, end, text, seconds)
      return undefined
    }
    if (/^[0-9][0-9_]*\.[0-9_]*$/.test(numberText) && "smhdwy".includes(s[numberEnd])) {
      let end = numberEnd
      while (end < s.length && isAlnum(s.charCodeAt(end))) end++
      return [start, `not a valid duration string: "${s.slice(start, end)}"`]
    }
    return [start, `${bad}: "${numberText}"`]
  }

  lexString(): [number, string] | undefined {
    const s = this.input
    const start = this.pos
    const quote = s[start]
    if (quote === "`") {
      const close = s.indexOf("`", start + 1)
      if (close < 0) return [start, "unterminated raw string"]
      this.pos = close + 1
      this.emit("STRING", start, this.pos, s.slice(start, this.pos), 0, s.slice(start + 1, close))
      return undefined
    }
    const decoded = decodeQuoted(s, start + 1, quote)
    if (typeof decoded === "string") return [start, decoded]
    this.pos = decoded.end
    this.emit("STRING", start, this.pos, s.slice(start, this.pos), 0, decoded.value)
    return undefined
  }
}

const byteOffsets = (s: string): Uint32Array => {
  const out = new Uint32Array(s.length + 1)
  let b = 0
  for (let i = 0; i < s.length; i++) {
    out[i] = b
    const c = s.charCodeAt(i)
    if (c < 0x80) b += 1
    else if (c < 0x800) b += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      b += 4
      out[++i] = b
    } else b += 3
  }
  out[s.length] = b
  return out
}
