import { describe, expect, it } from "vitest"
import { OpenMetricsParser } from "./openmetrics-parser.ts"
import { parseAll } from "./parse-all.ts"

const parse = (s: string) => parseAll(new OpenMetricsParser(s))

describe("OpenMetrics 1.0: accepted inputs", () => {
  it("reads families, units, help, counters with _created and exemplars", () => {
    const r = parse(
      [
        "# TYPE foo counter",
        "# UNIT foo_seconds seconds",
        '# HELP foo a\\"b\\\\c\\nd',
        'foo_total{a="1"} 5 # {trace_id="abc"} 0.5 1795500000.5',
        'foo_created{a="1"} 1795500000',
        "g 1 1795512425.25",
        'h_bucket{le="+Inf"} 3 # {} 1',
        "# EOF",
        ""
      ].join("\n")
    )
    expect(r.error).toBeUndefined()
    expect(r.entries).toEqual([
      { kind: "type", name: "foo", type: "counter" },
      { kind: "unit", name: "foo_seconds", unit: "seconds" },
      { kind: "help", name: "foo", text: 'a"b\\c\nd' },
      {
        kind: "series",
        name: "foo_total",
        labels: { a: "1" },
        value: 5,
        exemplar: { labels: { trace_id: "abc" }, value: 0.5, timestampMs: 1795500000500 }
      },
      { kind: "series", name: "foo_created", labels: { a: "1" }, value: 1795500000 },
      { kind: "series", name: "g", labels: {}, value: 1, timestampMs: 1795512425250 },
      {
        kind: "series",
        name: "h_bucket",
        labels: { le: "+Inf" },
        value: 3,
        exemplar: { labels: {}, value: 1 }
      }
    ])
  })
  it("accepts # EOF without a final newline and counters without _total", () => {
    expect(parse("# TYPE c counter\nc 1\n# EOF").error).toBeUndefined()
  })
  it.each([
    ["nan", Number.NaN],
    ["+inf", Number.POSITIVE_INFINITY],
    ["INF", Number.POSITIVE_INFINITY],
    ["-Infinity", Number.NEGATIVE_INFINITY],
    ["1.5e3", 1500]
  ])("value %s", (token, value) => {
    expect(parse(`m ${token}\n# EOF\n`).entries).toEqual([{ kind: "series", name: "m", labels: {}, value }])
  })
})

describe("OpenMetrics 1.0: rejected inputs", () => {
  it.each([
    ["m 1\n", 2, "data does not end with # EOF"],
    ["", 1, "data does not end with # EOF"],
    ["m 1\n# EOF\nx 1\n", 3, "unexpected data after # EOF"],
    ["m 1\n\n# EOF\n", 2, 'unexpected blank line: expected a metric name or "#"'],
    ['# TYPE g gauge\ng{a="1"} 1 # {trace_id="x"} 1\n# EOF\n', 2, "metric name g does not support exemplars"],
    ["# TYPE g gauge\n# UNIT g seconds\ng 1\n# EOF\n", 2, 'unit not a suffix of metric "g"'],
    ["# comment\n# EOF\n", 1, 'expected "# TYPE", "# HELP", "# UNIT" or "# EOF", got "# comment"'],
    ["m  1\n# EOF\n", 1, 'strconv.ParseFloat: parsing "": invalid syntax'],
    ["m\t1\n# EOF\n", 1, 'expected " " and a value after metric "m"'],
    ['m{a="1", b="2"} 1\n# EOF\n', 1, 'expected a label name, got " "'],
    ['m{a="1",} 1\n# EOF\n', 1, 'expected a label name, got "}"'],
    ['m{a="x\ny"} 1\n# EOF\n', 1, "unterminated label value"],
    ["m 1 NaN\n# EOF\n", 1, 'invalid timestamp "NaN"'],
    ["# TYPE m foo\n# EOF\n", 1, 'invalid metric type "foo"'],
    ['m{a="1",a="2"} 1\n# EOF\n', 1, 'label name "a" is not unique: invalid sample']
  ])("%j → line %d: %s", (input, line, message) => {
    expect(parse(input).error).toEqual({ line, message })
  })
})
