/**
 * PromQL parser: a Pratt parser over the lexer's tokens that builds the AST of ast.ts and type
 * checks each node as it is built (so no second recursive pass over deep trees). Errors are values
 * with Prometheus's wording and positions. Left-associative chains are loops, so `1+1+…` costs
 * linear time; nesting (parentheses, calls, unary operators, `^`) is capped by `maxDepth`.
 * This file holds expressions and operators; selectors, durations and the token cursor sit in
 * parse-selectors.ts, parse-durations.ts and token-stream.ts. Evaluation and storage are not here.
 */
import type { AggregateOp, BinaryExpr, BinaryOp, Call, Expr, VectorMatching } from "./ast.ts"
import { isSetOperator } from "./ast.ts"
import { aggregateOps, experimentalAggregateOps, functions } from "./functions.ts"
import { goQuote } from "./go-quote.ts"
import type { Token } from "./lexer.ts"
import { makeParseError, type ParseError } from "./parse-error.ts"
import type { ParseOptions } from "./parse-options.ts"
import { SelectorParser } from "./parse-selectors.ts"
import { precedence, range, unaryPrecedence } from "./token-stream.ts"
import {
  aggregateNode,
  checkAggregate,
  checkBinary,
  checkCall,
  checkUnary,
  Failure,
  typeOf
} from "./type-check.ts"

export { allFeatures, maxDepthDefault, type ParseOptions } from "./parse-options.ts"
export type { ParseError }
export { typeOf }

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
    if (e instanceof RangeError && /call stack/i.test(e.message) && parser.depth > 50) {
      const pos = range(0, 0)
      return {
        ok: false,
        error: makeParseError(query, pos, "expression is nested too deeply: out of stack space")
      }
    }
    throw e
  }
}

/**
 * A lone series selector, as the HTTP API reads `match[]`: `name{…}`, `{…}` or a name, and nothing
 * after it (`sum(up)` fails at `(`). Matchers that all match the empty string are allowed here;
 * each endpoint decides whether to reject them.
 */
export const parseMetricSelector = (input: string): ParseResult => {
  const parser = new Parser(input, {})
  try {
    return { ok: true, expr: parser.parseMetricSelector() }
  } catch (e) {
    if (e instanceof Failure) return { ok: false, error: makeParseError(input, e.pos, e.message) }
    throw e
  }
}

const cannotStartExpr = new Set(["bool", "on", "ignoring", "group_left", "group_right"])
/** Keywords that may name a metric but never a function: `by(` is the metric `by`, then `(`. */
const notFunctions = new Set(["by", "without", "offset"])

class Parser extends SelectorParser {
  parseQuery(): Expr {
    const expr = this.parseExpr(0)
    const t = this.peek()
    if (t.kind !== "EOF") this.unexpected(t)
    if (this.typeError !== undefined) throw this.typeError
    return expr
  }

  parseMetricSelector(): Expr {
    const t = this.peek()
    let sel: Expr
    if (t.kind === "{") sel = this.parseSelector(undefined, t.start, true)
    else if (t.kind === "IDENT" || t.kind === "and" || t.kind === "or" || t.kind === "unless") {
      this.next()
      sel = this.parseSelector(t.text, t.start, true)
    } else return this.unexpected(t)
    const after = this.peek()
    if (after.kind !== "EOF") this.unexpected(after)
    return sel
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
      this.leave()
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
    return this.deferred(node, () =>
      checkBinary(node, range(opTok.start, opTok.end), grouped && !isSetOperator(op))
    )
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

  parseUnary(): Expr {
    const t = this.peek()
    if (t.kind !== "-" && t.kind !== "+") return this.parsePostfix()
    this.next()
    this.enter(t)
    const operand = this.parseExpr(unaryPrecedence - 1)
    this.leave()
    const unchecked: Expr = {
      kind: "UnaryExpr",
      op: t.kind,
      expr: operand,
      type: "vector",
      pos: range(t.start, operand.pos.end)
    }
    return this.deferred(unchecked, () => checkUnary(t.kind as "-" | "+", operand, t.start))
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
        this.leave()
        const close = this.expect(")")
        return { kind: "ParenExpr", expr: inner, type: typeOf(inner), pos: range(t.start, close.end) }
      }
      case "{":
        return this.parseSelector(undefined, t.start)
      case "IDENT":
        return this.parseIdentifier(t)
      case "and":
      case "or":
      case "unless":
        // Where an operand is expected, Prometheus reads these words as metric names.
        this.next()
        return this.parseSelector(t.text, t.start)
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
    if (after.kind === "(" && !notFunctions.has(lower)) return this.parseCall(t)
    this.next()
    return this.parseSelector(t.text, t.start)
  }

  /** The name is looked up once the arguments are read, as Prometheus's grammar action does. */
  parseCall(nameTok: Token): Expr {
    const name = nameTok.text
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
    this.leave()
    const pos = range(nameTok.start, close.end)
    const sig = functions.get(name)
    if (sig === undefined) this.fail(pos, `unknown function with name ${goQuote(name)}`)
    if (sig.experimental && !this.opts.experimentalFunctions)
      this.fail(pos, `function ${goQuote(name)} is not enabled`)
    const node: Call = { kind: "Call", func: name, args, pos }
    return this.deferred(node, () => checkCall(node, sig))
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
    this.leave()
    let end = close.end
    if (!hasGrouping && (this.isIdent(this.peek(), "by") || this.isIdent(this.peek(), "without"))) {
      readGrouping()
      end = this.prevEnd
    }
    const node = aggregateNode(op, args, { grouping, without, hasGrouping }, range(opTok.start, end))
    return this.deferred(node, () => checkAggregate(node))
  }
}
