/**
 * Selector syntax: `name{matchers}`, quoted UTF-8 names, `[range]` and `[range:step]`, and the
 * modifiers that follow a selector or subquery (`offset`, `@`, `anchored`, `smoothed`), with
 * Prometheus's rules on where each may appear. Label lists of `by (…)` / `on (…)` live here too.
 */
import type { Expr, LabelMatcher, MatchType, SubqueryExpr, TimeValue, VectorSelector } from "./ast.ts"
import { goQuote } from "./go-quote.ts"
import type { Token } from "./lexer.ts"
import { checkMatcherRegex, checkMatchers } from "./matchers.ts"
import { DurationParser } from "./parse-durations.ts"
import { range } from "./token-stream.ts"
import { checkSubquery } from "./type-check.ts"

/** Words the lexer makes operators (`and`, `or`, …) are still valid label names in lists. */
const isWordOperator = (t: Token): boolean =>
  t.kind === "and" || t.kind === "or" || t.kind === "unless" || t.kind === "atan2"

export class SelectorParser extends DurationParser {
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

  parseSelector(name: string | undefined, start: number, allowEmpty = false): VectorSelector {
    const matchers: LabelMatcher[] = []
    let end = name === undefined ? start : this.prevEnd
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
    return this.deferred(node, () => checkSubquery(node))
  }

  parseOffset(expr: Expr): Expr {
    this.next()
    const { value, end } = this.parseOffsetValue()
    return this.setModifier(expr, "offset", value, end)
  }

  parseAt(expr: Expr): Expr {
    this.next()
    const { value, end } = this.parseAtValue(expr.pos.start)
    return this.setModifier(expr, "at", value, end)
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
}
