/**
 * The token cursor every part of the PromQL parser stands on: look-ahead, Prometheus's
 * `unexpected … in …, expected …` messages, and the nesting-depth cap. It builds no nodes.
 */
import type { PosRange } from "./ast.ts"
import { aggregateOps } from "./functions.ts"
import { goQuote } from "./go-quote.ts"
import { Lexer, type Token, type TokenKind } from "./lexer.ts"
import { maxDepthDefault, type ParseOptions } from "./parse-options.ts"
import { Failure } from "./type-check.ts"

/** Binary operator precedence, loosest first (Prometheus's table; `^` is right-associative). */
export const precedence: Partial<Record<TokenKind, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  "==": 3,
  "!=": 3,
  ">": 3,
  "<": 3,
  ">=": 3,
  "<=": 3,
  "</": 3,
  ">/": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  atan2: 5,
  "^": 6
}
/** Unary minus and plus bind like `*`: `-2^2` is `-(2^2)`, `-a*b` is `(-a)*b`. */
export const unaryPrecedence = 6

const keywords = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"])

/** How Prometheus names a token in `unexpected …` messages. */
export const describe = (t: Token, context?: string): string => {
  switch (t.kind) {
    case "EOF":
      return "end of input"
    case "IDENT": {
      const lower = t.text.toLowerCase()
      // Inside braces every word is a label name; Prometheus's lexer has no keywords there.
      if (context === "label matching") return `identifier ${goQuote(t.text)}`
      if (keywords.has(lower)) return `<${lower}>`
      if (aggregateOps.has(lower)) return `<aggr:${lower}>`
      return `identifier ${goQuote(t.text)}`
    }
    case "NUMBER":
      return `number ${goQuote(t.text)}`
    case "DURATION":
      return `duration ${goQuote(t.text)}`
    case "STRING":
      return `string ${goQuote(t.text)}`
    case "(":
    case ")":
    case "{":
    case "}":
    case "[":
    case "]":
    case ",":
    case ":":
    case "=":
    case "@":
      return `"${t.kind}"`
    default:
      return `<op:${t.kind}>`
  }
}

export const range = (start: number, end: number): PosRange => ({ start, end })

export class TokenStream {
  readonly query: string
  readonly lexer: Lexer
  readonly opts: ParseOptions
  readonly maxDepth: number
  /** Look-ahead, at most two tokens. */
  readonly ahead: Token[] = []
  /** End offset of the last consumed token. */
  prevEnd = 0
  depth = 0
  /** The first type error; reported only if the whole query is syntactically valid. */
  typeError: Failure | undefined

  constructor(query: string, opts: ParseOptions) {
    this.query = query
    this.lexer = new Lexer(query)
    this.opts = opts
    this.maxDepth = opts.maxDepth ?? maxDepthDefault
  }

  peek(offset = 0): Token {
    while (this.ahead.length <= offset) this.ahead.push(this.lexer.next())
    return this.ahead[offset]
  }

  next(): Token {
    const t = this.peek()
    if (t.kind !== "EOF" && t.kind !== "ERROR") {
      this.ahead.shift()
      this.prevEnd = t.end
    }
    return t
  }

  isIdent(t: Token, word: string): boolean {
    return t.kind === "IDENT" && t.text.toLowerCase() === word
  }

  fail(pos: PosRange, message: string): never {
    throw new Failure(pos, message)
  }

  /** `unexpected <token>[ in <context>][, expected <what>]`; a lexer error wins over the parser's words. */
  unexpected(t: Token, context?: string, expected?: string): never {
    if (t.kind === "ERROR") this.fail(range(t.start, t.end), t.text)
    let msg = `unexpected ${describe(t, context)}`
    if (context !== undefined) msg += ` in ${context}`
    if (expected !== undefined) msg += `, expected ${expected}`
    this.fail(range(t.start, t.end), msg)
  }

  expect(kind: TokenKind, context?: string, expected?: string): Token {
    const t = this.peek()
    if (t.kind !== kind) this.unexpected(t, context, expected)
    return this.next()
  }

  enter(t: Token): void {
    if (++this.depth > this.maxDepth) {
      this.fail(
        range(t.start, t.end),
        `expression is nested too deeply: the limit is ${this.maxDepth} levels`
      )
    }
  }

  /** Runs a type check; on failure keeps the first error for later and goes on with `unchecked`. */
  deferred<T>(unchecked: T, check: () => T): T {
    try {
      return check()
    } catch (e) {
      if (!(e instanceof Failure)) throw e
      this.typeError ??= e
      return unchecked
    }
  }

  /** Pairs with `enter` when a nested construct is done. */
  leave(): void {
    this.depth--
  }
}
