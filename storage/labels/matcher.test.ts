import { RE2JS } from "re2js"
import { describe, expect, it } from "vitest"
import type { Labels } from "./labels.ts"
import {
  equalMatcher,
  InvalidMatcherError,
  Matcher,
  type MatchType,
  makeMatcher,
  matchesAll
} from "./matcher.ts"

const must = (type: MatchType, name: string, value: string): Matcher => {
  const m = makeMatcher(type, name, value)
  if (m instanceof InvalidMatcherError) throw new Error(m.message)
  return m
}

/**
 * [regex, input, matches] under RE2 syntax and semantics, anchored as Prometheus anchors
 * (`^(?s:re)$`): `.` also matches `\n` (Prometheus 3) unless the regex turns `s` off.
 */
const regexCases: Array<[string, string, boolean]> = [
  // literals and anchoring
  ["foo", "foo", true],
  ["foo", "foobar", false],
  ["foo", "xfoo", false],
  ["", "", true],
  ["", "a", false],
  ["a\\.b", "a.b", true],
  ["a\\.b", "axb", false],
  ["a.b", "axb", true],
  ["a|b", "a", true],
  ["a|b", "ab", false],
  ["a|b", "b", true],
  ["ab|cd", "abd", false],
  ["foo|bar|baz", "bar", true],
  ["foo|bar|baz", "ba", false],
  ["a|", "", true],
  ["(a|b)c", "bc", true],
  ["a|bc", "ac", false], // alternation binds loosest: ^(?:a|bc)$, not ^a|bc$
  // .* and .+
  [".*", "", true],
  [".*", "anything at all", true],
  [".*", "multi\nline", true],
  [".+", "", false],
  [".+", "x", true],
  ["foo.*", "foo", true],
  ["foo.*", "foobar", true],
  ["foo.*", "barfoo", false],
  ["foo.*", "foo\nbar", true],
  [".*foo", "barfoo", true],
  [".*foo", "foobar", false],
  [".*foo.*", "xfooy", true],
  [".*foo.*", "fo", false],
  ["foo.+", "foo", false],
  // dot and newlines
  [".", "\n", true],
  ["(?-s).", "\n", false],
  ["(?-s).*", "a\nb", false],
  ["(?s).", "\n", true],
  [".", "😀", true], // one code point, not one UTF-16 unit
  ["..", "😀", false],
  [".", "é", true],
  // case-insensitivity (RE2 simple case folding)
  ["(?i)foo", "FOO", true],
  ["(?i)foo", "fOo", true],
  ["(?i)foo", "foox", false],
  ["(?i)k", "\u212a", true], // KELVIN SIGN folds to k
  ["(?i)s", "\u017f", true], // LATIN SMALL LETTER LONG S folds to s
  ["(?i)a|b", "B", true], // the flag covers every alternative
  ["(?i)abc.*", "ABCdef", true],
  ["(?i)abc.*", "xABC", false],
  ["(?i).*ABC", "xxabc", true],
  ["(?i).*b.*", "aBc", true],
  ["(?i)straße", "STRASSE", false], // no multi-character folding in RE2
  ["(?i)é", "É", true],
  ["foo", "FOO", false],
  ["(?i:a)b", "Ab", true],
  ["(?i:a)b", "AB", false],
  // classes
  ["\\pL+", "héllo", true],
  ["\\pL", "1", false],
  ["\\p{Greek}+", "αβγ", true],
  ["\\PL", "1", true],
  ["[[:alpha:]]+", "abc", true],
  ["[[:alpha:]]", "é", false], // POSIX classes are ASCII-only in RE2
  ["[[:^digit:]]", "a", true],
  ["\\d+", "0123", true],
  ["\\d", "٣", false], // \d is ASCII-only in RE2
  ["\\w+", "a_1", true],
  ["\\w", "é", false],
  ["\\s", "\t", true],
  ["[^a]", "b", true],
  ["[^a]", "\n", true],
  ["[a-c]+", "abcab", true],
  ["\\x41", "A", true],
  ["\\x{1F600}", "😀", true],
  ["\\Q.*\\E", ".*", true],
  ["\\Q.*\\E", "x", false],
  // repetition
  ["a{2,3}", "aaa", true],
  ["a{2,3}", "aaaa", false],
  ["a{2}", "aa", true],
  ["a*?", "aaa", true],
  ["(?U)a+", "aaa", true],
  ["x*y+", "y", true],
  // anchors inside the regex are still allowed
  ["^foo$", "foo", true],
  ["\\bfoo\\b", "foo", true],
  ["(?m)^a$", "a", true],
  // named groups in both spellings
  ["(?P<n>a)b", "ab", true],
  ["(?<n>a)b", "ab", true],
  // hard characters in literals
  ["🙂|😀", "😀", true],
  ["ünïcödé", "ünïcödé", true],
  ["a\\|b", "a|b", true],
  ["a\\|b", "a", false]
]

