/**
 * PromQL parser: a Pratt parser over the lexer's tokens that builds the AST of ast.ts and type
 * checks each node as it is built (so no second recursive pass over deep trees). Errors are values
 * with Prometheus's wording and positions. Left-associative chains are loops, so `1+1+…` costs
 * linear time; nesting (parentheses, calls, unary operators, `^`) is capped by `maxDepth`.
 * Evaluation, regex matching and storage are not here.
 */
import type {
  AggregateExpr,
  AggregateOp,
  BinaryExpr,
  BinaryOp,
  Call,
  DurationExpr,
  Expr,
  LabelMatcher,
  MatchType,
  PosRange,
  SubqueryExpr,
  TimeValue,
  VectorMatching,
  VectorSelector
} from "./ast.ts"
import { isSetOperator } from "./ast.ts"
import { durationMs, usesQueryTiming } from "./duration-expr.ts"
import { aggregateOps, experimentalAggregateOps, functions } from "./functions.ts"
import { goQuote } from "./go-quote.ts"
import { type Token, type TokenKind, tokenize } from "./lexer.ts"
import { checkMatcherRegex, checkMatchers } from "./matchers.ts"
import { makeParseError, type ParseError } from "./parse-error.ts"
import {
  checkAggregate,
  checkBinary,
  checkCall,
  checkSubquery,
  checkUnary,
  Failure,
  typeOf
} from "./type-check.ts"

export interface ParseOptions {
  /** `--enable-feature=promql-experimental-functions`: experimental functions, `limitk`, `limit_ratio`. */
  readonly experimentalFunctions?: boolean
  /** `--enable-feature=promql-extended-range-selectors`: the `anchored` and `smoothed` modifiers. */
  readonly extendedRangeSelectors?: boolean
  /** `--enable-feature=promql-binop-fill-modifiers`: `fill()`, `fill_left()`, `fill_right()`. */
  readonly binopFillModifiers?: boolean
  /** Deepest nesting of parentheses, calls, unary operators and `^` chains; default `maxDepthDefault`. */
  readonly maxDepth?: number
}

/** Every flag on, as the Prometheus test suite runs. */
export const allFeatures: ParseOptions = {
  experimentalFunctions: true,
  extendedRangeSelectors: true,
  binopFillModifiers: true
}

export const maxDepthDefault = 1000

export type ParseResult =
  | { readonly ok: true; readonly expr: Expr }
  | { readonly ok: false; readonly error: ParseError }

/** Parses one PromQL expression. */
export const parse = (query: string, options: ParseOptions = {}): ParseResult => {
  const parser = new Parser(query, options)
  try {
    return { ok: true, expr: parser.parseQuery() }
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: makeParseError(query, e.pos, e.message) }
    // Safety net when the caller's own stack leaves less room than maxDepth assumes.
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      const pos = range(0, 0)
      return {
        ok: false,
        error: makeParseError(query, pos, "expression is nested too deeply: out of stack space")
      }
    }
    throw e
  }
}

