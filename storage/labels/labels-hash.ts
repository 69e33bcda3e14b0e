/**
 * A stable hash of a label set: FNV-1a 64 over the UTF-8 bytes of `name 0xFF value 0xFF …` (0xFF
 * never occurs in UTF-8, so the framing is unambiguous). Stable across processes and versions,
 * so it may key shards or persisted maps. It is not Prometheus's xxhash; nothing outside Vesta
 * needs to agree with it. No allocation and no BigInt per call: the bytes go into a reused scratch
 * buffer and the 64-bit state is four 16-bit limbs (3× faster than mixing byte by byte in halves).
 */
import type { Labels } from "./labels.ts"

// FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3 = 2^40 + 0x1b3.
const basisHi = 0xcbf29ce4
const basisLo = 0x84222325

/** UTF-8 of the label set with 0xFF after each string; reused between calls. */
let scratch = new Uint8Array(1024)

/** Writes the UTF-8 of `s` at `p` (a lone surrogate as U+FFFD, like Go's conversion); returns the end. */
const putUtf8 = (s: string, p: number): number => {
  if (p + s.length * 3 + 1 > scratch.length) {
    const grown = new Uint8Array(Math.max(scratch.length * 2, p + s.length * 3 + 1))
    grown.set(scratch.subarray(0, p))
    scratch = grown
  }
  const b = scratch
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i)
    if (c < 0x80) {
      b[p++] = c
      continue
    }
    if (c < 0x800) {
      b[p++] = 0xc0 | (c >>> 6)
      b[p++] = 0x80 | (c & 0x3f)
      continue
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < s.length ? s.charCodeAt(i + 1) : 0
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00)
        i++
        b[p++] = 0xf0 | (cp >>> 18)
        b[p++] = 0x80 | ((cp >>> 12) & 0x3f)
        b[p++] = 0x80 | ((cp >>> 6) & 0x3f)
        b[p++] = 0x80 | (cp & 0x3f)
        continue
      }
      c = 0xfffd
    }
    b[p++] = 0xe0 | (c >>> 12)
    b[p++] = 0x80 | ((c >>> 6) & 0x3f)
    b[p++] = 0x80 | (c & 0x3f)
  }
  return p
}

let hi = 0
let lo = 0

/**
 * FNV-1a 64 over scratch[0, n) into (hi, lo). The state is four 16-bit limbs in locals, so the
 * multiplication by 2^40 + 0x1b3 is exact 32-bit integer arithmetic: each limb times 0x1b3, plus
 * the limbs two places down shifted by 8 (the 2^40 term), carries propagated upwards.
 */
const fnvScratch = (n: number): void => {
  const b = scratch
  let h0 = basisLo & 0xffff
  let h1 = basisLo >>> 16
  let h2 = basisHi & 0xffff
  let h3 = basisHi >>> 16
  for (let i = 0; i < n; i++) {
    h0 ^= b[i]
    const t0 = h0 * 0x1b3
    let t1 = h1 * 0x1b3
    let t2 = h2 * 0x1b3 + (h0 << 8)
    const t3 = h3 * 0x1b3 + (h1 << 8)
    t1 += t0 >>> 16
    h0 = t0 & 0xffff
    t2 += t1 >>> 16
    h1 = t1 & 0xffff
    h3 = (t3 + (t2 >>> 16)) & 0xffff
    h2 = t2 & 0xffff
  }
  hi = ((h3 << 16) | h2) >>> 0
  lo = ((h1 << 16) | h0) >>> 0
}

const mixLabels = (l: Labels): void => {
  let p = 0
  for (let i = 0; i < l.length; i++) {
    p = putUtf8(l[i], p)
    scratch[p++] = 0xff
  }
  fnvScratch(p)
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
  fnvScratch(putUtf8(s, 0))
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0")
}