/** What Prometheus's RE2 says, through re2js without any of our shortcuts. */
const plainRe2 = (re: string, v: string) => RE2JS.compile(`^(?s:${re})$`).matches(v)

describe("regex matchers follow RE2 semantics, fully anchored", () => {
  it(`has at least 60 cases (${regexCases.length})`, () =>
    expect(regexCases.length).toBeGreaterThanOrEqual(60))

  it.each(regexCases)("%j on %j → %s", (re, input, want) => {
    const m = must("=~", "l", re)
    const n = must("!~", "l", re)
    expect(m.matches(input)).toBe(want)
    expect(n.matches(input)).toBe(!want)
    // The fast paths must agree with the engine itself.
    expect(plainRe2(re, input)).toBe(want)
  })
})

describe("invalid regexes come back as errors with RE2's reason", () => {
  it.each([
    ["a(", "missing closing ): `^(?s:a()$`"],
    ["(a)\\1", "invalid escape sequence: `\\1`"],
    ["(?=a)", "invalid or unsupported Perl syntax: `(?=`"],
    ["(?!a)", "invalid or unsupported Perl syntax: `(?!`"],
    ["(?<=a)b", "invalid named capture: `(?<=a)b)$`"], // as Go ≥ 1.22, which reads `(?<` as a named group
    ["[a", "missing closing ]: `[a)$`"],
    ["a**", "invalid nested repetition operator: `**`"],
    ["a{1001}", "invalid repeat count: `{1001}`"],
    ["\\Z", "invalid escape sequence: `\\Z`"],
    ["*", "missing argument to repetition operator: `*`"],
    ["[z-a]", "invalid character class range: `z-a`"],
    ["\\p{Nope}", "invalid character class range: `\\p{Nope}`"]
  ])("%j", (re, reason) => {
    for (const type of ["=~", "!~"] as const) {
      const m = makeMatcher(type, "job", re)
      expect(m).toBeInstanceOf(InvalidMatcherError)
      const e = m as InvalidMatcherError
      expect(e.reason).toBe(`error parsing regexp: ${reason}`)
      expect(e.message).toBe(
        `invalid regular expression ${JSON.stringify(re)} in matcher for label "job": error parsing regexp: ${reason}`
      )
    }
  })

  it("does not treat a literal-looking = value as a regex", () => {
    expect(must("=", "job", "a(").matches("a(")).toBe(true)
    expect(must("!=", "job", "(?=a)").matches("x")).toBe(true)
  })
})

