import { describe, expect, it } from "vitest"
import { crc32c } from "./crc32c.ts"

/** Bit by bit, straight from the polynomial: the reference the table version must agree with. */
const reference = (bytes: Uint8Array, from: number, to: number): number => {
  let c = 0xffffffff
  for (let i = from; i < to; i++) {
    c ^= bytes[i]
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1
  }
  return ~c >>> 0
}

describe("crc32c (slicing by 8)", () => {
  it("gives the RFC 3720 check value for '123456789'", () => {
    expect(crc32c(new TextEncoder().encode("123456789"))).toBe(0xe3069283)
  })
  it("agrees with the bitwise reference at every length, offset and split point", () => {
    let seed = 7
    const data = Uint8Array.from({ length: 300 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24)
    for (let from = 0; from < 9; from++)
      for (let to = from; to <= 80; to++) {
        const want = reference(data, from, to)
        expect(crc32c(data, from, to)).toBe(want)
        const mid = (from + to) >> 1
        expect(crc32c(data, mid, to, crc32c(data, from, mid))).toBe(want)
      }
    expect(crc32c(data)).toBe(reference(data, 0, data.length))
    expect(crc32c(new Uint8Array(1000).fill(0xff))).toBe(reference(new Uint8Array(1000).fill(0xff), 0, 1000))
  })
})
