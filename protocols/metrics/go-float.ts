/**
 * Go's float formatting as Prometheus prints numbers: `strconv.FormatFloat(v, 'g', -1, 64)` in the
 * text exposition format and a mix of 'e' and 'f' in the HTTP API's JSON. Shortest round-trip digits come
 * from JS (`toExponential()`), which produces the same digits as Go's shortest mode.
 */

const shortestDigits = (v: number): { digits: string; exp: number } => {
  const s = Math.abs(v).toExponential() // "d.ddde+x"
  const e = s.indexOf("e")
  const mantissa = s.slice(0, e).replace(".", "")
  return { digits: mantissa, exp: Number(s.slice(e + 1)) }
}

const special = (v: number): string | undefined => {
  if (Number.isNaN(v)) return "NaN"
  if (v === Number.POSITIVE_INFINITY) return "+Inf"
  if (v === Number.NEGATIVE_INFINITY) return "-Inf"
  return undefined
}

const plain = (sign: string, digits: string, exp: number): string => {
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`
  if (digits.length <= exp + 1) return sign + digits + "0".repeat(exp + 1 - digits.length)
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`
}

/**
 * strconv.FormatFloat(v, 'g', -1, 64): shortest digits; exponent form (at least two exponent
 * digits) when the decimal exponent is < -4 or >= 6 — Go fixes the precision at 6 for this
 * decision in shortest mode, which is why Prometheus prints 1234567 as 1.234567e+06.
 */
export const formatG = (v: number): string => {
  const sp = special(v)
  if (sp !== undefined) return sp
  if (v === 0) return Object.is(v, -0) ? "-0" : "0"
  const sign = v < 0 ? "-" : ""
  const { digits, exp } = shortestDigits(v)
  if (exp < -4 || exp >= 6) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
    const ae = Math.abs(exp)
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${ae < 10 ? "0" : ""}${ae}`
  }
  return plain(sign, digits, exp)
}

/**
 * A sample value in the HTTP API's JSON: Go's FormatFloat with 'e' when |v| < 1e-6 or |v| >= 1e21
 * (exponent padded to two digits: 1.5e-07), else 'f'. NaN, +Inf, -Inf and -0 spelled as Go does.
 */
export const formatApiValue = (v: number): string => {
  const sp = special(v)
  if (sp !== undefined) return sp
  if (v === 0) return Object.is(v, -0) ? "-0" : "0"
  const s = String(v)
  const e = s.indexOf("e")
  if (e === -1) return s
  const exp = s.slice(e + 2)
  return exp.length === 1 ? `${s.slice(0, e + 2)}0${exp}` : s
}
