import { expect, it } from "vitest"
import { bitsOf, canonicalValue, isStaleMarker, normalNaN, staleMarker, valueBits } from "./special-nans.ts"

it("keeps the staleness marker's bits through Float64Array and DataView", () => {
  const a = new Float64Array(1)
  a[0] = staleMarker
  expect(bitsOf(a[0])).toBe(0x7ff0000000000002n)
  expect(isStaleMarker(a[0])).toBe(true)
  const bytes = new Uint8Array(a.buffer)
  expect([...bytes]).toEqual([0x02, 0, 0, 0, 0, 0, 0xf0, 0x7f]) // little-endian, as on the wire
})

it("tells the marker from other NaNs", () => {
  expect(isStaleMarker(Number.NaN)).toBe(false)
  expect(isStaleMarker(normalNaN)).toBe(false)
  expect(isStaleMarker(1)).toBe(false)
  expect(bitsOf(canonicalValue(Number.NaN))).toBe(0x7ff8000000000001n)
  expect(bitsOf(canonicalValue(staleMarker))).toBe(0x7ff0000000000002n)
  expect(canonicalValue(2.5)).toBe(2.5)
})

it("recognises the marker after V8 quieted it, and stores exact bits", () => {
  const viaArray = [staleMarker][0] * 1
  expect(isStaleMarker(viaArray)).toBe(true)
  expect(valueBits(viaArray)).toBe(0x7ff0000000000002n)
  expect(valueBits(Number.NaN)).toBe(0x7ff8000000000001n)
  expect(valueBits(-0)).toBe(0x8000000000000000n)
})
