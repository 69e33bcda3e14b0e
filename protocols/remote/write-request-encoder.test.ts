import { describe, expect, it } from "vitest"
import { decodeWriteRequest } from "./write-request-decoder.ts"
import { encodeWriteRequest } from "./write-request-encoder.ts"

describe("remote write 1.0 encoder", () => {
  it("round-trips timestamps at every varint length boundary, negative ones and non-ASCII labels", () => {
    const timestamps: number[] = [0, 1, -1, -(2 ** 53) + 1, 2 ** 53 - 1]
    for (let b = 7; b <= 52; b += 7) timestamps.push(2 ** b - 1, 2 ** b, 2 ** b + 1)
    timestamps.push(0x0fffffff, 0x10000000, 0x7fffffff, 0x80000000, 0xffffffff, 1_700_000_000_123)
    const series = [
      {
        labels: ["__name__", "m", "zone", "ünïcödé 🌍"],
        timestamps,
        values: Float64Array.from(timestamps, (_, i) => i / 3)
      },
      { labels: ["__name__", "x".repeat(300)], timestamps: [5], values: Float64Array.of(Number.NaN) }
    ]
    const d = decodeWriteRequest(encodeWriteRequest(series))
    if (d instanceof Error) throw d
    expect(d.series.map((s) => s.labels)).toEqual(series.map((s) => s.labels))
    expect(d.series[0].timestamps).toEqual(timestamps)
    expect([...d.series[0].values]).toEqual([...series[0].values])
    expect(d.series[1].timestamps).toEqual([5])
  })
})
