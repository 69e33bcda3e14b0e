/**
 * The variable-width integers of native histogram chunks (Prometheus `tsdb/docs/format/chunks.md`):
 * a unary prefix of up to eight 1-bits, ended by a 0 unless all eight are set, picks the payload
 * width: 0 (the value is 0), 3, 6, 9, 12, 18, 25, 56 or 64 bits. Signed values use the same
 * asymmetric ranges as XOR timestamps (−(2^(n−1) − 1) … 2^(n−1)); unsigned ones 0 … 2^n − 1.
 * Values are JS numbers: exact up to 2^53, which counts and timestamps stay below.
 */
import type { BitReader, BitWriter } from "./bit-stream.ts"

/** Payload widths by the number of leading 1-bits in the prefix (index 0 = prefix "0"). */
const widths = [0, 3, 6, 9, 12, 18, 25, 56, 64]

const readPayload = (r: BitReader, n: number): number => {
  if (n <= 32) return r.readBits(n)
  const hi = r.readBits(n - 32)
  return hi * 4294967296 + r.readBits(32)
}

const prefixOnes = (r: BitReader): number => {
  let ones = 0
  while (ones < 8 && r.readBit() === 1) ones++
  return ones
}

export const readVarbitInt = (r: BitReader): number => {
  const n = widths[prefixOnes(r)]
  if (n === 0) return 0
  if (n <= 32) {
    const u = r.readBits(n)
    const half = 2 ** (n - 1)
    return u > half ? u - 2 * half : u
  }
  // Wide payloads: apply the sign to the high part alone, so the result stays exact (an n-bit
  // unsigned value near 2^56 would not be).
  const hiBits = n - 32
  const hi = r.readBits(hiBits)
  const lo = r.readBits(32)
  const hiHalf = 2 ** (hiBits - 1)
  const negative = hi > hiHalf || (hi === hiHalf && lo > 0)
  return (negative ? hi - 2 * hiHalf : hi) * 4294967296 + lo
}

export const readVarbitUint = (r: BitReader): number => readPayload(r, widths[prefixOnes(r)])

/** Writes the low n ≤ 64 bits of a safe integer (two's complement when negative). */
const writePayload = (w: BitWriter, v: number, n: number): void => {
  const hi = Math.floor(v / 4294967296)
  w.writeBits64(hi >>> 0, (v - hi * 4294967296) >>> 0, n)
}

export const writeVarbitInt = (w: BitWriter, v: number): void => {
  if (v === 0) {
    w.writeBit(0)
    return
  }
  for (let i = 1; i < 8; i++) {
    const n = widths[i]
    const half = 2 ** (n - 1)
    if (v >= -(half - 1) && v <= half) {
      w.writeBits(((1 << (i + 1)) - 2) & 0x1ff, i + 1) // i ones then a zero
      writePayload(w, v, n)
      return
    }
  }
  w.writeBits(0xff, 8)
  writePayload(w, v, 64)
}

export const writeVarbitUint = (w: BitWriter, v: number): void => {
  if (v === 0) {
    w.writeBit(0)
    return
  }
  for (let i = 1; i < 8; i++) {
    const n = widths[i]
    if (v < 2 ** n) {
      w.writeBits(((1 << (i + 1)) - 2) & 0x1ff, i + 1)
      writePayload(w, v, n)
      return
    }
  }
  w.writeBits(0xff, 8)
  writePayload(w, v, 64)
}
