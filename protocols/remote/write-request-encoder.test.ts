import { describe, expect, it } from "vitest"
import { decodeWriteRequest } from "./write-request-decoder.ts"
import { encodeLabelFields, encodeWriteRequest } from "./write-request-encoder.ts"

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

  it("writes the same bytes from pre-encoded labels and from a sample range of shared arrays", () => {
    const stale = new Float64Array(new BigUint64Array([0x7ff0000000000002n]).buffer)[0]
    const values = Float64Array.of(1.5, stale, -0, 7, Number.POSITIVE_INFINITY)
    const timestamps = [10, 20, 2 ** 40, 40, 50]
    const a = ["__name__", "up", "job", "ünï", "zone", ""]
    const b = ["__name__", "x".repeat(200)]
    const plain = encodeWriteRequest([
      { labels: a, timestamps: timestamps.slice(1, 3), values: values.slice(1, 3) },
      { labels: b, timestamps: timestamps.slice(3), values: values.slice(3) }
    ])
    const ranged = encodeWriteRequest([
      { labels: a, timestamps, values, from: 1, to: 3, labelBytes: encodeLabelFields(a) },
      {
        labels: b,
        timestamps: timestamps.slice(2),
        values: values.subarray(2),
        from: 1,
        to: 3,
        labelBytes: encodeLabelFields(b)
      }
    ])
    expect(Buffer.from(ranged).equals(Buffer.from(plain))).toBe(true)
    // The staleness marker kept its bits.
    const d = decodeWriteRequest(ranged)
    if (d instanceof Error) throw d
    expect(new BigUint64Array(Float64Array.from(d.series[0].values).buffer)[0]).toBe(0x7ff0000000000002n)
  })
})
