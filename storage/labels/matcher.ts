/**
 * Label matchers (`=`, `!=`, `=~`, `!~`) with Prometheus's semantics: regexes are RE2 (re2js),
 * fully anchored as `^(?s:re)$` like Prometheus 3 (`.` also matches `\n`), and an absent label
 * matches as the empty string. Common regex shapes skip the regex engine. Parsing matcher text is
 * the PromQL parser's job; choosing postings from matchers is the index's.
 */
import { Schema } from "effect"
import { RE2JS } from "re2js"
import { goQuote } from "../../protocols/promql/go-quote.ts"
import { getLabel, type Labels } from "./labels.ts"
import { type FastPath, fastPathOf, foldForAscii } from "./regex-fast-path.ts"

export type MatchType = "=" | "!=" | "=~" | "!~"

/** A regex matcher whose regex does not compile; the reason is RE2's own message. */
export class InvalidMatcherError extends Schema.TaggedError<InvalidMatcherError>()("InvalidMatcherError", {
  name: Schema.String,
  value: Schema.String,
  reason: Schema.String
}) {
  override get message() {
    return `invalid regular expression ${goQuote(this.value)} in matcher for label "${this.name}": ${this.reason}`
  }
}

/** How a matcher decides, for tests and `explain`-style output. */
export type MatchStrategy = "equal" | FastPath["kind"] | "re2"

const compiled = new Map<string, RE2JS>()
const compiledMax = 1000

/** The anchored program for `re`, or RE2's error message. */
const compile = (re: string): RE2JS | string => {
  const hit = compiled.get(re)
  if (hit !== undefined) return hit
  try {
    const prog = RE2JS.compile(`^(?s:${re})$`)
    if (compiled.size >= compiledMax) compiled.clear()
    compiled.set(re, prog)
    return prog
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  }
}

/** A positive test for the regex or literal; the matcher negates it for `!=` and `!~`. */
const testerOf = (type: MatchType, value: string, fast: FastPath | undefined, prog: RE2JS | undefined) => {
  if (type === "=" || type === "!=") return (v: string) => v === value
  if (fast === undefined) return (v: string) => prog!.matches(v)
  switch (fast.kind) {
    case "all":
      return (_v: string) => true
    case "nonEmpty":
      return (v: string) => v !== ""
    case "set": {
      if (fast.values.length === 1) {
        const only = fast.values[0]
        return fast.fold
          ? (v: string) => v.length === only.length && foldForAscii(v) === only
          : (v: string) => v === only
      }
      const set = new Set(fast.values)
      return fast.fold ? (v: string) => set.has(foldForAscii(v)) : (v: string) => set.has(v)
    }
    case "prefix": {
      const lit = fast.lit
      return fast.fold
        ? (v: string) => v.length >= lit.length && foldForAscii(v.slice(0, lit.length)) === lit
        : (v: string) => v.startsWith(lit)
    }
    case "suffix": {
      const lit = fast.lit
      return fast.fold
        ? (v: string) => v.length >= lit.length && foldForAscii(v.slice(v.length - lit.length)) === lit
        : (v: string) => v.endsWith(lit)
    }
    case "contains": {
      const lit = fast.lit
      return fast.fold
        ? (v: string) => v.length >= lit.length && foldForAscii(v).includes(lit)
        : (v: string) => v.includes(lit)
    }
  }
}

export class Matcher {
  readonly type: MatchType
  readonly name: string
  readonly value: string
  /** Whether the matcher accepts "" — i.e. series that lack the label (postings logic needs it). */
  readonly matchesEmpty: boolean
  readonly strategy: MatchStrategy
  private readonly fast: FastPath | undefined
  private readonly test: (v: string) => boolean
  private readonly negate: boolean

  /** Use `makeMatcher`; this assumes a regex that compiles. */
  private constructor(
    type: MatchType,
    name: string,
    value: string,
    fast: FastPath | undefined,
    prog?: RE2JS
  ) {
    this.type = type
    this.name = name
    this.value = value
    this.fast = fast
    this.negate = type === "!=" || type === "!~"
    this.strategy = type === "=" || type === "!=" ? "equal" : fast === undefined ? "re2" : fast.kind
    this.test = testerOf(type, value, fast, prog)
    this.matchesEmpty = this.matches("")
  }

  /** Builds a matcher; a regex that does not compile comes back as an error value. */
  static make(type: MatchType, name: string, value: string): Matcher | InvalidMatcherError {
    if (type === "=" || type === "!=") return new Matcher(type, name, value, undefined)
    // Compile even when a fast path applies: validity must not depend on the shortcut.
    const prog = compile(value)
    if (typeof prog === "string") return new InvalidMatcherError({ name, value, reason: prog })
    return new Matcher(type, name, value, fastPathOf(value), prog)
  }

  /** Whether a label value (use "" for an absent label) is accepted. */
  matches(v: string): boolean {
    return this.test(v) !== this.negate
  }

  /** Whether a series with these labels is accepted (absent label = ""). */
  matchesLabels(l: Labels): boolean {
    return this.matches(getLabel(l, this.name))
  }

  /**
   * The exact values a positive matcher can accept, when that is a small known set (`=`, or
   * `=~` of literals like `a|b|c`), so the index can look up postings instead of scanning
   * values. Undefined for negative matchers, case-insensitive sets and general regexes.
   */
  setMatches(): ReadonlyArray<string> | undefined {
    if (this.type === "=") return [this.value]
    if (this.type === "=~" && this.fast?.kind === "set" && !this.fast.fold) return this.fast.values
    return undefined
  }

  /** A literal every accepted value starts with ("" when none is known), for postings scans. */
  prefix(): string {
    if (this.type === "=") return this.value
    if (this.type === "=~" && this.fast?.kind === "prefix" && !this.fast.fold) return this.fast.lit
    return ""
  }

  /** As written in PromQL: `job=~"api|web"`. */
  toString(): string {
    return `${this.name}${this.type}${goQuote(this.value)}`
  }
}

export const makeMatcher = (type: MatchType, name: string, value: string): Matcher | InvalidMatcherError =>
  Matcher.make(type, name, value)

/** An equality matcher (cannot fail). */
export const equalMatcher = (name: string, value: string): Matcher =>
  Matcher.make("=", name, value) as Matcher

/** Whether every matcher accepts the series. */
export const matchesAll = (matchers: ReadonlyArray<Matcher>, l: Labels): boolean => {
  for (let i = 0; i < matchers.length; i++) if (!matchers[i].matchesLabels(l)) return false
  return true
}
