import { describe, expect, it } from "vitest"
import { parseFloatToken } from "./float.ts"

const bits = (v: number) => {
  const b = Buffer.alloc(8)
  b.writeDoubleBE(v)
  return b.toString("hex")
}

describe("parseFloatToken", () => {
  it("gives the same double as Number() for random decimals (fast path and fallback)", () => {
    let seed = 17
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    }
    const digits = (n: number) => Array.from({ length: n }, () => String(rnd(10))).join("")
    for (let k = 0; k < 200_000; k++) {
      const sign = ["", "-", "+"][rnd(3)]
      const int = digits(rnd(18))
      const frac = rnd(2) === 0 ? "" : `.${digits(rnd(18))}`
      const exp = rnd(3) === 0 ? `e${["", "-", "+"][rnd(3)]}${rnd(40)}` : ""
      const token = `${sign}${int}${frac}${exp}`
      if (!/\d/.test(int + frac)) continue
      const got = parseFloatToken(token, 0, token.length)
      expect([token, got === undefined ? "undefined" : bits(got)]).toEqual([token, bits(Number(token))])
    }
  })

  it("keeps -0 and rejects what Go rejects", () => {
    expect(Object.is(parseFloatToken("-0", 0, 2), -0)).toBe(true)
    expect(Object.is(parseFloatToken("-0.0e3", 0, 6), -0)).toBe(true)
    for (const bad of ["1e", "e5", ".", "-", "1.2.3", "0x10", "1_000", "1e+"])
      expect([bad, parseFloatToken(bad, 0, bad.length)]).toEqual([bad, undefined])
  })
})
