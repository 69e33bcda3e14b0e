/**
 * PromQL number and duration literals: values as Prometheus reads them (Go's ParseInt with base 0,
 * then ParseFloat; underscores between digits; `1h30m` units in descending order, each once) and
 * Go's error texts for the ones it refuses.
 */

const durationUnits: Record<string, number> = {
  y: 31536000,
  w: 604800,
  d: 86400,
  h: 3600,
  m: 60,
  s: 1,
  ms: 0.001
}
const unitOrder = ["y", "w", "d", "h", "m", "s", "ms"]
/** A duration literal: integer-unit groups (`5m`, `1h30m`, `500ms`). */
export const durationShape = /^[0-9][0-9_]*(ms|s|m|h|d|w|y)([0-9]+(ms|s|m|h|d|w|y))*$/
const durationPart = /([0-9_]+)(ms|s|m|h|d|w|y)/g

/** Seconds of a duration literal (`1h30m`), or undefined when units repeat or come out of order. */
export const durationSeconds = (text: string): number | undefined => {
  let seconds = 0
  let last = -1
  for (const m of text.matchAll(durationPart)) {
    const idx = unitOrder.indexOf(m[2])
    if (idx <= last) return undefined
    last = idx
    seconds += Number(m[1].replaceAll("_", "")) * durationUnits[m[2]]
  }
  return seconds
}

const goDigits = /^(?:[0-9]+(?:_[0-9]+)*)$/
const goHex = /^0[xX]_?[0-9a-fA-F]+(?:_[0-9a-fA-F]+)*$/
const goFloat = /^(?:[0-9]+(?:_[0-9]+)*)?(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?(?:[eE][+-]?[0-9]+)?$/

/** A number literal's value as Prometheus reads it (ParseInt with base 0, then ParseFloat), or an error. */
export const parseNumber = (text: string): number | string => {
  const syntax = `error parsing number: strconv.ParseFloat: parsing "${text}": invalid syntax`
  if (goHex.test(text)) {
    const digits = text.slice(2).replaceAll("_", "")
    return BigInt(`0x${digits}`) > 9223372036854775807n ? syntax : Number.parseInt(digits, 16)
  }
  const plain = text.replaceAll("_", "")
  if (goDigits.test(text) && plain.length > 1 && plain[0] === "0" && /^[0-7]+$/.test(plain)) {
    return Number.parseInt(plain, 8)
  }
  if (!goFloat.test(text) || !/[0-9]/.test(text)) return syntax
  const v = Number(plain)
  if (!Number.isFinite(v))
    return `error parsing number: strconv.ParseFloat: parsing "${text}": value out of range`
  return v
}
