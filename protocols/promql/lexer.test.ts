/**
 * Token tables for the lexer: numbers (decimal, hex, octal, exponent, Inf/NaN, underscores),
 * durations, Go string escapes, identifiers and operators, comments and byte offsets.
 */
import { describe, expect, it } from "vitest"
import { tokenize } from "./lexer.ts"

const one = (input: string) => {
  const tokens = tokenize(input)
  expect(tokens.at(-1)?.kind, tokens.at(-1)?.text).toBe("EOF")
  expect(tokens.length).toBe(2)
  return tokens[0]
}

const kinds = (input: string): string[] =>
  tokenize(input).map((t) => (t.kind === "IDENT" ? `id:${t.text}` : t.kind))

describe("numbers", () => {
  it.each([
    ["1", 1],
    ["1.5", 1.5],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E-3", 0.001],
    ["5.e3", 5000],
    ["0x1f", 31],
    ["0X1F", 31],
    ["0755", 493],
    ["09", 9],
    ["089.5", 89.5],
    ["1_000_000", 1000000],
    [".123_456", 0.123456],
    ["0x_53_AB", 0x53ab],
    ["Inf", Number.POSITIVE_INFINITY],
    ["inF", Number.POSITIVE_INFINITY],
    ["NaN", Number.NaN],
    ["nan", Number.NaN],
    ["9223372036854775808", 2 ** 63]
  ])("%s = %d", (input, value) => {
    const t = one(input)
    expect(t.kind).toBe("NUMBER")
    expect(t.value).toBe(value)
  })
  it.each([
    ["0x", 'error parsing number: strconv.ParseFloat: parsing "0x": invalid syntax'],
    ["1e", 'error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax'],
    ["1.5e400", 'error parsing number: strconv.ParseFloat: parsing "1.5e400": value out of range'],
    [
      "0x8000000000000000",
      'error parsing number: strconv.ParseFloat: parsing "0x8000000000000000": invalid syntax'
    ],
    ["5M", 'bad number or duration syntax: "5"'],
    ["5ma", 'bad number or duration syntax: "5ma"'],
    ["1_", 'error parsing number: strconv.ParseFloat: parsing "1_": invalid syntax'],
    ["1.5h", 'not a valid duration string: "1.5h"'],
    ["5d4d", 'not a valid duration string: "5d4d"'],
    ["1m1h", 'not a valid duration string: "1m1h"']
  ])("%s is refused: %s", (input, message) => {
    const t = tokenize(input).at(-1)
    expect(t?.kind).toBe("ERROR")
    expect(t?.text).toBe(message)
  })
})

describe("durations", () => {
  it.each([
    ["500ms", 0.5],
    ["5m", 300],
    ["1h30m", 5400],
    ["12h34m56s", 45296],
    ["54s321ms", 54.321],
    ["1d", 86400],
    ["1w", 604800],
    ["1y", 31536000],
    ["1y2w3d4h5m6s7ms", 31536000 + 2 * 604800 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6.007]
  ])("%s = %d s", (input, seconds) => {
    const t = one(input)
    expect(t.kind).toBe("DURATION")
    expect(t.value).toBeCloseTo(seconds, 9)
  })
})

describe("strings", () => {
  it.each([
    ['"plain"', "plain"],
    ["'single'", "single"],
    ["`raw \\n`", "raw \\n"],
    ["`multi\nline`", "multi\nline"],
    ['"\\a\\b\\f\\n\\r\\t\\v\\\\\\""', '\x07\b\f\n\r\t\v\\"'],
    ["'a\"b\\'c'", "a\"b'c"],
    ['"\\u00e9\\x41\\101"', "éAA"],
    ['"\\U0001F600"', "😀"],
    ['"\\xc3\\xa9"', "é"],
    ['"a\\xc5z"', "a\udcc5z"]
  ])("%s", (input, value) => {
    const t = one(input)
    expect(t.kind).toBe("STRING")
    expect(t.str).toBe(value)
  })
  it.each([
    ['"open', "unterminated quoted string"],
    ["'open", "unterminated quoted string"],
    ["`open", "unterminated raw string"],
    ['"a\nb"', "unterminated quoted string"],
    ['"\\q"', "unknown escape sequence U+0071 'q'"],
    ['"\\xzz"', "illegal character U+007A 'z' in escape sequence"],
    ['"\\uD800"', "escape sequence is an invalid Unicode code point"],
    ['"\\400"', "escape sequence is an invalid Unicode code point"]
  ])("%s is refused: %s", (input, message) => {
    const t = tokenize(input).at(-1)
    expect(t?.kind).toBe("ERROR")
    expect(t?.text).toBe(message)
  })
})

describe("tokens", () => {
  it("reads operators, keywords as identifiers and word operators", () => {
    expect(kinds("a+b-c*d/e%f^g==h!=i<j>k<=l>=m and n OR o unless p atan2 q </ r >/ s")).toEqual([
      ..."a + b - c * d / e % f ^ g == h != i < j > k <= l >= m and n or o unless p atan2 q </ r >/ s"
        .split(" ")
        .map((w) => (/^[a-s]$/.test(w) ? `id:${w}` : w)),
      "EOF"
    ])
  })
  it("keeps colons in metric names but not in label names or inside brackets", () => {
    expect(kinds('job:rate:5m{a="b"}[5m:1m]')).toEqual([
      "id:job:rate:5m",
      "{",
      "id:a",
      "=",
      "STRING",
      "}",
      "[",
      "DURATION",
      ":",
      "DURATION",
      "]",
      "EOF"
    ])
  })
  it("reads matcher operators only inside braces", () => {
    expect(kinds('{a=~"x",b!~"y",c!="z"}')).toEqual([
      "{",
      "id:a",
      "=~",
      "STRING",
      ",",
      "id:b",
      "!~",
      "STRING",
      ",",
      "id:c",
      "!=",
      "STRING",
      "}",
      "EOF"
    ])
    expect(tokenize("a =~ b").at(-1)?.text).toBe("unexpected character after '=': '~'")
  })
  it("skips comments", () => {
    expect(kinds("# leading\nfoo # trailing\n+ bar")).toEqual(["id:foo", "+", "id:bar", "EOF"])
  })
  it("gives byte offsets for non-ASCII text", () => {
    const t = tokenize('{a="é"} + b')
    expect(t.map((x) => [x.start, x.end])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 7],
      [7, 8],
      [9, 10],
      [11, 12],
      [12, 12]
    ])
  })
  it.each([
    ["foo{", "unexpected end of input inside braces"],
    ["foo[5m", "unclosed left bracket"],
    ["(foo", "unclosed left parenthesis"],
    ["foo[step(", "unclosed left parenthesis"],
    ["(foo[5m", "unclosed left bracket"],
    ["foo)", "unexpected right parenthesis ')'"],
    ["foo]", "unexpected right bracket ']'"],
    ["foo}", "unexpected character: '}'"],
    ["foo ! bar", "unexpected character after '!': ' '"],
    ["foo $", "unexpected character: '$'"],
    ["foo{a ~ b}", "unexpected character inside braces: '~'"]
  ])("%j: %s", (input, message) => {
    const t = tokenize(input).at(-1)
    expect(t?.kind).toBe("ERROR")
    expect(t?.text).toBe(message)
  })
})
