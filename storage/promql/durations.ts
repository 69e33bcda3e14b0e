/**
 * Evaluates duration expressions (`[5m+30s]`, `offset step()`, `min_of(…)`) to milliseconds at
 * query start, with Prometheus's rules: step() is the query step, range() the query range.
 */
import { type EvalContext, QueryError } from "./engine-context.ts"
import type { DurationPlan } from "./plan.ts"

export const durationMs = (
  d: DurationPlan,
  ctx: Pick<EvalContext, "queryStartMs" | "queryEndMs" | "queryStepMs">
): number => {
  switch (d.kind) {
    case "ms":
      return d.ms
    case "step":
      return ctx.queryStepMs
    case "range":
      return ctx.queryEndMs - ctx.queryStartMs
    case "neg":
      return -durationMs(d.arg, ctx)
    case "minmax": {
      const vs = d.args.map((a) => durationMs(a, ctx))
      return d.fn === "min_of" ? Math.min(...vs) : Math.max(...vs)
    }
    case "op": {
      const a = durationMs(d.lhs, ctx) / 1000
      const b = durationMs(d.rhs, ctx) / 1000
      let r: number
      switch (d.op) {
        case "+":
          r = a + b
          break
        case "-":
          r = a - b
          break
        case "*":
          r = a * b
          break
        case "/":
          if (b === 0) throw new QueryError("execution", "division by zero")
          r = a / b
          break
        case "%":
          if (b === 0) throw new QueryError("execution", "modulo by zero")
          r = a % b
          break
        case "^":
          r = a ** b
          break
      }
      return Math.round(r * 1000)
    }
  }
}
