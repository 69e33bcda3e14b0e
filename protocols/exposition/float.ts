/**
 * Sample values as Prometheus's exposition parsers read them: Go's ParseFloat for decimals and the
 * words inf/infinity/nan (any case, optional sign), but no hex floats and no `_` separators. Plain
 * code on the hot path: `parseFloatBytes` reads plain integers and Clinger's exact cases from the
 * payload bytes; anything else is validated and given to Number() (`parseFloatToken`).
 */

const CODE_0 = 48
const CODE_9 = 57

const words: Readonly<Record<string, number>> = {
  inf: Number.POSITIVE_INFINITY,
  "+inf": Number.POSITIVE_INFINITY,
  "-inf": Number.NEGATIVE_INFINITY,
  infinity: Number.POSITIVE_INFINITY,
  "+infinity": Number.POSITIVE_INFINITY,
  "-infinity": Number.NEGATIVE_INFINITY,
  nan: Number.NaN,
  "+nan": Number.NaN,
  "-nan": Number.NaN
}

/** Decimal float syntax Go accepts (without hex and underscores). */
const isDecimal = (s: string, start: number, end: number): boolean => {
  let i = start
  const c0 = s.charCodeAt(i)
  if (c0 === 43 || c0 === 45) i++ // + -
  let digits = 0
  while (i < end && s.charCodeAt(i) >= CODE_0 && s.charCodeAt(i) <= CODE_9) {
    i++
    digits++
  }
  if (i < end && s.charCodeAt(i) === 46) {
    i++
    while (i < end && s.charCodeAt(i) >= CODE_0 && s.charCodeAt(i) <= CODE_9) {
      i++
      digits++
    }
  }
  if (digits === 0) return false
  if (i < end && (s.charCodeAt(i) | 0x20) === 101) {
    i++
    const c = s.charCodeAt(i)
    if (c === 43 || c === 45) i++
    let expDigits = 0
    while (i < end && s.charCodeAt(i) >= CODE_0 && s.charCodeAt(i) <= CODE_9) {
      i++
      expDigits++
    }
    if (expDigits === 0) return false
  }
  return i === end
}

/** 10^0 … 10^22: every one is exact in a double. */
const exactPowers = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/** The value of s[start, end), or undefined when it is not a valid float. */
export const parseFloatToken = (s: string, start: number, end: number): number | undefined => {
  if (isDecimal(s, start, end)) return Number(s.slice(start, end))
  return words[s.slice(start, end).toLowerCase()]
}

/** Why a token is not a float, in the words of Go's strconv errors Prometheus shows. */
export const floatError = (token: string): string =>
  /[pP_]/.test(token)
    ? `unsupported character in float`
    : `strconv.ParseFloat: parsing ${JSON.stringify(token)}: invalid syntax`

/**
 * The fast paths over bytes: plain integers of up to 15 digits, and Clinger's fast path:
 * `[-]digits[.digits][e[±]digits]` with at most 15 significant digits and a net power of ten
 * within ±22 is one exact integer times or divided by one exact power, so the single IEEE rounding
 * gives the correctly rounded result (the same double Number() returns). Undefined when the token
 * needs the full parse (the caller then decodes the token and calls `parseFloatToken`), never for
 * a token the full parse would read differently.
 */
export const parseFloatBytes = (b: Uint8Array, start: number, end: number): number | undefined => {
  let i = start
  let neg = false
  const c0 = b[i]
  if (c0 === 45 || c0 === 43) {
    neg = c0 === 45
    i++
  }
  let m = 0
  let digits = 0
  let scale = 0
  let any = false
  for (; i < end; i++) {
    const d = b[i] - CODE_0
    if (d < 0 || d > 9) break
    any = true
    if (digits > 0 || d !== 0) digits++
    m = m * 10 + d
  }
  if (i === end && any && digits <= 15) return neg ? -m : m
  if (i < end && b[i] === 46) {
    for (i++; i < end; i++) {
      const d = b[i] - CODE_0
      if (d < 0 || d > 9) break
      any = true
      if (digits > 0 || d !== 0) digits++
      m = m * 10 + d
      scale--
    }
  }
  if (!any || digits > 15) return undefined
  if (i < end && (b[i] | 0x20) === 101) {
    i++
    let eneg = false
    const c = b[i]
    if (c === 43 || c === 45) {
      eneg = c === 45
      i++
    }
    let e = 0
    const e0 = i
    for (; i < end; i++) {
      const d = b[i] - CODE_0
      if (d < 0 || d > 9 || e > 1000) break
      e = e * 10 + d
    }
    if (i === e0) return undefined
    scale += eneg ? -e : e
  }
  if (i !== end) return undefined
  let v: number
  if (m === 0) v = 0
  else if (scale >= 0 && scale <= 22) v = m * exactPowers[scale]
  else if (scale < 0 && scale >= -22) v = m / exactPowers[-scale]
  else return undefined
  return neg ? -v : v
}
