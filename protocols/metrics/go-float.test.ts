import { describe, expect, it } from "vitest"
import { formatApiValue, formatG } from "./go-float.ts"

// Expected strings are what Go's strconv.FormatFloat prints for these values.
describe("formatG (strconv 'g', -1)", () => {
  it.each([
    [0, "0"],
    [1, "1"],
    [-1, "-1"],
    [0.5, "0.5"],
    [100000, "100000"],
    [999999, "999999"],
    [1000000, "1e+06"],
    [1234567, "1.234567e+06"],
    [1.5e9, "1.5e+09"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [0.000012345, "1.2345e-05"],
    [123.456, "123.456"],
    [1e100, "1e+100"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
    [-0.25, "-0.25"],
    [0.1 + 0.2, "0.30000000000000004"]
  ])("%s → %s", (v, want) => expect(formatG(v)).toBe(want))
})

describe("formatApiValue (the API's sample value strings)", () => {
  it.each([
    [1, "1"],
    [0.1 + 0.2, "0.30000000000000004"],
    [1e20, "100000000000000000000"],
    [1e21, "1e+21"],
    [1.5e-7, "1.5e-07"],
    [-2.5e22, "-2.5e+22"],
    [-0, "-0"],
    [0, "0"],
    [123456789012345680, "123456789012345680"],
    [0.000001, "0.000001"],
    [1e-300, "1e-300"],
    [Number.NaN, "NaN"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"]
  ])("%s → %s", (v, want) => expect(formatApiValue(v)).toBe(want))
})
