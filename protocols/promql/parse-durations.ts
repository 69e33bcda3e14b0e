/**
 * Duration expressions as the parser reads them: full arithmetic inside `[…]`, one signed term or
 * a parenthesised expression after `offset`, and the `@` timestamp. Constant expressions are folded
 * here; `step()` and `range()` are left for the engine (duration-expr.ts).
 */
import type { AtModifier, DurationExpr, PosRange, TimeValue } from "./ast.ts"
import { durationMs, secondsToMs, usesQueryTiming } from "./duration-expr.ts"
import { goQuote } from "./go-quote.ts"
import type { Token } from "./lexer.ts"
import { precedence, range, TokenStream, unaryPrecedence } from "./token-stream.ts"

const durationFunctions = new Set(["step", "range", "min_of", "max_of"])

/** `offset -5m` is a literal -5m, not an expression (matters only for printing). */
const foldSign = (e: DurationExpr): DurationExpr =>
  e.kind === "DurationUnary" && e.expr.kind === "DurationLiteral"
    ? { ...e.expr, seconds: e.op === "-" ? -e.expr.seconds : e.expr.seconds, pos: e.pos }
    : e

export class DurationParser extends TokenStream {
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
      this.leave()
      lhs = { kind: "DurationBinary", op: t.kind as "+", lhs, rhs, pos: range(lhs.pos.start, rhs.pos.end) }
    }
  }

  parseDurationUnary(context: string): DurationExpr {
    const t = this.peek()
    if (t.kind === "-" || t.kind === "+") {
      this.next()
      this.enter(t)
      const operand = this.parseDurationExpr(unaryPrecedence - 1, context)
      this.leave()
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
      this.leave()
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
      this.leave()
    }
    const close = this.expect(")", context, '")"')
    return { kind: "DurationCall", name: name as "step", args, pos: range(t.start, close.end) }
  }

  /** After `offset`: a parenthesised expression or one signed literal or duration function. */
  parseOffsetValue(): { value: TimeValue; end: number } {
    const t = this.peek()
    let value: DurationExpr
    if (t.kind === "-" || t.kind === "+") {
      this.next()
      const operand = this.parseDurationPrimary("offset")
      value = { kind: "DurationUnary", op: t.kind, expr: operand, pos: range(t.start, operand.pos.end) }
    } else value = this.parseDurationPrimary("offset")
    const tv = this.timeValue(foldSign(value))
    if (tv.ms === 0 && value.kind === "DurationLiteral" && value.duration) {
      this.fail(value.pos, "duration must be greater than 0")
    }
    return { value: tv, end: value.pos.end }
  }

  /** After `@`: `start()`, `end()` or a signed number or duration; `exprStart` positions range errors. */
  parseAtValue(exprStart: number): { value: AtModifier; end: number } {
    const ctx = "@"
    const t = this.peek()
    if (this.isIdent(t, "start") || this.isIdent(t, "end")) {
      this.next()
      this.expect("(", ctx, "timestamp")
      const close = this.expect(")", ctx, "timestamp")
      return { value: { kind: this.isIdent(t, "start") ? "start" : "end" }, end: close.end }
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
    const ms = secondsToMs(seconds)
    if (!Number.isFinite(seconds) || Math.abs(ms) >= 2 ** 63) {
      const shown = Number.isNaN(seconds) ? "NaN" : seconds > 0 ? "+Inf" : "-Inf"
      this.fail(range(exprStart, v.end), `timestamp out of bounds for @ modifier: ${shown}`)
    }
    return { value: { kind: "timestamp", ms }, end: v.end }
  }
}
