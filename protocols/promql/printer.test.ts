/**
 * The printer against Prometheus: every row of the first table is a query and what a real
 * Prometheus 2.42 answered on `/api/v1/format_query`. The second table covers 3.x syntax that 2.42
 * cannot format (duration expressions, fill, anchored/smoothed, quoted names); those outputs are
 * ours and are checked to reparse to the same text.
 */
import { describe, expect, it } from "vitest"
import { allFeatures, parse } from "./parser.ts"
import { exprString, format } from "./printer.ts"

const formatted = (query: string): string => {
  const res = parse(query, allFeatures)
  if (!res.ok) throw new Error(res.error.text)
  return format(res.expr)
}

/** [query, `/api/v1/format_query` of Prometheus 2.42] */
const fromPrometheus: ReadonlyArray<readonly [string, string]> = [
  ["foo", "foo"],
  ['foo{job="a",instance!="b"}', 'foo{instance!="b",job="a"}'],
  ['{__name__="foo",job="x"}', '{__name__="foo",job="x"}'],
  ['{job=~"a.*"}', '{job=~"a.*"}'],
  ["foo{job='single'}", 'foo{job="single"}'],
  ["foo{job=`raw\\n`}", 'foo{job="raw\\\\n"}'],
  ["foo[5m]", "foo[5m]"],
  ["foo[90s]", "foo[1m30s]"],
  ["foo[1h30m]", "foo[1h30m]"],
  ["foo offset 5m", "foo offset 5m"],
  ["foo offset -5m", "foo offset -5m"],
  ["foo @ 100", "foo @ 100.000"],
  ["foo @ 100.5", "foo @ 100.500"],
  ["foo @ start()", "foo @ start()"],
  ["foo @ end() offset 1h", "foo @ end() offset 1h"],
  ["foo offset 1h @ end()", "foo @ end() offset 1h"],
  ["foo[5m] offset 1w", "foo[5m] offset 1w"],
  ["foo[5m] @ 1000 offset 1m", "foo[5m] @ 1000.000 offset 1m"],
  ["rate(foo[5m])[30m:1m]", "rate(foo[5m])[30m:1m]"],
  ["rate(foo[5m])[30m:]", "rate(foo[5m])[30m:]"],
  ["(foo + bar)[5m:1m] offset 1m", "(foo + bar)[5m:1m] offset 1m"],
  ["sum(foo)", "sum(foo)"],
  ["sum by (job) (foo)", "sum by (job) (foo)"],
  ["sum(foo) by (job)", "sum by (job) (foo)"],
  ["sum without (instance) (foo)", "sum without (instance) (foo)"],
  ["sum by () (foo)", "sum(foo)"],
  ["SUM(foo) BY (job)", "sum by (job) (foo)"],
  ["topk(5, foo)", "topk(5, foo)"],
  ['count_values("value", foo)', 'count_values("value", foo)'],
  ["quantile(0.9, rate(foo[5m]))", "quantile(0.9, rate(foo[5m]))"],
  ["foo + bar", "foo + bar"],
  ["foo+bar*baz", "foo + bar * baz"],
  ["(foo + bar) * baz", "(foo + bar) * baz"],
  ["foo - (bar - baz)", "foo - (bar - baz)"],
  ["foo - bar - baz", "foo - bar - baz"],
  ["2 ^ 3 ^ 2", "2 ^ 3 ^ 2"],
  ["(2 ^ 3) ^ 2", "(2 ^ 3) ^ 2"],
  ["-2 ^ 2", "-2 ^ 2"],
  ["-foo", "-foo"],
  ["- foo", "-foo"],
  ["-(foo)", "-(foo)"],
  ["+foo", "+foo"],
  ["+1", "1"],
  ["-1", "-1"],
  ["-(1)", "-(1)"],
  ["1 > bool 2", "1 > bool 2"],
  ["foo > bool 1", "foo > bool 1"],
  ["foo == on(job) bar", "foo == on (job) bar"],
  ["foo * on(job) group_left(instance) bar", "foo * on (job) group_left (instance) bar"],
  ["foo * ignoring(job) group_right bar", "foo * ignoring (job) group_right () bar"],
  ["foo and on() bar", "foo and on () bar"],
  ["foo or bar unless baz", "foo or bar unless baz"],
  ["foo unless ignoring(a) bar", "foo unless ignoring (a) bar"],
  ["foo atan2 bar", "foo atan2 bar"],
  ["abs(foo)", "abs(foo)"],
  ["round(foo, 0.5)", "round(foo, 0.5)"],
  ['label_replace(foo, "dst", "$1", "src", "(.*)")', 'label_replace(foo, "dst", "$1", "src", "(.*)")'],
  ["time()", "time()"],
  ["vector(1)", "vector(1)"],
  [
    'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))',
    'histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket{job="api"}[5m])))'
  ],
  ['"string"', '"string"'],
  ["'single'", '"single"'],
  ["1e6", "1e+06"],
  ["0x1f", "31"],
  ["Inf", "+Inf"],
  ["-Inf", "-Inf"],
  ["NaN", "NaN"],
  [".5", "0.5"],
  ["foo # comment", "foo"],
  [
    'sum(rate(http_requests_total{job="api-server",handler="/api/v1/query",code=~"5.."}[5m])) by (job) / sum(rate(http_requests_total{job="api-server"}[5m])) by (job)',
    '  sum by (job) (rate(http_requests_total{code=~"5..",handler="/api/v1/query",job="api-server"}[5m]))\n/\n  sum by (job) (rate(http_requests_total{job="api-server"}[5m]))'
  ],
  [
    'sum by (job, instance, handler, code, method) (rate(http_requests_total{job="prometheus",instance="localhost:9090"}[5m]))',
    'sum by (job, instance, handler, code, method) (\n  rate(http_requests_total{instance="localhost:9090",job="prometheus"}[5m])\n)'
  ],
  [
    '(rate(node_cpu_seconds_total{mode="idle",instance="host-a.example.com:9100"}[5m]) + rate(node_cpu_seconds_total{mode="iowait"}[5m])) * 100',
    '  (\n      rate(node_cpu_seconds_total{instance="host-a.example.com:9100",mode="idle"}[5m])\n    +\n      rate(node_cpu_seconds_total{mode="iowait"}[5m])\n  )\n*\n  100'
  ],
  [
    'label_replace(rate(http_requests_total{job="api-server",handler="/api/v1/query_range"}[5m]), "dst_label_name", "$1", "src_label", "(.*)")',
    'label_replace(\n  rate(http_requests_total{handler="/api/v1/query_range",job="api-server"}[5m]),\n  "dst_label_name",\n  "$1",\n  "src_label",\n  "(.*)"\n)'
  ],
  [
    'topk(10, sum by (job, instance, handler) (rate(http_requests_total{job="api-server",code="200"}[5m]))) > bool 100',
    '  topk(\n    10,\n    sum by (job, instance, handler) (rate(http_requests_total{code="200",job="api-server"}[5m]))\n  )\n> bool\n  100'
  ],
  [
    'foo{job="api-server",handler="/api/v1/query_range",method="GET",code="200",instance="localhost:9090",env="prod"}',
    'foo{code="200",env="prod",handler="/api/v1/query_range",instance="localhost:9090",job="api-server",method="GET"}'
  ],
  [
    'max_over_time(deriv(rate(distance_covered_meters_total{instance="very-long-instance-name:9100"}[1m])[5m:1m])[10m:])',
    'max_over_time(\nderiv(rate(distance_covered_meters_total{instance="very-long-instance-name:9100"}[1m])[5m:1m])[10m:]\n)'
  ],
  [
    "a_very_long_metric_name_number_one + a_very_long_metric_name_number_two + a_very_long_metric_name_number_three + a_very_long_metric_name_number_four",
    "    a_very_long_metric_name_number_one + a_very_long_metric_name_number_two\n  +\n    a_very_long_metric_name_number_three\n+\n  a_very_long_metric_name_number_four"
  ],
  ['foo{a="\\n\\t\\"x\\\\"}', 'foo{a="\\n\\t\\"x\\\\"}'],
  ['foo{a="é"}', 'foo{a="é"}'],
  ["foo[5m:1m] @ 100", "foo[5m:1m] @ 100.000"],
  ["0755", "493"],
  ["0X1F", "31"],
  ["1e3", "1000"],
  ["1E-3", "0.001"],
  ["5.", "5"],
  ["5.e3", "5000"],
  ["-inf", "-Inf"],
  ["nan", "NaN"],
  ["InF", "+Inf"],
  ["infinity", "infinity"],
  ["Info", "Info"],
  ["09", "9"],
  ["089.5", "89.5"],
  ["1e+3", "1000"],
  ["SUM(vector(1))", "sum(vector(1))"],
  ["vector(1) AND vector(1)", "vector(1) and vector(1)"],
  ["9223372036854775808", "9.223372036854776e+18"],
  ["-0", "-0"],
  ["foo offset 1y", "foo offset 1y"],
  ["foo offset 2w", "foo offset 2w"],
  ["foo offset 14d", "foo offset 2w"],
  ["foo offset 90m", "foo offset 1h30m"],
  ["foo offset 1h30m", "foo offset 1h30m"],
  ["foo offset 1500ms", "foo offset 1s500ms"],
  ['"a\\u00e9\\x41\\101\\n\\t\\a\\b\\f\\v\\r\\\\\\"\'"', '"aéAA\\n\\t\\a\\b\\f\\v\\r\\\\\\"\'"'],
  ["'a\"b\\'c'", '"a\\"b\'c"'],
  ["`a\\nb`", '"a\\\\nb"'],
  ['"\\U0001F600"', '"😀"'],
  ["(foo[5m])", "(foo[5m])"],
  ["foo * ignoring(a) group_left(a) bar", "foo * ignoring (a) group_left (a) bar"],
  ['{a!=""}', '{a!=""}'],
  ['foo{a=~".*"}[5m:1m]', 'foo{a=~".*"}[5m:1m]'],
  ["(foo)[5m:1m] @ start()", "(foo)[5m:1m] @ start()"],
  [
    "rate(foo[5m]) + on(a) group_left(b, c) rate(bar[5m])",
    "rate(foo[5m]) + on (a) group_left (b, c) rate(bar[5m])"
  ],
  ["sum by (on, by, ignoring, and, sum) (foo)", "sum by (on, by, ignoring, and, sum) (foo)"],
  ['foo{on="a", by="b", and="c"}', 'foo{and="c",by="b",on="a"}'],
  ["offset", "offset"],
  ["by + without", "by + without"],
  ["nan + inf", "NaN + +Inf"],
  ["foo @ start() offset -1h", "foo @ start() offset -1h"],
  ["foo offset -1h @ end()", "foo @ end() offset -1h"],
  ["1 + 2 * 3 ^ 4 ^ 5 - 6 / 7 % 8", "1 + 2 * 3 ^ 4 ^ 5 - 6 / 7 % 8"],
  ["foo and bar or baz unless qux", "foo and bar or baz unless qux"],
  ["foo == bar != baz > qux < a >= b <= c", "foo == bar != baz > qux < a >= b <= c"],
  ["-2 * -3", "-2 * -3"],
  ["--foo", "--foo"],
  ["- - 1", "1"],
  ["-+-1", "1"],
  ["2 ^ -1", "2 ^ -1"],
  ["-foo ^ 2", "-foo ^ 2"],
  ["sum(-foo)", "sum(-foo)"],
  ["(((((1)))))", "(((((1)))))"],
  ["1 atan2 2", "1 atan2 2"],
  ["foo atan2 bar ^ 2", "foo atan2 bar ^ 2"],
  ["-1 ^ 2", "-1 ^ 2"],
  ["foo offset 1d1h", "foo offset 1d1h"],
  ["foo offset 1w1d", "foo offset 8d"],
  ["foo offset 2y", "foo offset 2y"],
  ["foo offset 400d", "foo offset 400d"],
  ["foo offset 1001ms", "foo offset 1s1ms"],
  ["foo[1d1h1m1s1ms]", "foo[1d1h1m1s1ms]"],
  ["foo[5m:90s]", "foo[5m:1m30s]"],
  // Random valid queries whose format_query output spans several lines.
  [
    '(foo % on (job) http_requests_total{code=~"5..",method!="GET"} @ end() % ignoring (instance) {__name__="x",a!~"b"} offset 5m % ignoring (instance) foo @ end() != on (job) foo{job="api"} + 1e3 * scalar(foo))',
    '(\n        foo % on (job) http_requests_total{code=~"5..",method!="GET"} @ end()\n      % ignoring (instance)\n        {__name__="x",a!~"b"} offset 5m\n    % ignoring (instance)\n      foo @ end()\n  != on (job)\n    foo{job="api"} + 1000 * scalar(foo)\n)'
  ],
  [
    '(irate(foo[90s] offset 1m) == on (job) avg by (job) (http_requests_total{code=~"5..",method!="GET"}) + 0.5)',
    '(\n    irate(foo[1m30s] offset 1m)\n  == on (job)\n    avg by (job) (http_requests_total{code=~"5..",method!="GET"}) + 0.5\n)'
  ],
  [
    'sort(abs({__name__="x",a!~"b"} offset 5m) * on (job) -http_requests_total{code=~"5..",method!="GET"})',
    'sort(\n  abs({__name__="x",a!~"b"} offset 5m) * on (job) -http_requests_total{code=~"5..",method!="GET"}\n)'
  ],
  [
    "max by (job) (topk(10, topk(5, bar))) unless on (job) max_over_time((count by () (node_cpu_seconds_total))[10m:])",
    "  max by (job) (topk(10, topk(5, bar)))\nunless on (job)\n  max_over_time((count(node_cpu_seconds_total))[10m:])"
  ],
  [
    "topk(10, sum by (job) (node_cpu_seconds_total @ 100)) + max_over_time(max_over_time(bar offset -1h[1h:])[1h:1m])",
    "  topk(10, sum by (job) (node_cpu_seconds_total @ 100.000))\n+\n  max_over_time(max_over_time(bar offset -1h[1h:])[1h:1m])"
  ],
  [
    '(max_over_time(foo{job="api"} @ 100[1h:])) + on (job) (foo offset 5m) unless exp(bar @ 100) * scalar(foo)',
    '  (max_over_time(foo{job="api"} @ 100.000[1h:])) + on (job) (foo offset 5m)\nunless\n  exp(bar @ 100.000) * scalar(foo)'
  ],
  [
    'avg without (instance, pod) (group without (instance, pod) (foo{job="api"} offset -1h) != avg by () (foo{job="api"} @ 100))',
    'avg without (instance, pod) (\n  group without (instance, pod) (foo{job="api"} offset -1h) != avg(foo{job="api"} @ 100.000)\n)'
  ],
  [
    'sort(max_over_time(topk(10, http_requests_total{code=~"5..",method!="GET"})[1h:])) != -topk(5, http_requests_total{code=~"5..",method!="GET"}) * time()',
    '  sort(max_over_time(topk(10, http_requests_total{code=~"5..",method!="GET"})[1h:]))\n!=\n  -topk(5, http_requests_total{code=~"5..",method!="GET"}) * time()'
  ],
  [
    'sort(node_cpu_seconds_total @ 100) / ignoring (instance) http_requests_total{code=~"5..",method!="GET"} / scalar(foo)',
    '    sort(node_cpu_seconds_total @ 100.000)\n  / ignoring (instance)\n    http_requests_total{code=~"5..",method!="GET"}\n/\n  scalar(foo)'
  ],
  [
    'max_over_time(topk(10, {__name__="x",a!~"b"})[10m:]) - ignoring (instance) abs((foo{job="api"} @ 100))',
    '  max_over_time(topk(10, {__name__="x",a!~"b"})[10m:])\n- ignoring (instance)\n  abs((foo{job="api"} @ 100.000))'
  ],
  [
    'avg without (instance, pod) (avg without (instance, pod) (topk(10, node_cpu_seconds_total @ 100 > bool {__name__="x",a!~"b"})))',
    'avg without (instance, pod) (\n  avg without (instance, pod) (\n    topk(10, node_cpu_seconds_total @ 100.000 > bool {__name__="x",a!~"b"})\n  )\n)'
  ],
  [
    'abs(topk(5, avg (http_requests_total{code=~"5..",method!="GET"} offset -1h)) ^ ignoring (instance) topk(5, sum by () (http_requests_total{code=~"5..",method!="GET"} @ end())))',
    'abs(\n    topk(5, avg(http_requests_total{code=~"5..",method!="GET"} offset -1h))\n  ^ ignoring (instance)\n    topk(5, sum(http_requests_total{code=~"5..",method!="GET"} @ end()))\n)'
  ],
  [
    '-topk(10, topk(10, avg without (instance, pod) (http_requests_total{code=~"5..",method!="GET"} offset -1h)))',
    '-topk(\n  10,\n  topk(10, avg without (instance, pod) (http_requests_total{code=~"5..",method!="GET"} offset -1h))\n)'
  ],
  [
    'topk(5, foo{job="api"} @ 100 * ignoring (instance) foo{job="api"} unless on (job) -http_requests_total{code=~"5..",method!="GET"})',
    'topk(\n  5,\n    foo{job="api"} @ 100.000 * ignoring (instance) foo{job="api"}\n  unless on (job)\n    -http_requests_total{code=~"5..",method!="GET"}\n)'
  ]
]