describe("matcher kinds", () => {
  it.each<[MatchType, string, string, boolean]>([
    ["=", "x", "x", true],
    ["=", "x", "y", false],
    ["=", "", "", true],
    ["!=", "x", "x", false],
    ["!=", "x", "", true],
    ["!=", "", "", false],
    ["=~", "x|y", "y", true],
    ["!~", "x|y", "y", false],
    ["!~", "x|y", "z", true]
  ])("%s %j on %j → %s", (type, value, input, want) =>
    expect(must(type, "l", value).matches(input)).toBe(want)
  )

  it.each<[MatchType, string, boolean]>([
    ["=", "", true],
    ["=", "a", false],
    ["!=", "", false],
    ["!=", "a", true],
    ["=~", ".*", true],
    ["=~", ".+", false],
    ["=~", "a|", true],
    ["=~", "a|b", false],
    ["=~", "(?i)a*", true],
    ["=~", "foo.*", false],
    ["!~", ".*", false],
    ["!~", ".+", true],
    ["!~", "a", true],
    ["!~", "", false]
  ])("%s %j matches the empty string: %s", (type, value, want) =>
    expect(must(type, "l", value).matchesEmpty).toBe(want)
  )

  it.each<[MatchType, string, string, ReadonlyArray<string> | undefined, string]>([
    ["=", "a", "equal", ["a"], "a"],
    ["!=", "a", "equal", undefined, ""],
    ["=~", ".*", "all", undefined, ""],
    ["=~", ".+", "nonEmpty", undefined, ""],
    ["=~", "a|b|c", "set", ["a", "b", "c"], ""],
    ["=~", "a\\.b", "set", ["a.b"], ""],
    ["=~", "(?i)a|b", "set", undefined, ""],
    ["!~", "a|b", "set", undefined, ""],
    ["=~", "api.*", "prefix", undefined, "api"],
    ["=~", "(?i)api.*", "prefix", undefined, ""],
    ["=~", ".*api", "suffix", undefined, ""],
    ["=~", ".*api.*", "contains", undefined, ""],
    ["=~", "a+", "re2", undefined, ""],
    ["=~", "(?i)é", "re2", undefined, ""],
    ["=~", "(?-s).*", "re2", undefined, ""]
  ])("%s %j decides by %s; set %j; prefix %j", (type, value, strategy, set, prefix) => {
    const m = must(type, "l", value)
    expect(m.strategy).toBe(strategy)
    expect(m.setMatches()).toEqual(set)
    expect(m.prefix()).toBe(prefix)
  })
})

describe("matching series: an absent label equals the empty string", () => {
  const series: Labels = ["__name__", "up", "job", "api"]
  it.each<[MatchType, string, string, boolean]>([
    ["=", "foo", "", true],
    ["=", "job", "", false],
    ["!=", "foo", "", false],
    ["=~", "foo", ".*", true],
    ["=~", "foo", ".+", false],
    ["!~", "foo", ".+", true],
    ["=~", "job", "a.*", true],
    ["!~", "job", "a.*", false],
    ["=", "__name__", "up", true]
  ])("{%s %s %j}", (type, name, value, want) =>
    expect(must(type, name, value).matchesLabels(series)).toBe(want)
  )

  it("matchesAll needs every matcher", () => {
    expect(matchesAll([equalMatcher("job", "api"), must("=~", "__name__", "u.*")], series)).toBe(true)
    expect(matchesAll([equalMatcher("job", "api"), must("!=", "__name__", "up")], series)).toBe(false)
  })

  it("prints as PromQL with Go quoting", () => {
    expect(must("=~", "path", 'a"\\b\n').toString()).toBe('path=~"a\\"\\\\b\\n"')
  })

  it("fast paths agree with RE2 on awkward inputs", () => {
    const inputs = [
      "",
      "a",
      "A",
      "api",
      "API",
      "xapi",
      "apix",
      "\u212api",
      "ſ",
      "😀api",
      "api😀",
      "a\nb",
      "\uFFFF"
    ]
    const regexes = [
      "(?i)api",
      "(?i)ApI.*",
      "(?i).*API",
      "(?i).*p.*",
      "(?i)k|s",
      "api|API",
      ".*",
      ".+",
      "a.*",
      ".*a.*"
    ]
    for (const re of regexes) {
      const m = must("=~", "l", re)
      for (const v of inputs) expect(m.matches(v), `${re} on ${JSON.stringify(v)}`).toBe(plainRe2(re, v))
    }
  })

  it("Matcher.make and makeMatcher agree", () => {
    expect(Matcher.make("=~", "a", "b|c")).toBeInstanceOf(Matcher)
  })
})
