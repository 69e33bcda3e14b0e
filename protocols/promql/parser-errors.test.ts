/**
 * Bad queries paired with the exact message the user sees. The first table was collected from a
 * real Prometheus 2.42 (`/api/v1/query` on loopback): every row is its answer, byte for byte. The
 * second table holds Prometheus 3.x behaviour where 2.42 differs or has no equivalent; those
 * messages are ours (3.x wording where we know it) and the 2.42 answer is noted beside each row.
 */
import { describe, expect, it } from "vitest"
import { allFeatures, type ParseOptions, parse } from "./parser.ts"

const check = (query: string, options: ParseOptions = allFeatures): string => {
  const res = parse(query, options)
  return res.ok ? "OK" : res.error.text
}

/** [query, message of Prometheus 2.42] */
const fromPrometheus: ReadonlyArray<readonly [string, string]> = [
  ["foo{", "1:5: parse error: unexpected end of input inside braces"],
  ["{}", "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ['{job=~".*"}', "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ["foo{job}", '1:8: parse error: unexpected "}" in label matching, expected label matching operator'],
  ["foo{job=}", '1:9: parse error: unexpected "}" in label matching, expected string'],
  ['foo{job="x"', "1:12: parse error: unexpected end of input inside braces"],
  ['foo{job="x",}}', "1:14: parse error: unexpected character: '}'"],
  ["foo{=}", '1:5: parse error: unexpected "=" in label matching, expected identifier or "}"'],
  ['foo{job=="x"}', '1:9: parse error: unexpected "=" in label matching, expected string'],
  ["foo[5m", "1:7: parse error: unclosed left bracket"],
  ["foo[5mm]", '1:5: parse error: bad duration syntax: "5mm"'],
  ["foo[1.5h]", '1:5: parse error: not a valid duration string: "1.5h"'],
  ["foo offset", "1:11: parse error: unexpected end of input in offset, expected duration"],
  ["foo offset 5m offset 5m", "1:1: parse error: offset may not be set multiple times"],
  ["foo @ 1 @ 2", "1:1: parse error: @ <timestamp> may not be set multiple times"],
  [
    "sum(foo) offset 5m",
    "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  [
    "(foo) offset 5m",
    "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  [
    "1 offset 5m",
    "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  [
    '"a" offset 5m',
    "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  [
    "rate(foo)",
    '1:6: parse error: expected type range vector in call to function "rate", got instant vector'
  ],
  ["rate(foo[5m], 1)", '1:1: parse error: expected 1 argument(s) in call to "rate", got 2'],
  ["rate()", '1:1: parse error: expected 1 argument(s) in call to "rate", got 0'],
  ["unknown_fn(foo)", '1:1: parse error: unknown function with name "unknown_fn"'],
  ['abs("x")', '1:5: parse error: expected type instant vector in call to function "abs", got string'],
  [
    'label_replace(foo, "a", "b", "c")',
    '1:1: parse error: expected 5 argument(s) in call to "label_replace", got 4'
  ],
  ["time(1)", '1:1: parse error: expected 0 argument(s) in call to "time", got 1'],
  ["vector(foo)", '1:8: parse error: expected type scalar in call to function "vector", got instant vector'],
  [
    "scalar(foo[5m])",
    '1:8: parse error: expected type instant vector in call to function "scalar", got range vector'
  ],
  ["topk(foo, bar)", "1:6: parse error: expected type scalar in aggregation parameter, got instant vector"],
  ['topk("a", foo)', "1:6: parse error: expected type scalar in aggregation parameter, got string"],
  ["count_values(1, foo)", "1:14: parse error: expected type string in aggregation parameter, got scalar"],
  ['quantile("a", foo)', "1:10: parse error: expected type scalar in aggregation parameter, got string"],
  [
    "sum(foo, bar)",
    "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 1, got 2"
  ],
  ["sum()", "1:1: parse error: no arguments for aggregate expression provided"],
  ["sum by (job)", "1:13: parse error: unexpected end of input in aggregation"],
  [
    "sum by (job foo) (foo)",
    '1:13: parse error: unexpected identifier "foo" in grouping opts, expected "," or ")"'
  ],
  ["sum(foo) by (job) by (job)", "1:19: parse error: unexpected <by>"],
  ["1 > 2", "1:3: parse error: comparisons between scalars must use BOOL modifier"],
  ["1 and 2", '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ["foo and 1", '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ["1 or foo", '1:1: parse error: set operator "or" not allowed in binary scalar expression'],
  [
    "foo + on(a) group_left(a) bar",
    '1:5: parse error: label "a" must not occur in ON and GROUP clause at once'
  ],
  ["foo and on(a) group_left bar", '1:1: parse error: no grouping allowed for "and" operation'],
  ["foo + bool bar", "1:5: parse error: bool modifier can only be used on comparison operators"],
  ["1 + bool 2", "1:3: parse error: bool modifier can only be used on comparison operators"],
  ["foo == bool on(a) bar bar", '1:23: parse error: unexpected identifier "bar"'],
  ["foo +", "1:6: parse error: unexpected end of input"],
  ["+", "1:2: parse error: unexpected end of input"],
  ["()", '1:2: parse error: unexpected ")"'],
  ["(foo", "1:5: parse error: unclosed left parenthesis"],
  ["foo)", "1:5: parse error: unexpected right parenthesis ')'"],
  ["foo bar", '1:5: parse error: unexpected identifier "bar"'],
  ["1 2", '1:3: parse error: unexpected number "2"'],
  ['"a" + 1', "1:1: parse error: binary expression must contain only scalar and instant vector types"],
  ['"a" + "b"', "1:1: parse error: binary expression must contain only scalar and instant vector types"],
  [
    '-"a"',
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"'
  ],
  ["foo[5m] + 1", "1:1: parse error: binary expression must contain only scalar and instant vector types"],
  [
    "-foo[5m]",
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'
  ],
  ["foo[5m][5m]", "1:8: parse error: ranges only allowed for vector selectors"],
  ["rate(foo[5m])[5m]", "1:14: parse error: ranges only allowed for vector selectors"],
  ["1[5m]", "1:2: parse error: ranges only allowed for vector selectors"],
  ['"x"[5m:]', "1:1: parse error: subquery is only allowed on instant vector, got string instead"],
  ["foo[5m:1m] offset", "1:18: parse error: unexpected end of input in offset, expected duration"],
  ['foo @ "a"', '1:7: parse error: unexpected string "\\"a\\"" in @, expected timestamp'],
  ["foo @ start", "1:12: parse error: unexpected end of input in @, expected timestamp"],
  ["foo @ foo()", '1:7: parse error: unexpected identifier "foo" in @, expected timestamp'],
  ["abs(foo)[5m]", "1:9: parse error: ranges only allowed for vector selectors"],
  [
    "sum(foo[5m])",
    "1:5: parse error: expected type instant vector in aggregation expression, got range vector"
  ],
  [
    "abs(foo[5m])",
    '1:5: parse error: expected type instant vector in call to function "abs", got range vector'
  ],
  ['foo{job="a\\q"}', "1:9: parse error: unknown escape sequence U+0071 'q'"],
  ['foo{job="a}', "1:9: parse error: unterminated quoted string"],
  ["foo{job='a}", "1:9: parse error: unterminated quoted string"],
  ["foo{job=`a}", "1:9: parse error: unterminated raw string"],
  ['"\\xzz"', "1:1: parse error: illegal character U+007A 'z' in escape sequence"],
  ["0x", '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0x": invalid syntax'],
  ["1e", '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1e": invalid syntax'],
  ["1..2", '1:3: parse error: unexpected number ".2"'],
  ["foo[5d4d]", '1:5: parse error: not a valid duration string: "5d4d"'],
  ["foo[1m1h]", '1:5: parse error: not a valid duration string: "1m1h"'],
  ["on(a) + 1", "1:1: parse error: unexpected <on>"],
  ["bool", "1:1: parse error: unexpected <bool>"],
  ['foo{a="b", a=~"c"} ==', "1:22: parse error: unexpected end of input"],
  ["foo ! bar", "1:5: parse error: unexpected character after '!': ' '"],
  ["foo != = bar", '1:8: parse error: unexpected "="'],
  ["sum without(a) by(b) (foo)", "1:16: parse error: unexpected <by> in aggregation"],
  ["ignoring(a) foo", "1:1: parse error: unexpected <ignoring>"],
  ["foo + ignoring(a) on(b) bar", "1:19: parse error: unexpected <on>"],
  ["foo + on(a) group_left(b) group_right(c) bar", "1:27: parse error: unexpected <group_right>"],
  ["foo * group_left bar", "1:7: parse error: unexpected <group_left>"],
  ["sum by ()", "1:10: parse error: unexpected end of input in aggregation"],
  [
    'count_values("a")',
    "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"
  ],
  [
    "topk(1)",
    "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"
  ],
  [
    'label_join(foo, "a")',
    '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2'
  ],
  ["round(foo, 1, 2)", '1:1: parse error: expected at most 2 argument(s) in call to "round", got 3'],
  ["absent(1)", '1:8: parse error: expected type instant vector in call to function "absent", got scalar'],
  ["foo[0s]", "1:5: parse error: duration must be greater than 0"],
  ["foo[5m:0s]", "1:8: parse error: duration must be greater than 0"],
  ['foo{a=~"("}', "1:5: parse error: error parsing regexp: missing closing ): `^(?:()$`"],
  ['foo{a!~"[z-a]"}', "1:5: parse error: error parsing regexp: invalid character class range: `z-a`"],
  ["foo + * bar", "1:7: parse error: unexpected <op:*>"],
  ["foo / / bar", "1:7: parse error: unexpected <op:/>"],
  ["foo == == bar", "1:8: parse error: unexpected <op:==>"],
  ["foo + ^ bar", "1:7: parse error: unexpected <op:^>"],
  ["foo + % bar", "1:7: parse error: unexpected <op:%>"],
  ["foo + atan2 bar", "1:7: parse error: unexpected <op:atan2>"],
  ["foo + and bar", '1:11: parse error: unexpected identifier "bar"'],
  ["foo and or bar", '1:12: parse error: unexpected identifier "bar"'],
  ["foo + == bar", "1:7: parse error: unexpected <op:==>"],
  ["foo + != bar", "1:7: parse error: unexpected <op:!=>"],
  ["foo + < bar", "1:7: parse error: unexpected <op:<>"],
  ["foo + =~ bar", "1:7: parse error: unexpected character after '=': '~'"],
  ["foo + !~ bar", "1:7: parse error: unexpected character after '!': '~'"],
  ["sum(,)", '1:5: parse error: unexpected "," in aggregation'],
  ['foo{a="b" c="d"}', '1:11: parse error: unexpected identifier "c" in label matching, expected "," or "}"'],
  ['foo{a="b",,}', '1:11: parse error: unexpected "," in label matching, expected identifier or "}"'],
  ["foo + [5m]", '1:7: parse error: unexpected "["'],
  ["foo + {", "1:8: parse error: unexpected end of input inside braces"],
  ["foo + ]", "1:7: parse error: unexpected right bracket ']'"],
  ["foo + ,", '1:7: parse error: unexpected ","'],
  ["foo[5m:", "1:8: parse error: unclosed left bracket"],
  ["foo[5m:1m", "1:10: parse error: unclosed left bracket"],
  ["rate(foo[5m] 1)", '1:14: parse error: unexpected number "1"'],
  ["rate(foo[5m],)", "1:13: parse error: trailing commas not allowed in function call args"],
  ["rate(foo[5m]", "1:13: parse error: unclosed left parenthesis"],
  ["abs(foo,,)", "1:8: parse error: trailing commas not allowed in function call args"],
  ["sum(foo) by", '1:12: parse error: unexpected end of input in grouping opts, expected "("'],
  ["sum(foo) by (", "1:14: parse error: unclosed left parenthesis"],
  ["sum(foo) by (a", "1:15: parse error: unclosed left parenthesis"],
  ["sum(foo) by (a,", "1:16: parse error: unclosed left parenthesis"],
  ["sum by (a) foo", '1:12: parse error: unexpected identifier "foo" in aggregation'],
  ["sum without", '1:12: parse error: unexpected end of input in grouping opts, expected "("'],
  ["sum(", "1:5: parse error: unclosed left parenthesis"],
  ["topk(,foo)", '1:6: parse error: unexpected "," in aggregation'],
  ['foo offset "x"', '1:12: parse error: unexpected string "\\"x\\"" in offset, expected duration'],
  ["foo offset foo", '1:12: parse error: unexpected identifier "foo" in offset, expected duration'],
  ["foo @ start(", "1:13: parse error: unclosed left parenthesis"],
  ["foo @ end(1)", '1:11: parse error: unexpected number "1" in @, expected timestamp'],
  ["foo @", "1:6: parse error: unexpected end of input in @, expected timestamp"],
  ["foo @ Inf", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"],
  ["foo @ NaN", "1:1: parse error: timestamp out of bounds for @ modifier: NaN"],
  ["foo + on(a b) bar", '1:12: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
  ["foo + on bar", '1:10: parse error: unexpected identifier "bar" in grouping opts, expected "("'],
  ["foo + group_left(a) bar", "1:7: parse error: unexpected <group_left>"],
  [
    "foo + on(a) group_left(a,b bar",
    '1:28: parse error: unexpected identifier "bar" in grouping opts, expected "," or ")"'
  ],
  ["foo + on(a) group_left(b) 2", "1:1: parse error: vector matching only allowed between instant vectors"],
  ["1 + on(a) 2", "1:1: parse error: vector matching only allowed between instant vectors"],
  ["sum(foo) without (a) (bar)", '1:22: parse error: unexpected "("'],
  ['{a="b"}{c="d"}', '1:8: parse error: unexpected "{"'],
  ['foo{a="b"}{c="d"}', '1:11: parse error: unexpected "{"'],
  ["  +", "1:4: parse error: unexpected end of input"],
  ['foo{a="b",', "1:11: parse error: unexpected end of input inside braces"],
  ["}[5m]", "1:1: parse error: unexpected character: '}'"],
  ['foo{a="b"', "1:10: parse error: unexpected end of input inside braces"],
  ['  c="d"}', '1:4: parse error: unexpected "="'],
  ["0b11", '1:1: parse error: bad number or duration syntax: "0"'],
  ["0o17", '1:1: parse error: bad number or duration syntax: "0"'],
  ["0x1p3", '1:1: parse error: bad number or duration syntax: "0x1"'],
  ["ABS(1)", '1:1: parse error: unknown function with name "ABS"'],
  [
    "vector(1) @ START()",
    "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  ["foo OFFSET 5M", '1:12: parse error: bad number or duration syntax: "5"'],
  ["foo[5M]", '1:5: parse error: bad duration syntax: "5"'],
  ["foo[1H]", '1:5: parse error: bad duration syntax: "1"'],
  [
    "1.5e400",
    '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "1.5e400": value out of range'
  ],
  [
    "0x8000000000000000",
    '1:1: parse error: error parsing number: strconv.ParseFloat: parsing "0x8000000000000000": invalid syntax'
  ],
  ["foo offset 0s", "1:12: parse error: duration must be greater than 0"],
  ['"\\uD800"', "1:1: parse error: escape sequence is an invalid Unicode code point"],
  ['"\\400"', "1:1: parse error: escape sequence is an invalid Unicode code point"],
  ['"\\18"', "1:1: parse error: illegal character U+0038 '8' in escape sequence"],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ["foo\n  +\n bar{", "3:6: parse error: unexpected end of input inside braces"],
  ["sum(\n  rate(foo[5m]\n)", "3:2: parse error: unclosed left parenthesis"],
  ['foo{a="b"}\n[5m', "2:4: parse error: unclosed left bracket"],
  ['1 +\n\n  "x"', "3:3: parse error: binary expression must contain only scalar and instant vector types"],
  ["foo sum", "1:5: parse error: unexpected <aggr:sum>"],
  ["foo offset offset", "1:12: parse error: unexpected <offset> in offset, expected duration"],
  ["foo by", "1:5: parse error: unexpected <by>"],
  ["foo @ start() @ end()", "1:1: parse error: @ <timestamp> may not be set multiple times"],
  ["foo offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times"],
  ["foo[5m] offset 1m offset 2m", "1:1: parse error: offset may not be set multiple times"],
  ["rate(foo[5m] @ 1 @ 2)", "1:6: parse error: @ <timestamp> may not be set multiple times"],
  ["(foo)[5m]", "1:6: parse error: ranges only allowed for vector selectors"],
  [
    "-(foo[5m])",
    '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'
  ],
  ["sum(foo) by (a) without (b)", "1:17: parse error: unexpected <without>"],
  ["sum without (a) (foo) by (b)", "1:23: parse error: unexpected <by>"],
  [
    "count_values(foo, bar)",
    "1:14: parse error: expected type string in aggregation parameter, got instant vector"
  ],
  [
    "quantile(foo)",
    "1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1"
  ],
  [
    "topk(1, foo[5m])",
    "1:9: parse error: expected type instant vector in aggregation expression, got range vector"
  ],
  ['topk(1, "x")', "1:9: parse error: expected type instant vector in aggregation expression, got string"],
  ["avg(1)", "1:5: parse error: expected type instant vector in aggregation expression, got scalar"],
  ['max("x")', "1:5: parse error: expected type instant vector in aggregation expression, got string"],
  ['foo + "x"', "1:7: parse error: binary expression must contain only scalar and instant vector types"],
  ['"x" == bool 1', "1:1: parse error: binary expression must contain only scalar and instant vector types"],
  ["foo unless 1", '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ["1 unless foo", '1:1: parse error: set operator "unless" not allowed in binary scalar expression'],
  ["foo or on(a) group_right bar", '1:1: parse error: no grouping allowed for "or" operation'],
  ["foo unless on(a) group_left(b) bar", '1:1: parse error: no grouping allowed for "unless" operation'],
  [
    "foo == bool on(a) group_left(a) bar",
    '1:5: parse error: label "a" must not occur in ON and GROUP clause at once'
  ],
  [
    "foo * on(a, b) group_right(b) bar",
    '1:5: parse error: label "b" must not occur in ON and GROUP clause at once'
  ],
  ["clamp(foo, 1)", '1:1: parse error: expected 3 argument(s) in call to "clamp", got 2'],
  ["clamp(foo, 1, 2, 3)", '1:1: parse error: expected 3 argument(s) in call to "clamp", got 4'],
  [
    "clamp_max(foo, foo)",
    '1:16: parse error: expected type scalar in call to function "clamp_max", got instant vector'
  ],
  [
    "histogram_quantile(foo, bar)",
    '1:20: parse error: expected type scalar in call to function "histogram_quantile", got instant vector'
  ],
  [
    'label_join(foo, "a", ",", 1)',
    '1:27: parse error: expected type string in call to function "label_join", got scalar'
  ],
  [
    'label_replace(foo, 1, "b", "c", "d")',
    '1:20: parse error: expected type string in call to function "label_replace", got scalar'
  ],
  [
    'predict_linear(foo[5m], "x")',
    '1:25: parse error: expected type scalar in call to function "predict_linear", got string'
  ],
  [
    "quantile_over_time(0.5, foo)",
    '1:25: parse error: expected type range vector in call to function "quantile_over_time", got instant vector'
  ],
  [
    "day_of_month(foo, bar)",
    '1:1: parse error: expected at most 1 argument(s) in call to "day_of_month", got 2'
  ],
  [
    "round(foo[5m])",
    '1:7: parse error: expected type instant vector in call to function "round", got range vector'
  ],
  ["scalar(1)", '1:8: parse error: expected type instant vector in call to function "scalar", got scalar'],
  ['vector("a")', '1:8: parse error: expected type scalar in call to function "vector", got string'],
  [
    "absent_over_time(foo)",
    '1:18: parse error: expected type range vector in call to function "absent_over_time", got instant vector'
  ],
  [
    "time() + foo[5m]",
    "1:10: parse error: binary expression must contain only scalar and instant vector types"
  ],
  ["sort(foo, bar)", '1:1: parse error: expected 1 argument(s) in call to "sort", got 2'],
  [
    "foo @ 1e400",
    '1:7: parse error: error parsing number: strconv.ParseFloat: parsing "1e400": value out of range'
  ],
  ['foo{a="b",c!~"("}', "1:11: parse error: error parsing regexp: missing closing ): `^(?:()$`"],
  ['foo{a=~"a**"}', "1:5: parse error: error parsing regexp: invalid nested repetition operator: `**`"],
  ['foo{a=~"\\\\8"}', "1:5: parse error: error parsing regexp: invalid escape sequence: `\\8`"],
  ['{a=~""}', "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ['{a!~".+"}', "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ['{a="", b=~".*"}', "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ["foo offset 1m[5m]", "1:14: parse error: no offset modifiers allowed before range"],
  ["foo @ 1[5m]", "1:8: parse error: no @ modifiers allowed before range"],
  [
    "foo[5m]offset 1m[5m:]",
    "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"
  ],
  ["foo[5m:1m][5m:1m]", "1:1: parse error: subquery is only allowed on instant vector, got matrix instead"],
  ["foo[5m:1m] offset 1m offset 1m", "1:1: parse error: offset may not be set multiple times"],
  [
    "abs(foo) offset 5m",
    "1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  [
    "abs(foo) @ 5",
    "1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  ["foo + -", "1:8: parse error: unexpected end of input"],
  ["* foo", "1:1: parse error: unexpected <op:*>"],
  ["((foo)", "1:7: parse error: unclosed left parenthesis"],
  ["(foo))", "1:7: parse error: unexpected right parenthesis ')'"],
  ["foo]", "1:4: parse error: unexpected right bracket ']'"],
  ['foo{a="b"]', "1:10: parse error: unexpected character inside braces: ']'"],
  ["foo[5m}", "1:7: parse error: unexpected character: '}'"],
  ['foo{a="b" !}', "1:11: parse error: unexpected character after '!' inside braces: '}'"],
  ['foo{a~"b"}', "1:6: parse error: unexpected character inside braces: '~'"],
  ['foo{a=!"b"}', "1:7: parse error: unexpected character after '!' inside braces: '\"'"],
  ['foo{1="b"}', "1:5: parse error: unexpected character inside braces: '1'"],
  ['foo{a.b="c"}', "1:6: parse error: unexpected character inside braces: '.'"],
  ['foo{a="b"} bool', "1:12: parse error: unexpected <bool>"],
  ["foo == bool", "1:12: parse error: unexpected end of input"],
  ["foo on(a) + bar", "1:5: parse error: unexpected <on>"],
  ["group_left", "1:1: parse error: unexpected <group_left>"],
  ["sum by(a)(foo) by(b)", "1:16: parse error: unexpected <by>"],
  ["é", "1:1: parse error: unexpected character: 'é'"],
  ['foo{a="é"} + $', "1:15: parse error: unexpected character: '$'"],
  ["foo ~ bar", "1:5: parse error: unexpected character: '~'"],
  ["foo ? bar", "1:5: parse error: unexpected character: '?'"],
  ["`unterminated", "1:1: parse error: unterminated raw string"],
  ["'unterminated", "1:1: parse error: unterminated quoted string"],
  ['"a\\"b', "1:1: parse error: unterminated quoted string"],
  ['foo{a="\\u00"}', "1:7: parse error: illegal character U+0022 '\"' in escape sequence"],
  ['"\\xz1"', "1:1: parse error: illegal character U+007A 'z' in escape sequence"],
  ['"\\uzzzz"', "1:1: parse error: illegal character U+007A 'z' in escape sequence"],
  ['"\\777"', "1:1: parse error: escape sequence is an invalid Unicode code point"],
  ["on", "1:1: parse error: unexpected <on>"],
  [
    "rate(foo) + rate(bar)",
    '1:6: parse error: expected type range vector in call to function "rate", got instant vector'
  ],
  ["rate(foo) +", "1:12: parse error: unexpected end of input"],
  ["foo offset 1m offset 2m +", "1:1: parse error: offset may not be set multiple times"],
  ["sum(foo[5m]) by (a) +", "1:22: parse error: unexpected end of input"],
  ["1 > 2 +", "1:8: parse error: unexpected end of input"],
  ["foo @ Inf +", "1:1: parse error: timestamp out of bounds for @ modifier: +Inf"],
  ["foo{} + (", "1:10: parse error: unclosed left parenthesis"],
  ["{} + {}", "1:1: parse error: vector selector must contain at least one non-empty matcher"],
  ["foo[0s] + ", "1:5: parse error: duration must be greater than 0"],
  ['foo{a=~"("} +', "1:5: parse error: error parsing regexp: missing closing ): `^(?:()$`"],
  ["unknown_fn(x) +", '1:1: parse error: unknown function with name "unknown_fn"'],
  ["foo[5m][5m] +", "1:8: parse error: ranges only allowed for vector selectors"],
  ["topk(foo, bar) by", '1:18: parse error: unexpected end of input in grouping opts, expected "("'],
  ["offset(1)", '1:7: parse error: unexpected "("'],
  ["sum(1)(", '1:7: parse error: unexpected "("'],
  [
    'foo{a="b" by="x"}',
    '1:11: parse error: unexpected identifier "by" in label matching, expected "," or "}"'
  ],
  ['foo{a="b", by}', '1:14: parse error: unexpected "}" in label matching, expected label matching operator']
]

const deep = (n: number): string => `${"(".repeat(n)}1${")".repeat(n)}`

/** [query, our message, options] — 3.x features and limits 2.42 cannot show. */
const threeX: ReadonlyArray<readonly [string, string, ParseOptions?]> = [
  // 2.42: unknown escape sequence only in label matching; 3.x quotes metric names inside braces.
  ['foo{"job"}', '1:1: parse error: metric name must not be set twice: "foo" or "job"'],
  ['{"foo", "bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  // 2.42: "missing unit character in duration"; 3.x reads a duration expression here.
  ["foo[]", '1:5: parse error: unexpected "]" in range, expected duration'],
  ["foo[-5m]", "1:5: parse error: duration must be greater than 0"],
  ["foo[5m:-1m]", "1:8: parse error: duration must be greater than 0"],
  ["foo[5m - 5m]", "1:5: parse error: duration must be greater than 0"],
  ["foo[step(", "1:10: parse error: unclosed left parenthesis"],
  ["foo[min_of(1m)]", '1:14: parse error: unexpected ")" in range, expected ","'],
  ["foo offset (1m", "1:15: parse error: unclosed left parenthesis"],
  ["foo offset step", '1:12: parse error: unexpected identifier "step" in offset, expected duration'],
  // holt_winters was renamed double_exponential_smoothing in 3.0.
  ["holt_winters(foo[5m], 0.5, 0.5)", '1:1: parse error: unknown function with name "holt_winters"'],
  // Experimental features switched off.
  ['sort_by_label(foo, "a")', '1:1: parse error: function "sort_by_label" is not enabled', {}],
  [
    "double_exponential_smoothing(foo[5m], 0.5, 0.5)",
    '1:1: parse error: function "double_exponential_smoothing" is not enabled',
    {}
  ],
  ["foo[step()]", '1:5: parse error: function "step" is not enabled', {}],
  [
    "limitk(1, foo)",
    "1:1: parse error: limitk() and limit_ratio() are experimental and must be enabled with --enable-feature=promql-experimental-functions",
    {}
  ],
  [
    "rate(foo[5m] anchored)",
    "1:14: parse error: anchored modifier is experimental and must be enabled with --enable-feature=promql-extended-range-selectors",
    {}
  ],
  [
    "foo + fill(0) bar",
    "1:7: parse error: fill modifiers are experimental and must be enabled with --enable-feature=promql-binop-fill-modifiers",
    {}
  ],
  // Feature rules.
  ["foo and fill(0) bar", '1:1: parse error: fill modifiers are not allowed for set operator "and"'],
  ["foo + fill(x) bar", '1:12: parse error: unexpected identifier "x" in fill modifier, expected number'],
  ["rate(foo[5m:1m] anchored)", "1:17: parse error: anchored modifier is not supported for subqueries"],
  ["foo smoothed smoothed", "1:1: parse error: anchored or smoothed may not be set multiple times"],
  ["foo smoothed[5m]", "1:13: parse error: no anchored or smoothed modifiers allowed before range"],
  [
    "sum(foo) anchored",
    "1:1: parse error: anchored modifier must be preceded by an instant vector selector or range vector selector or a subquery"
  ],
  // The nesting cap (ARCHITECTURE §4): a clear error instead of a stack overflow.
  [deep(1001), "1:1001: parse error: expression is nested too deeply: the limit is 1000 levels"],
  [
    `${"-".repeat(20)}1`,
    "1:11: parse error: expression is nested too deeply: the limit is 10 levels",
    { maxDepth: 10 }
  ],
  [
    `2${"^2".repeat(20)}`,
    "1:22: parse error: expression is nested too deeply: the limit is 10 levels",
    { maxDepth: 10 }
  ]
]

describe("parse errors", () => {
  it("has at least 50 rows from Prometheus", () => expect(fromPrometheus.length).toBeGreaterThanOrEqual(50))
  it.each(fromPrometheus)("%j → Prometheus 2.42's message", (query, message) =>
    expect(check(query)).toBe(message)
  )
  it.each(threeX.map(([q, m, o]) => [q, m, o ?? allFeatures] as const))(
    "%j → %j (3.x)",
    (query, message, options) => expect(check(query, options)).toBe(message)
  )
  it("accepts what the cap allows", () => expect(check(deep(1000))).toBe("OK"))
})
