/**
 * A stable hash of a label set: FNV-1a 64 over the UTF-8 bytes of `name 0xFF value 0xFF …` (0xFF
 * never occurs in UTF-8, so the framing is unambiguous). Stable across processes and versions,
 * so it may key shards or persisted maps. It is not Prometheus's xxhash; nothing outside Vesta
 * needs to agree with it. No allocation, no BigInt: the 64-bit state is two 32-bit halves.
 */
import type { Labels } from "./labels.ts"

// FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3.
const basisHi = 0xcbf29ce4
const basisLo = 0x84222325

let hi = 0
let lo = 0

/**
 * state = (state XOR byte) × prime. Multiplying by 2^40 + 0x1b3 is `state × 0x1b3` plus
 * `state << 40`; the low half's product (< 2^41) is exact in a double, its carry goes up.
 */
const mixByte = (b: number): void => {
  const l = (lo ^ b) >>> 0
  const p = l * 0x1b3
  const carry = Math.floor(p / 4294967296)
  lo = p >>> 0
  hi = (Math.imul(hi, 0x1b3) + carry + (l << 8)) >>> 0
}

/** Mixes the UTF-8 encoding of s (a lone surrogate is mixed as U+FFFD, like Go's conversion). */
const mixString = (s: string): void => {
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      mixByte(c)
      continue
    }
    if (c < 0x800) {
      mixByte(0xc0 | (c >>> 6))
      mixByte(0x80 | (c & 0x3f))
      continue
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
        mixByte(0xf0 | (cp >>> 18))
        mixByte(0x80 | ((cp >>> 12) & 0x3f))
        mixByte(0x80 | ((cp >>> 6) & 0x3f))
        mixByte(0x80 | (cp & 0x3f))
        continue
      }
      c = 0xfffd
    }
    mixByte(0xe0 | (c >>> 12))
    mixByte(0x80 | ((c >>> 6) & 0x3f))
    mixByte(0x80 | (c & 0x3f))
  }
}

const mixLabels = (l: Labels): void => {
  hi = basisHi
  lo = basisLo
  for (let i = 0; i < l.length; i++) {
    mixString(l[i])
    mixByte(0xff)
  }
}

/**
 * The hash as a safe integer: the low 53 bits of the 64-bit FNV-1a value, so it can key a `Map`
 * or be compared with `===`. Equal label sets always hash equally; collisions are possible and
 * callers that dedupe by hash must compare the labels too.
 */
export const hashLabels = (l: Labels): number => {
  mixLabels(l)
  return (hi & 0x1fffff) * 4294967296 + lo
}

/** The full 64-bit hash as 16 lower-case hex digits (for logs, tests and persisted keys). */
export const hashLabelsHex = (l: Labels): string => {
  mixLabels(l)
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0")
}

/** Plain FNV-1a 64 of one string's UTF-8 bytes, as 16 hex digits (checks against known vectors). */
export const fnv1a64Hex = (s: string): string => {
  hi = basisHi
  lo = basisLo
  mixString(s)
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0")
}
