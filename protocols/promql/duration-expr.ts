/**
 * Duration expressions (`[5m * 2]`, `offset (1h / 2)`, `[step() + 1]`): constant folding for the
 * parser and evaluation for the engine, which alone knows `step()` and `range()`. Values are seconds;
 * results are whole milliseconds.
 */
import type { DurationExpr } from "./ast.ts"

export interface DurationContext {
  /** Step of a range query; 0 for an instant query. */
  readonly stepMs: number
  /** End minus start of a range query; 0 for an instant query. */
  readonly rangeMs: number
}

/** True when the expression needs the query's step or range. */
export const usesQueryTiming = (e: DurationExpr): boolean => {
  switch (e.kind) {
    case "DurationLiteral":
      return false
    case "DurationUnary":
    case "DurationParen":
      return usesQueryTiming(e.expr)
    case "DurationBinary":
      return usesQueryTiming(e.lhs) || usesQueryTiming(e.rhs)
    case "DurationCall":
      return e.name === "step" || e.name === "range" || e.args.some(usesQueryTiming)
  }
}

/** The value in seconds; `step()` and `range()` read `ctx`. */
export const durationSeconds = (e: DurationExpr, ctx: DurationContext): number => {
  switch (e.kind) {
    case "DurationLiteral":
      return e.seconds
    case "DurationParen":
      return durationSeconds(e.expr, ctx)
    case "DurationUnary":
      return e.op === "-" ? -durationSeconds(e.expr, ctx) : durationSeconds(e.expr, ctx)
    case "DurationCall": {
      if (e.name === "step") return ctx.stepMs / 1000
      if (e.name === "range") return ctx.rangeMs / 1000
      const a = durationSeconds(e.args[0], ctx)
      const b = durationSeconds(e.args[1], ctx)
      return e.name === "min_of" ? Math.min(a, b) : Math.max(a, b)
    }
    case "DurationBinary": {
      const a = durationSeconds(e.lhs, ctx)
      const b = durationSeconds(e.rhs, ctx)
      switch (e.op) {
        case "+":
          return a + b
        case "-":
          return a - b
        case "*":
          return a * b
        case "/":
          return a / b
        case "%":
          return a % b
        case "^":
          return a ** b
      }
    }
  }
}

/** Milliseconds of float seconds, halves rounded away from zero (Go's `math.Round`). */
export const secondsToMs = (seconds: number): number => {
  const ms = Math.round(Math.abs(seconds) * 1000)
  return seconds < 0 ? -ms : ms
}

/** Whole milliseconds of the expression (Prometheus converts float seconds to a duration). */
export const durationMs = (e: DurationExpr, ctx: DurationContext): number =>
  secondsToMs(durationSeconds(e, ctx))
