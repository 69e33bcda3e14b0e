import { describe, expect, it } from "vitest"
import { crc32c } from "../../protocols/encoding/crc32c.ts"
import { decodeTombstones, encodeTombstones, isDeleted, tombstonesMagic } from "./tombstones.ts"

describe("tombstones", () => {
  it("reads Prometheus's open-ended intervals (±2^63−1) as all time", () => {
    // series 3, [minInt64, maxInt64]: zigzag(−2^63) = 2^64−1, zigzag(2^63−1) = 2^64−2.
    const body = [3, ...Array(9).fill(0xff), 0x01, 0xfe, ...Array(8).fill(0xff), 0x01]
    const bytes = new Uint8Array(5 + body.length + 4)
    new DataView(bytes.buffer).setUint32(0, tombstonesMagic)
    bytes[4] = 1
    bytes.set(body, 5)
    new DataView(bytes.buffer).setUint32(5 + body.length, crc32c(bytes, 5, 5 + body.length))
    const t = decodeTombstones(bytes, "tombstones")
    expect(t).toEqual([{ seriesId: 3, minTime: -Number.MAX_SAFE_INTEGER, maxTime: Number.MAX_SAFE_INTEGER }])
    expect(isDeleted(t, 3, 1_700_000_000_000)).toBe(true)
  })

  it("round-trips ordinary intervals", () => {
    const t = [
      { seriesId: 1, minTime: -5, maxTime: 10 },
      { seriesId: 9, minTime: 1_700_000_000_000, maxTime: 1_700_000_360_000 }
    ]
    expect(decodeTombstones(encodeTombstones(t), "tombstones")).toEqual(t)
  })
})