/** [query, our format] for syntax newer than 2.42. */
const threeX: ReadonlyArray<readonly [string, string]> = [
  ["foo[5m * 2]", "foo[5m * 2]"],
  ["foo[(5+2) * 1m]", "foo[(5 + 2) * 1m]"],
  ["foo[1800]", "foo[30m]"],
  ["foo offset (1h / 2)", "foo offset (1h / 2)"],
  ["foo offset 50", "foo offset 50s"],
  ["foo offset -step()*2", "foo offset -step() * 2"],
  ["foo[max_of(step(),5s)]", "foo[max_of(step(), 5s)]"],
  ["foo[29s+1s:20*500ms]", "foo[29s + 1s:20 * 500ms]"],
  ["foo @ 100s", "foo @ 100.000"],
  ["5m", "5m"],
  ["foo + 1h", "foo + 1h"],
  ["1_000", "1000"],
  ["0x_1f", "31"],
  ["increase(foo[1m] anchored)", "increase(foo[1m] anchored)"],
  ["foo offset -100 smoothed", "foo offset -1m40s smoothed"],
  ["foo + fill(0) bar", "foo + fill(0) bar"],
  ["foo + fill_left(-Inf) fill_right(7) bar", "foo + fill_left(-Inf) fill_right(7) bar"],
  ["foo * on(a) group_left(b) fill_right(1) bar", "foo * on (a) group_left (b) fill_right(1) bar"],
  ['{"my.metric", job="x"}', '{"my.metric",job="x"}'],
  ['{"my.metric", "my.label"="x"}', '{"my.metric","my.label"="x"}'],
  ['sum by ("my.label") (foo)', 'sum by ("my.label") (foo)'],
  ['foo{a="a\\xc5z"}', 'foo{a="a\\xc5z"}'],
  ["h </ 0.5", "h </ 0.5"],
  ["limitk(1, foo)", "limitk(1, foo)"],
  ['info(foo, {data=~".*"})', 'info(foo, {data=~".*"})']
]

