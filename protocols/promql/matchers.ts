/**
 * Parse-time checks on label matchers: regular expressions must compile (RE2 syntax, fully
 * anchored as Prometheus anchors them), and a selector must have a matcher that does not match the
 * empty string. Matching series is the engine's and storage's work, not this module's.
 */
import { RE2JS } from "re2js"
import type { LabelMatcher, PosRange } from "./ast.ts"
import { Failure } from "./type-check.ts"

const compiled = new Map<string, RE2JS>()

/** The anchored regex of a `=~`/`!~` matcher, or the RE2 error message. */
export const compileMatcherRegex = (value: string): RE2JS | string => {
  const hit = compiled.get(value)
  if (hit !== undefined) return hit
  try {
    // Compiled once without flags so that errors read exactly like Go's (`^(?:()$`); `.` then
    // matches newlines too, as in Prometheus 3.
    RE2JS.compile(`^(?:${value})$`)
    const re = RE2JS.compile(`^(?:${value})$`, RE2JS.DOTALL)
    if (compiled.size > 1000) compiled.clear()
    compiled.set(value, re)
    return re
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** Fails with RE2's message when a regex matcher does not compile. */
export const checkMatcherRegex = (m: LabelMatcher, pos: PosRange): void => {
  if (m.type !== "=~" && m.type !== "!~") return
  const re = compileMatcherRegex(m.value)
  if (typeof re === "string") throw new Failure(pos, re)
}

export const matchesEmpty = (m: LabelMatcher): boolean => {
  switch (m.type) {
    case "=":
      return m.value === ""
    case "!=":
      return m.value !== ""
    case "=~":
    case "!~": {
      const re = compileMatcherRegex(m.value)
      const hit = typeof re === "string" ? false : re.matches("")
      return m.type === "=~" ? hit : !hit
    }
  }
}

/** Prometheus's rule: `{job=~".*"}` alone would select every series, so it is refused. */
export const checkMatchers = (matchers: ReadonlyArray<LabelMatcher>, pos: PosRange): void => {
  if (matchers.every(matchesEmpty))
    throw new Failure(pos, "vector selector must contain at least one non-empty matcher")
}
