import { describe, expect, it } from "vitest"
import { parseAll } from "./parse-all.ts"
import { TextParser } from "./text-parser.ts"

const parse = (s: string) => parseAll(new TextParser(s))
const series = (s: string) => {
  const r = parse(s)
  expect(r.error).toBeUndefined()
  return r.entries.filter((e) => e.kind === "series")
}

// The 0.0.4 rows of shared/specs/wire-protocols.md §1.13, as observed on Prometheus 2.42.
describe("text 0.0.4: accepted inputs", () => {
  it.each([
    ['m{a="1",} 1\n', { name: "m", labels: { a: "1" }, value: 1 }],
    ["m{} 1\n", { name: "m", labels: {}, value: 1 }],
    ['m{a="x\\"y\\\\z\\nw"} 1\n', { name: "m", labels: { a: 'x"y\\z\nw' }, value: 1 }],
    ['m{a="t\\tq"} 1\n', { name: "m", labels: { a: "t\\tq" }, value: 1 }],
    ['m{a="line1\nline2"} 1\n', { name: "m", labels: { a: "line1\nline2" }, value: 1 }],
    ["m 1", { name: "m", labels: {}, value: 1 }],
    ['name {a="1"} 2\n', { name: "name", labels: { a: "1" }, value: 2 }],
    ['m{a="1" , b="2"} 3\n', { name: "m", labels: { a: "1", b: "2" }, value: 3 }],
    ["m\t1\t123\n", { name: "m", labels: {}, value: 1, timestampMs: 123 }],
    ["m 1 1795500000000 \n", { name: "m", labels: {}, value: 1, timestampMs: 1795500000000 }],
    ['a:b_c{__x="y"} -2.5e3\n', { name: "a:b_c", labels: { __x: "y" }, value: -2500 }],
    ['m{a=""} 1\n', { name: "m", labels: { a: "" }, value: 1 }]
  ])("%j", (input, want) => expect(series(input)).toEqual([{ kind: "series", ...want }]))

  it.each([
    ["NaN", Number.NaN],
    ["nan", Number.NaN],
    ["Inf", Number.POSITIVE_INFINITY],
    ["infinity", Number.POSITIVE_INFINITY],
    ["+Inf", Number.POSITIVE_INFINITY],
    ["-Inf", Number.NEGATIVE_INFINITY],
    [".5", 0.5],
    ["5.", 5],
    ["+1", 1],
    ["-0", -0],
    ["2E-2", 0.02],
    ["1e3", 1000],
    ["123456789012345678901", 1.2345678901234568e20]
  ])("value %s", (token, want) => expect(series(`m ${token}\n`)[0]).toMatchObject({ value: want }))

  it("reads HELP and TYPE as 2.42 does", () => {
    expect(parse('# HELP m back\\"quote\n# TYPE m gauge\nm 1\n').entries).toEqual([
      { kind: "help", name: "m", text: 'back\\"quote' },
      { kind: "type", name: "m", type: "gauge" },
      { kind: "series", name: "m", labels: {}, value: 1 }
    ])
    expect(parse("# HELP m  two  \n").entries).toEqual([{ kind: "help", name: "m", text: " two  " }])
    expect(parse("# HELP m a\\\\b\\nc\n").entries).toEqual([{ kind: "help", name: "m", text: "a\\b\nc" }])
    expect(parse("# TYPE m counter\n# TYPE m counter\nm 1\n").error).toBeUndefined()
    expect(parse("m 1\n# TYPE m gauge\n").error).toBeUndefined()
  })

  it("ignores comments, blank lines and leading blanks before #", () => {
    expect(parse("#no space\n#\n# HELP\n  # TYPE m gauge\n\n   \nm 1\n").entries).toEqual([
      { kind: "type", name: "m", type: "gauge" },
      { kind: "series", name: "m", labels: {}, value: 1 }
    ])
    expect(parse("").entries).toEqual([])
  })

  it("keeps both le spellings as distinct series", () => {
    const s = series(
      '# TYPE h histogram\nh_bucket{le="1"} 1\nh_bucket{le="1.0"} 2\nh_bucket{le="+Inf"} 3\nh_sum 2\nh_count 3\n'
    )
    expect(s.map((e) => (e.kind === "series" ? e.labels.le : ""))).toEqual([
      "1",
      "1.0",
      "+Inf",
      undefined,
      undefined
    ])
  })

  it("gives a cache key per written series", () => {
    const p = new TextParser('m{a="1"} 1\nm 2\n')
    p.next()
    expect(p.seriesText).toBe('m{a="1"}')
    p.next()
    expect(p.seriesText).toBe("m")
  })
})

describe("text 0.0.4: rejected inputs fail with the line and what was expected", () => {
  it.each([
    ["# TYPE m gauge \nm 1\n", 1, 'invalid metric type "gauge "'],
    ["# TYPE m  gauge\n", 1, 'invalid metric type " gauge"'],
    ["# TYPE m foo\nm 1\n", 1, 'invalid metric type "foo"'],
    ["m 0x1p-2\n", 1, "unsupported character in float"],
    ["m 1_000\n", 1, "unsupported character in float"],
    ["m 1 -1\n", 1, 'expected timestamp or new record, got "-"'],
    ["m 1 1795500000000.5\n", 1, 'expected timestamp or new record, got "1"'],
    ["m 1 99999999999999999999\n", 1, 'strconv.ParseInt: parsing "99999999999999999999": value out of range'],
    ["n 1\nm\nn 1\n", 2, 'expected value after metric "m"'],
    [" m 1\n", 1, 'invalid metric name " m"'],
    ["m 1\r\n", 1, 'strconv.ParseFloat: parsing "1\\r": invalid syntax'],
    ['m{a="1",a="2"} 1\n', 1, 'label name "a" is not unique: invalid sample'],
    ["m-x 1\n", 1, 'strconv.ParseFloat: parsing "-x": invalid syntax'],
    ['m{a="1"} 1 # {trace_id="x"} 1\n', 1, 'expected timestamp or new record, got "#"'],
    ["m{a=1} 1\n", 1, 'expected a quoted label value, got "1"'],
    ['m{a="1} 1\n', 1, "unterminated label value"],
    ['m{1a="1"} 1\n', 1, 'expected a label name or "}", got "1"'],
    ["1m 1\n", 1, 'expected a metric name, got "1"'],
    ['ok 1\nm{a="x"\n', 2, 'expected "," or "}" after label value, got "\\n"']
  ])("%j → line %d: %s", (input, line, message) => {
    expect(parse(input).error).toEqual({ line, message })
  })
})