const precedence: Partial<Record<TokenKind, number>> = {
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
const unaryPrecedence = 6

const keywords = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset"])
const cannotStartExpr = new Set(["bool", "on", "ignoring", "group_left", "group_right"])
const durationFunctions = new Set(["step", "range", "min_of", "max_of"])

const describe = (t: Token): string => {
  switch (t.kind) {
    case "EOF":
      return "end of input"
    case "IDENT": {
      const lower = t.text.toLowerCase()
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

const range = (start: number, end: number): PosRange => ({ start, end })

class Parser {
  readonly query: string
  readonly tokens: Token[]
  readonly opts: ParseOptions
  readonly maxDepth: number
  i = 0
  depth = 0

  constructor(query: string, opts: ParseOptions) {
    this.query = query
    this.tokens = tokenize(query)
    this.opts = opts
    this.maxDepth = opts.maxDepth ?? maxDepthDefault
  }

  // ---- token helpers ----

  peek(offset = 0): Token {
    const t = this.tokens[this.i + offset]
    return t ?? this.tokens[this.tokens.length - 1]
  }

  next(): Token {
    const t = this.peek()
    if (t.kind !== "EOF" && t.kind !== "ERROR") this.i++
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
    let msg = `unexpected ${describe(t)}`
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

  // ---- expressions ----

  parseQuery(): Expr {
    const expr = this.parseExpr(0)
    const t = this.peek()
    if (t.kind !== "EOF") this.unexpected(t)
    return expr
  }

  /** Operators binding tighter than `minPrec`; a left-associative run is one loop. */
  parseExpr(minPrec: number): Expr {
    let lhs = this.parseUnary()
    while (true) {
      const opTok = this.peek()
      const prec = precedence[opTok.kind]
      if (prec === undefined || prec <= minPrec) return lhs
      this.next()
      lhs = this.parseBinaryRest(lhs, opTok, prec)
    }
  }

  parseBinaryRest(lhs: Expr, opTok: Token, prec: number): Expr {
    const op = opTok.kind as BinaryOp
    let returnBool = false
    if (this.isIdent(this.peek(), "bool")) {
      this.next()
      returnBool = true
    }
    const matching = this.parseVectorMatching(op)
    let rhs: Expr
    if (op === "^") {
      // Right-associative: recursion, so it counts towards the depth cap.
      this.enter(opTok)
      rhs = this.parseExpr(prec - 1)
      this.depth--
    } else {
      rhs = this.parseExpr(prec)
    }
    const node: BinaryExpr = {
      kind: "BinaryExpr",
      op,
      lhs,
      rhs,
      returnBool,
      type: typeOf(lhs) === "scalar" && typeOf(rhs) === "scalar" ? "scalar" : "vector",
      matching,
      pos: range(lhs.pos.start, rhs.pos.end)
    }
    const grouped =
      matching !== undefined && (matching.matchingLabels.length > 0 || matching.card !== "one-to-one")
    return checkBinary(node, range(opTok.start, opTok.end), grouped && !isSetOperator(op))
  }

  parseVectorMatching(op: BinaryOp): VectorMatching | undefined {
    let t = this.peek()
    let on = false
    let explicit = false
    let matchingLabels: string[] = []
    let card: VectorMatching["card"] = isSetOperator(op) ? "many-to-many" : "one-to-one"
    let include: string[] = []
    let any = false
    if (this.isIdent(t, "on") || this.isIdent(t, "ignoring")) {
      on = this.isIdent(t, "on")
      explicit = true
      any = true
      this.next()
      matchingLabels = this.parseLabelList()
      t = this.peek()
    }
    if (explicit && (this.isIdent(t, "group_left") || this.isIdent(t, "group_right"))) {
      card = this.isIdent(t, "group_left") ? "many-to-one" : "one-to-many"
      any = true
      this.next()
      if (this.peek().kind === "(") include = this.parseLabelList()
    }
    const fill = this.parseFill()
    if (!any && fill === undefined) return undefined
    return { card, matchingLabels, on, explicit, include, ...fill }
  }

  parseFill(): { fillLeft?: number; fillRight?: number } | undefined {
    let out: { fillLeft?: number; fillRight?: number } | undefined
    while (true) {
      const t = this.peek()
      const word = t.kind === "IDENT" ? t.text.toLowerCase() : ""
      if ((word !== "fill" && word !== "fill_left" && word !== "fill_right") || this.peek(1).kind !== "(")
        return out
      if (!this.opts.binopFillModifiers) {
        this.fail(
          range(t.start, t.end),
          "fill modifiers are experimental and must be enabled with --enable-feature=promql-binop-fill-modifiers"
        )
      }
      this.next()
      this.next()
      let sign = 1
      while (this.peek().kind === "-" || this.peek().kind === "+") if (this.next().kind === "-") sign = -sign
      const v = this.peek()
      if (v.kind !== "NUMBER") this.unexpected(v, "fill modifier", "number")
      this.next()
      this.expect(")", "fill modifier", '")"')
      out ??= {}
      if (word !== "fill_right") out.fillLeft = sign * v.value
      if (word !== "fill_left") out.fillRight = sign * v.value
    }
  }

  /** `( label, label, … )` with an optional trailing comma; labels may be quoted (UTF-8 names). */
  parseLabelList(): string[] {
    const open = this.peek()
    if (open.kind !== "(") this.unexpected(open, "grouping opts", '"("')
    this.next()
    const labels: string[] = []
    while (true) {
      let t = this.peek()
      if (t.kind === ")") break
      if (t.kind !== "IDENT" && t.kind !== "STRING" && !isWordOperator(t))
        this.unexpected(t, "grouping opts", "label")
      this.next()
      labels.push(t.kind === "STRING" ? t.str : t.text)
      t = this.peek()
      if (t.kind === ",") {
        this.next()
        continue
      }
      if (t.kind !== ")") this.unexpected(t, "grouping opts", '"," or ")"')
    }
    this.next()
    return labels
  }

  parseUnary(): Expr {
    const t = this.peek()
    if (t.kind !== "-" && t.kind !== "+") return this.parsePostfix()
    this.next()
    this.enter(t)
    const operand = this.parseExpr(unaryPrecedence - 1)
    this.depth--
    return checkUnary(t.kind, operand, t.start)
  }

  /** A primary followed by `[…]`, `offset`, `@`, `anchored`, `smoothed`. */
  parsePostfix(): Expr {
    let expr = this.parsePrimary()
    while (true) {
      const t = this.peek()
      if (t.kind === "[") expr = this.parseRange(expr)
      else if (t.kind === "@") expr = this.parseAt(expr)
      else if (this.isIdent(t, "offset")) expr = this.parseOffset(expr)
      else if (this.isIdent(t, "anchored") || this.isIdent(t, "smoothed")) expr = this.parseExtended(expr)
      else return expr
    }
  }

  parsePrimary(): Expr {
    const t = this.peek()
    switch (t.kind) {
      case "NUMBER":
      case "DURATION":
        this.next()
        return {
          kind: "NumberLiteral",
          value: t.value,
          duration: t.kind === "DURATION",
          pos: range(t.start, t.end)
        }
      case "STRING":
        this.next()
        return { kind: "StringLiteral", value: t.str, pos: range(t.start, t.end) }
      case "(": {
        this.next()
        this.enter(t)
        const inner = this.parseExpr(0)
        this.depth--
        const close = this.expect(")")
        return { kind: "ParenExpr", expr: inner, type: typeOf(inner), pos: range(t.start, close.end) }
      }
      case "{":
        return this.parseSelector(undefined, t.start)
      case "IDENT":
        return this.parseIdentifier(t)
      default:
        return this.unexpected(t)
    }
  }

  parseIdentifier(t: Token): Expr {
    const lower = t.text.toLowerCase()
    const after = this.peek(1)
    if (cannotStartExpr.has(lower)) this.unexpected(t)
    if (
      aggregateOps.has(lower) &&
      (after.kind === "(" || this.isIdent(after, "by") || this.isIdent(after, "without"))
    ) {
      return this.parseAggregate(lower as AggregateOp)
    }
    if (after.kind === "(") return this.parseCall(t)
    this.next()
    return this.parseSelector(t.text, t.start)
  }

  // ---- selectors ----

  parseSelector(name: string | undefined, start: number, allowEmpty = false): VectorSelector {
    const matchers: LabelMatcher[] = []
    let end = this.tokens[this.i - 1]?.end ?? start
    let metricName = name
    if (name !== undefined) matchers.push({ type: "=", name: "__name__", value: name })
    if (this.peek().kind === "{") {
      this.next()
      end = this.parseMatchers(matchers, (quoted) => {
        if (metricName !== undefined) {
          this.fail(
            range(start, start),
            `metric name must not be set twice: ${goQuote(metricName)} or ${goQuote(quoted)}`
          )
        }
        metricName = quoted
      })
    }
    const pos = range(start, end)
    if (name !== undefined) {
      const clash = matchers.find((m, i) => i > 0 && m.name === "__name__")
      if (clash !== undefined)
        this.fail(pos, `metric name must not be set twice: ${goQuote(name)} or ${goQuote(clash.value)}`)
    }
    if (!allowEmpty) checkMatchers(matchers, pos)
    return { kind: "VectorSelector", name: metricName, matchers, pos, anchored: false, smoothed: false }
  }

  /** After `{`: matchers up to and including `}`; returns the end offset. */
  parseMatchers(into: LabelMatcher[], onQuotedName: (name: string) => void): number {
    const ctx = "label matching"
    while (true) {
      const t = this.peek()
      if (t.kind === "}") return this.next().end
      if (t.kind !== "IDENT" && t.kind !== "STRING") this.unexpected(t, ctx, 'identifier or "}"')
      this.next()
      const op = this.peek()
      if (t.kind === "STRING" && (op.kind === "," || op.kind === "}")) {
        onQuotedName(t.str)
        into.splice(0, 0, { type: "=", name: "__name__", value: t.str })
      } else {
        if (op.kind !== "=" && op.kind !== "!=" && op.kind !== "=~" && op.kind !== "!~") {
          this.unexpected(op, ctx, "label matching operator")
        }
        this.next()
        const value = this.peek()
        if (value.kind !== "STRING") this.unexpected(value, ctx, "string")
        this.next()
        const name = t.kind === "STRING" ? t.str : t.text
        const matcher: LabelMatcher = { type: op.kind as MatchType, name, value: value.str }
        checkMatcherRegex(matcher, range(t.start, value.end))
        into.push(matcher)
      }
      const sep = this.peek()
      if (sep.kind === ",") this.next()
      else if (sep.kind !== "}") this.unexpected(sep, ctx, '"," or "}"')
    }
  }

  parseRange(expr: Expr): Expr {
    const open = this.next()
    const rangeValue = this.parseTimeValue("range")
    if (this.peek().kind === "]") {
      const close = this.next()
      const where = range(open.start, close.end)
      if (expr.kind !== "VectorSelector") this.fail(where, "ranges only allowed for vector selectors")
      if (expr.offset !== undefined) this.fail(where, "no offset modifiers allowed before range")
      if (expr.at !== undefined) this.fail(where, "no @ modifiers allowed before range")
      if (expr.anchored || expr.smoothed)
        this.fail(where, "no anchored or smoothed modifiers allowed before range")
      this.positive(rangeValue.value, rangeValue.pos)
      return {
        kind: "MatrixSelector",
        vector: expr,
        range: rangeValue.value,
        pos: range(expr.pos.start, close.end)
      }
    }
    if (this.peek().kind !== ":") this.unexpected(this.peek(), "range", '":" or "]"')
    this.next()
    let step: TimeValue | undefined
    if (this.peek().kind !== "]") {
      const s = this.parseTimeValue("subquery step")
      this.positive(s.value, s.pos)
      step = s.value
    }
    const close = this.expect("]", "subquery selector", '"]"')
    this.positive(rangeValue.value, rangeValue.pos)
    const node: SubqueryExpr = {
      kind: "SubqueryExpr",
      expr,
      range: rangeValue.value,
      step,
      pos: range(expr.pos.start, close.end),
      anchored: false,
      smoothed: false
    }
    return checkSubquery(node)
  }

  positive(v: TimeValue, pos: PosRange): void {
    if (v.ms !== undefined && v.ms <= 0) this.fail(pos, "duration must be greater than 0")
  }

  /** A duration expression inside `[...]`: full arithmetic. */
  parseTimeValue(context: string): { value: TimeValue; pos: PosRange } {
    const expr = this.parseDurationExpr(0, context)
    return { value: this.timeValue(expr), pos: expr.pos }
  }

  timeValue(expr: DurationExpr): TimeValue {
    const ms = usesQueryTiming(expr) ? undefined : durationMs(expr, { stepMs: 0, rangeMs: 0 })
    return expr.kind === "DurationLiteral" ? { ms } : { ms, expr }
  }

  parseDurationExpr(minPrec: number, context: string): DurationExpr {
    let lhs = this.parseDurationUnary(context)
    while (true) {
      const t = this.peek()
      const prec = precedence[t.kind]
      const arithmetic =
        t.kind === "+" ||
        t.kind === "-" ||
        t.kind === "*" ||
        t.kind === "/" ||
        t.kind === "%" ||
        t.kind === "^"
      if (!arithmetic || prec === undefined || prec <= minPrec) return lhs
      this.next()
      this.enter(t)
      const rhs = this.parseDurationExpr(t.kind === "^" ? prec - 1 : prec, context)
      this.depth--
      lhs = { kind: "DurationBinary", op: t.kind as "+", lhs, rhs, pos: range(lhs.pos.start, rhs.pos.end) }
    }
  }

  parseDurationUnary(context: string): DurationExpr {
    const t = this.peek()
    if (t.kind === "-" || t.kind === "+") {
      this.next()
      this.enter(t)
      const operand = this.parseDurationExpr(unaryPrecedence - 1, context)
      this.depth--
      return { kind: "DurationUnary", op: t.kind, expr: operand, pos: range(t.start, operand.pos.end) }
    }
    return this.parseDurationPrimary(context)
  }

  parseDurationPrimary(context: string): DurationExpr {
    const t = this.peek()
    if (t.kind === "NUMBER" || t.kind === "DURATION") {
      this.next()
      return {
        kind: "DurationLiteral",
        seconds: t.value,
        duration: t.kind === "DURATION",
        pos: range(t.start, t.end)
      }
    }
    if (t.kind === "(") {
      this.next()
      this.enter(t)
      const inner = this.parseDurationExpr(0, context)
      this.depth--
      const close = this.expect(")", context, '")"')
      return { kind: "DurationParen", expr: inner, pos: range(t.start, close.end) }
    }
    const name = t.kind === "IDENT" ? t.text.toLowerCase() : ""
    if (durationFunctions.has(name) && this.peek(1).kind === "(")
      return this.parseDurationCall(t, name, context)
    return this.unexpected(t, context, "duration")
  }

  parseDurationCall(t: Token, name: string, context: string): DurationExpr {
    if (!this.opts.experimentalFunctions)
      this.fail(range(t.start, t.end), `function ${goQuote(name)} is not enabled`)
    this.next()
    this.next()
    const args: DurationExpr[] = []
    const arity = name === "min_of" || name === "max_of" ? 2 : 0
    for (let k = 0; k < arity; k++) {
      if (k > 0) this.expect(",", context, '","')
      this.enter(t)
      args.push(this.parseDurationExpr(0, context))
      this.depth--
    }
    const close = this.expect(")", context, '")"')
    return { kind: "DurationCall", name: name as "step", args, pos: range(t.start, close.end) }
  }

  /** After `offset`: a parenthesised expression or one signed literal or duration function. */
  parseOffset(expr: Expr): Expr {
    this.next()
    const t = this.peek()
    let value: DurationExpr
    if (t.kind === "(") value = this.parseDurationPrimary("offset")
    else if (t.kind === "-" || t.kind === "+") {
      this.next()
      const operand = this.parseDurationPrimary("offset")
      value = { kind: "DurationUnary", op: t.kind, expr: operand, pos: range(t.start, operand.pos.end) }
    } else value = this.parseDurationPrimary("offset")
    const tv = this.timeValue(foldSign(value))
    if (tv.ms === 0 && value.kind === "DurationLiteral" && value.duration) {
      this.fail(value.pos, "duration must be greater than 0")
    }
    return this.setModifier(expr, "offset", tv, value.pos.end)
  }

  parseAt(expr: Expr): Expr {
    this.next()
    const ctx = "@"
    const t = this.peek()
    if (this.isIdent(t, "start") || this.isIdent(t, "end")) {
      this.next()
      this.expect("(", ctx, "timestamp")
      const close = this.expect(")", ctx, "timestamp")
      return this.setModifier(expr, "at", { kind: this.isIdent(t, "start") ? "start" : "end" }, close.end)
    }
    let sign = 1
    if (t.kind === "-" || t.kind === "+") {
      this.next()
      if (t.kind === "-") sign = -1
    }
    const v = this.peek()
    if (v.kind !== "NUMBER" && v.kind !== "DURATION") this.unexpected(v, ctx, "timestamp")
    this.next()
    const seconds = sign * v.value
    const ms = Math.round(seconds * 1000)
    if (!Number.isFinite(seconds) || Math.abs(ms) >= 2 ** 63) {
      const shown = Number.isNaN(seconds) ? "NaN" : seconds > 0 ? "+Inf" : "-Inf"
      this.fail(range(expr.pos.start, v.end), `timestamp out of bounds for @ modifier: ${shown}`)
    }
    return this.setModifier(expr, "at", { kind: "timestamp", ms }, v.end)
  }

  parseExtended(expr: Expr): Expr {
    const t = this.next()
    const which = t.text.toLowerCase() as "anchored" | "smoothed"
    if (!this.opts.extendedRangeSelectors) {
      this.fail(
        range(t.start, t.end),
        `${which} modifier is experimental and must be enabled with --enable-feature=promql-extended-range-selectors`
      )
    }
    if (expr.kind === "SubqueryExpr")
      this.fail(range(t.start, t.end), `${which} modifier is not supported for subqueries`)
    return this.setModifier(expr, which, true, t.end)
  }

  setModifier(expr: Expr, key: "offset" | "at" | "anchored" | "smoothed", value: unknown, end: number): Expr {
    const pos = range(expr.pos.start, end)
    const target = expr.kind === "MatrixSelector" ? expr.vector : expr
    if (target.kind !== "VectorSelector" && target.kind !== "SubqueryExpr") {
      const what = key === "offset" ? "offset" : key === "at" ? "@" : key
      this.fail(
        range(expr.pos.start, end),
        `${what} modifier must be preceded by an instant vector selector or range vector selector or a subquery`
      )
    }
    if (key === "offset" && target.offset !== undefined)
      this.fail(pos, "offset may not be set multiple times")
    if (key === "at" && target.at !== undefined) this.fail(pos, "@ <timestamp> may not be set multiple times")
    if ((key === "anchored" || key === "smoothed") && (target.anchored || target.smoothed)) {
      this.fail(pos, "anchored or smoothed may not be set multiple times")
    }
    const updated = { ...target, [key]: value }
    if (expr.kind === "MatrixSelector") return { ...expr, vector: updated as VectorSelector, pos }
    return { ...updated, pos } as Expr
  }

  // ---- calls and aggregations ----

  parseCall(nameTok: Token): Expr {
    const name = nameTok.text
    const sig = functions.get(name)
    const namePos = range(nameTok.start, nameTok.end)
    if (sig === undefined) this.fail(namePos, `unknown function with name ${goQuote(name)}`)
    if (sig.experimental && !this.opts.experimentalFunctions)
      this.fail(namePos, `function ${goQuote(name)} is not enabled`)
    this.next()
    const open = this.next()
    this.enter(open)
    const args: Expr[] = []
    if (this.peek().kind !== ")") {
      while (true) {
        args.push(this.parseArgument(name, args.length))
        const t = this.peek()
        if (t.kind === ")") break
        if (t.kind !== ",") this.unexpected(t)
        this.next()
        const after = this.peek().kind
        if (after === ")" || after === ",") {
          this.fail(range(t.start, t.end), "trailing commas not allowed in function call args")
        }
      }
    }
    const close = this.next()
    this.depth--
    const node: Call = { kind: "Call", func: name, args, pos: range(nameTok.start, close.end) }
    return checkCall(node, sig)
  }

  /** `info`'s second argument is a bare `{…}` that may match everything (it only names labels). */
  parseArgument(func: string, index: number): Expr {
    const t = this.peek()
    if (func !== "info" || index !== 1 || t.kind !== "{") return this.parseExpr(0)
    return this.parseSelector(undefined, t.start, true)
  }

  parseAggregate(op: AggregateOp): Expr {
    const opTok = this.next()
    if (experimentalAggregateOps.has(op) && !this.opts.experimentalFunctions) {
      this.fail(
        range(opTok.start, opTok.end),
        "limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions"
      )
    }
    let grouping: string[] = []
    let without = false
    let hasGrouping = false
    const readGrouping = () => {
      without = this.isIdent(this.next(), "without")
      hasGrouping = true
      grouping = this.parseLabelList()
    }
    if (this.peek().kind !== "(") readGrouping()
    const open = this.peek()
    if (open.kind !== "(") this.unexpected(open, "aggregation")
    this.next()
    this.enter(open)
    const args: Expr[] = []
    if (this.peek().kind === ")") {
      this.fail(range(opTok.start, this.peek().end), "no arguments for aggregate expression provided")
    }
    while (true) {
      const t = this.peek()
      if (t.kind === "," || t.kind === ")") this.unexpected(t, "aggregation")
      args.push(this.parseExpr(0))
      const sep = this.peek()
      if (sep.kind === ")") break
      if (sep.kind !== ",") this.unexpected(sep, "aggregation")
      this.next()
    }
    const close = this.next()
    this.depth--
    let end = close.end
    if (!hasGrouping && (this.isIdent(this.peek(), "by") || this.isIdent(this.peek(), "without"))) {
      readGrouping()
      end = this.tokens[this.i - 1].end
    }
    return checkAggregate(op, args, { grouping, without, hasGrouping }, range(opTok.start, end))
  }
}

/** Words the lexer makes operators (`and`, `or`, …) are still valid label names in lists. */
const isWordOperator = (t: Token): boolean =>
  t.kind === "and" || t.kind === "or" || t.kind === "unless" || t.kind === "atan2"

/** `offset -5m` is a literal -5m, not an expression (matters only for printing). */
const foldSign = (e: DurationExpr): DurationExpr =>
  e.kind === "DurationUnary" && e.expr.kind === "DurationLiteral"
    ? { ...e.expr, seconds: e.op === "-" ? -e.expr.seconds : e.expr.seconds, pos: e.pos }
    : e

export type { AggregateExpr, ParseError }
export { typeOf }