describe("format_query", () => {
  it("has at least 40 rows from Prometheus", () => expect(fromPrometheus.length).toBeGreaterThanOrEqual(40))
  it.each(fromPrometheus)("%j", (query, want) => expect(formatted(query)).toBe(want))
  it.each(threeX)("%j (3.x)", (query, want) => {
    expect(formatted(query)).toBe(want)
    expect(formatted(want)).toBe(want)
  })
})

describe("exprString", () => {
  it.each([
    ['sum by (job) (rate(x{a="b"}[5m]))', 'sum by (job) (rate(x{a="b"}[5m]))'],
    ["foo\n  +\nbar", "foo + bar"]
  ])("%j is one line", (query, want) => {
    const res = parse(query, allFeatures)
    expect(res.ok && exprString(res.expr)).toBe(want)
  })
  it("formats a 10,000-term chain with bounded indentation (maxIndentLevels)", () => {
    const query = Array.from({ length: 10_000 }, () => "some_metric_name").join(" + ")
    const res = parse(query)
    const out = res.ok ? format(res.expr) : ""
    expect(out.length).toBeLessThan(query.length * 2)
    expect(parse(out).ok).toBe(true)
  })
  it("prints a 10,000-term chain without exhausting the stack", () => {
    const query = Array.from({ length: 10_000 }, () => "1").join(" + ")
    const res = parse(query)
    expect(res.ok && exprString(res.expr)).toBe(query)
  })
})
