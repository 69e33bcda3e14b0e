import { describe, expect, it } from "vitest"
import { prometheus } from "../gen/prometheus.js"
import { bitsOf, staleMarker } from "../values/special-nans.ts"
import type { DecodedWrite } from "./decoded-write.ts"
import { DecodeError, decodeWriteRequest, WriteRequestDecoder } from "./write-request-decoder.ts"
import { encodeWriteRequest } from "./write-request-encoder.ts"

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|#[^\n]*/g, ""), "hex"))
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")

/** Sample values as bit patterns (numbers would lose the staleness marker's signalling bit). */
const valueBits = (d: DecodedWrite) => {
  const view = new DataView(d.values.buffer)
  return Array.from({ length: d.sampleCount }, (_, i) => view.getBigUint64(i * 8, true))
}

const decode = (b: Uint8Array): DecodedWrite => {
  const d = new WriteRequestDecoder().decode(b)
  if (d instanceof DecodeError) throw d
  return d
}

// Golden bytes written out by hand from the protobuf wire rules (key = field << 3 | wire type;
// wire 2 = length-delimited, 1 = fixed64 little-endian, 0 = varint), not produced by an encoder.
const golden = hex(`
  0a 2c                        # WriteRequest.timeseries (1, bytes), 44 bytes
    0a 0e                      #   TimeSeries.labels (1), 14 bytes
      0a 08 5f5f6e616d655f5f   #     Label.name "__name__"
      12 02 7570               #     Label.value "up"
    0a 08                      #   TimeSeries.labels, 8 bytes
      0a 03 6a6f62             #     name "job"
      12 01 61                 #     value "a"
    12 10                      #   TimeSeries.samples (2), 16 bytes
      09 000000000000f03f      #     Sample.value (1, fixed64) 1.0
      10 80d095ffbc31          #     Sample.timestamp (2, varint) 1700000000000
  1a 0c                        # WriteRequest.metadata (3), 12 bytes
    08 02                      #   MetricMetadata.type GAUGE
    12 02 7570                 #   metric_family_name "up"
    22 01 68                   #   help (4) "h"
    2a 01 73                   #   unit (5) "s"
`)

// A stale marker at timestamp -1: the marker's bytes 02 00 00 00 00 00 f0 7f, and -1 as a
// 10-byte two's-complement varint.
const goldenStale = hex(`
  0a 24                                # timeseries, 36 bytes
    0a 0c 0a 08 5f5f6e616d655f5f 12 00 # labels: __name__="" (empty value is still sent here)
    12 14                              # samples, 20 bytes
      09 020000000000f07f              #   value: staleness marker
      10 ffffffffffffffffff01          #   timestamp -1
`)

describe("remote write 1.0 decoder: golden bytes", () => {
  it("decodes hand-written bytes", () => {
    const d = decode(golden)
    expect(d.seriesCount).toBe(1)
    expect(d.seriesLabels(0)).toEqual(["__name__", "up", "job", "a"])
    expect(Array.from(d.timestampsMs.subarray(0, d.sampleCount))).toEqual([1700000000000])
    expect(Array.from(d.values.subarray(0, d.sampleCount))).toEqual([1])
    expect(d.metadata).toEqual([{ seriesIndex: -1, type: 2, family: "up", help: "h", unit: "s" }])
  })
  it("the generated encoder and the hand encoder both produce the golden bytes", () => {
    const msg = {
      timeseries: [
        {
          labels: [
            { name: "__name__", value: "up" },
            { name: "job", value: "a" }
          ],
          samples: [{ value: 1, timestamp: 1700000000000 }]
        }
      ],
      metadata: [{ type: 2, metricFamilyName: "up", help: "h", unit: "s" }]
    }
    expect(toHex(prometheus.WriteRequest.encode(msg).finish())).toBe(toHex(golden))
    const series = encodeWriteRequest([
      { labels: ["__name__", "up", "job", "a"], timestamps: [1700000000000], values: new Float64Array([1]) }
    ])
    expect(toHex(series)).toBe(toHex(golden.subarray(0, 46)))
  })
  it("keeps the staleness marker's exact bits and negative timestamps", () => {
    const d = decode(goldenStale)
    expect(valueBits(d)).toEqual([0x7ff0000000000002n])
    expect(d.timestampsMs[0]).toBe(-1)
    expect(d.seriesLabels(0)).toEqual(["__name__", ""])
    const copied = decodeWriteRequest(goldenStale)
    if (copied instanceof DecodeError) throw copied
    expect(new DataView(copied.series[0].values.buffer).getBigUint64(0, true)).toBe(0x7ff0000000000002n)
  })
})

describe("remote write 1.0 decoder: round trips through the generated encoder", () => {
  const labels = (...kv: string[]) => {
    const out: Array<{ name: string; value: string }> = []
    for (let i = 0; i < kv.length; i += 2) out.push({ name: kv[i], value: kv[i + 1] })
    return out
  }
  const request = {
    timeseries: [
      {
        labels: labels("__name__", "http_requests_total", "code", "200", "path", "/ä/ß/東京"),
        samples: [
          { value: 1.5, timestamp: 1700000000000 },
          { value: -0, timestamp: 1700000015000 },
          { value: Number.POSITIVE_INFINITY, timestamp: 1700000030000 },
          { value: 1e-300, timestamp: -86_400_000 }
        ],
        exemplars: [
          { labels: labels("trace_id", "abc123"), value: 0.25, timestamp: 1700000000001 },
          { labels: [], value: 7, timestamp: 0 }
        ]
      },
      { labels: labels("__name__", "up"), samples: [] },
      {
        labels: labels("__name__", "latency_seconds"),
        histograms: [
          {
            countInt: 12,
            sum: 3.5,
            schema: -2,
            zeroThreshold: 1e-128,
            zeroCountInt: 2,
            negativeSpans: [{ offset: -3, length: 1 }],
            negativeDeltas: [1],
            positiveSpans: [
              { offset: 0, length: 2 },
              { offset: 5, length: 1 }
            ],
            positiveDeltas: [4, -1, 2],
            resetHint: 2,
            timestamp: 1700000000000
          },
          {
            countFloat: 10.5,
            sum: -1,
            schema: 3,
            zeroCountFloat: 0.5,
            positiveSpans: [{ offset: 1, length: 2 }],
            positiveCounts: [4.5, 5.5],
            negativeCounts: [],
            resetHint: 3,
            timestamp: 1700000060000,
            customValues: [0.1, 1, 10]
          }
        ]
      }
    ],
    metadata: [
      { type: 1, metricFamilyName: "http_requests", help: "Requests.", unit: "" },
      { type: 7, metricFamilyName: "feature", help: "", unit: "" }
    ]
  }

  it("decodes every field the generated code encodes", () => {
    const d = decode(prometheus.WriteRequest.encode(request).finish())
    expect(d.seriesCount).toBe(3)
    expect(d.seriesLabels(0)).toEqual(["__name__", "http_requests_total", "code", "200", "path", "/ä/ß/東京"])
    expect(d.seriesLabels(1)).toEqual(["__name__", "up"])
    expect(Array.from(d.sampleStart.subarray(0, 4))).toEqual([0, 4, 4, 4])
    expect(Array.from(d.timestampsMs.subarray(0, 4))).toEqual([
      1700000000000, 1700000015000, 1700000030000, -86_400_000
    ])
    expect(Array.from(d.values.subarray(0, 4))).toEqual([1.5, -0, Number.POSITIVE_INFINITY, 1e-300])
    expect(Object.is(d.values[1], -0)).toBe(true)
    expect(d.exemplarCount).toBe(2)
    expect(Array.from(d.exemplarSeries.subarray(0, 2))).toEqual([0, 0])
    expect(Array.from(d.exemplarValues.subarray(0, 2))).toEqual([0.25, 7])
    expect(Array.from(d.exemplarTimestampsMs.subarray(0, 2))).toEqual([1700000000001, 0])
    expect(d.exemplarLabels(0)).toEqual(["trace_id", "abc123"])
    expect(d.exemplarLabels(1)).toEqual([])
    expect(Array.from(d.exemplarLabelStart.subarray(0, 3))).toEqual([0, 2, 2])
    expect(d.histograms).toEqual([
      {
        seriesIndex: 2,
        timestampMs: 1700000000000,
        startTimestampMs: 0,
        float: false,
        count: 12,
        sum: 3.5,
        schema: -2,
        zeroThreshold: 1e-128,
        zeroCount: 2,
        negativeSpans: [-3, 1],
        negativeDeltas: [1],
        negativeCounts: [],
        positiveSpans: [0, 2, 5, 1],
        positiveDeltas: [4, -1, 2],
        positiveCounts: [],
        resetHint: 2,
        customValues: []
      },
      {
        seriesIndex: 2,
        timestampMs: 1700000060000,
        startTimestampMs: 0,
        float: true,
        count: 10.5,
        sum: -1,
        schema: 3,
        zeroThreshold: 0,
        zeroCount: 0.5,
        negativeSpans: [],
        negativeDeltas: [],
        negativeCounts: [],
        positiveSpans: [1, 2],
        positiveDeltas: [],
        positiveCounts: [4.5, 5.5],
        resetHint: 3,
        customValues: [0.1, 1, 10]
      }
    ])
    expect(d.metadata).toEqual([
      { seriesIndex: -1, type: 1, family: "http_requests", help: "Requests.", unit: "" },
      { seriesIndex: -1, type: 7, family: "feature", help: "", unit: "" }
    ])
  })

  it("reuses its buffers: a second decode replaces the first, growth keeps earlier samples", () => {
    const decoder = new WriteRequestDecoder()
    const many = {
      timeseries: Array.from({ length: 700 }, (_, i) => ({
        labels: labels("__name__", `m${i % 7}`, "i", String(i)),
        samples: [
          { value: i, timestamp: i * 1000 },
          { value: i + 0.5, timestamp: i * 1000 + 1 }
        ]
      }))
    }
    const big = decoder.decode(prometheus.WriteRequest.encode(many).finish())
    if (big instanceof DecodeError) throw big
    expect(big.seriesCount).toBe(700)
    expect(big.sampleCount).toBe(1400)
    expect(big.seriesLabels(699)).toEqual(["__name__", "m6", "i", "699"])
    expect(big.values[1399]).toBe(699.5)
    expect(big.timestampsMs[2]).toBe(1000)
    const small = decoder.decode(golden)
    if (small instanceof DecodeError) throw small
    expect(small).toBe(big) // the same reused object
    expect(small.seriesCount).toBe(1)
    expect(small.sampleCount).toBe(1)
    expect(small.seriesLabels(0)).toEqual(["__name__", "up", "job", "a"])
    expect(small.symbols).toEqual(["__name__", "up", "job", "a"])
  })

  it("skips unknown fields of every wire type, and reserved field 2", () => {
    const extra = hex(`
      10 05                    # unknown varint field 2 (reserved, Cortex "source")
      3d 01020304              # unknown fixed32 field 7
      41 0102030405060708      # unknown fixed64 field 8
      ${toHex(golden)}
      4a 03 616263             # unknown bytes field 9
    `)
    const d = decode(extra)
    expect(d.seriesLabels(0)).toEqual(["__name__", "up", "job", "a"])
    expect(d.metadata).toHaveLength(1)
  })

  it.each([
    ["value before name", "0a08 0a06 120162 0a0161", ["a", "b"]],
    ["name only (an empty value is omitted in proto3)", "0a05 0a03 0a0161", ["a", ""]],
    ["value only", "0a05 0a03 120162", ["", "b"]],
    ["an empty Label", "0a02 0a00", ["", ""]],
    ["a repeated name field (the last wins)", "0a0b 0a09 0a0178 0a0161 120162", ["a", "b"]],
    ["unknown field inside a Label", "0a0a 0a08 0a0161 1805 120162", ["a", "b"]]
  ])("decodes a Label laid out as %s", (_, h, want) => {
    expect(decode(hex(h)).seriesLabels(0)).toEqual(want)
  })

  it("decodes labels of 127, 128 and 300 bytes (1- and 2-byte lengths)", () => {
    const names = ["n".repeat(127), "m".repeat(128), "é".repeat(150)]
    const body = prometheus.WriteRequest.encode({
      timeseries: [{ labels: names.map((n, i) => ({ name: n, value: "v".repeat(126 + i) })) }]
    }).finish()
    expect(decode(body).seriesLabels(0)).toEqual(names.flatMap((n, i) => [n, "v".repeat(126 + i)]))
  })

  it("decodes an empty request (the snappy of it is the single byte 00)", () => {
    const d = decode(new Uint8Array(0))
    expect(d.seriesCount).toBe(0)
    expect(d.sampleCount).toBe(0)
  })

  it("keeps every stale marker among many samples bit for bit", () => {
    const values = new Float64Array([1, staleMarker, 2, staleMarker])
    new DataView(values.buffer).setBigUint64(8, 0x7ff0000000000002n, true)
    new DataView(values.buffer).setBigUint64(24, 0x7ff0000000000002n, true)
    const body = encodeWriteRequest([{ labels: ["__name__", "x"], timestamps: [1, 2, 3, 4], values }])
    const d = decode(body)
    expect(valueBits(d)).toEqual([bitsOf(1), 0x7ff0000000000002n, bitsOf(2), 0x7ff0000000000002n])
  })
})

describe("remote write 1.0 decoder: bad bytes", () => {
  const check = (h: string, message: string, offset: number) => {
    const r = new WriteRequestDecoder().decode(hex(h))
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toBe(message)
    expect((r as DecodeError).offset).toBe(offset)
  }
  it.each([
    ["0a", "WriteRequest: truncated varint at byte 1", 1],
    ["0a2c0a0e", "WriteRequest: truncated: field length 44 overruns its message by 42 bytes at byte 1", 1],
    ["0b", "WriteRequest: unsupported wire type 3 at byte 0", 0],
    ["0a0412020900", "timeseries[0].samples: truncated double at byte 5", 5],
    ["0a0412020aff", "timeseries[0].samples: truncated varint at byte 6", 6],
    ["0a030a010a", "timeseries[0].labels: truncated varint at byte 5", 5],
    [
      "0a040a020a05",
      "timeseries[0].labels: truncated: field length 5 overruns its message by 5 bytes at byte 5",
      5
    ],
    ["0a051203108080", "timeseries[0].samples: truncated varint at byte 7", 7],
    ["0a0e120c10" + "ff".repeat(11), "timeseries[0].samples: varint longer than 10 bytes at byte 5", 5],
    ["1a020801" + "1a0212ff", "metadata[1]: truncated varint at byte 8", 8],
    ["0a02" + "0a00" + "0a0322010a", "timeseries[1].histograms: truncated varint at byte 9", 9]
  ])("%s → %s", check)

  it("returns an error naming an offset for every truncation of a real request", () => {
    const full = prometheus.WriteRequest.encode({
      timeseries: [
        {
          labels: [{ name: "__name__", value: "m" }],
          samples: [{ value: 2, timestamp: 1700000000000 }],
          exemplars: [{ labels: [{ name: "t", value: "1" }], value: 1, timestamp: 5 }],
          histograms: [{ countInt: 1, positiveSpans: [{ offset: 0, length: 1 }], positiveDeltas: [1] }]
        }
      ]
    }).finish()
    const decoder = new WriteRequestDecoder()
    for (let n = 1; n < full.length; n++) {
      const r = decoder.decode(full.subarray(0, n))
      expect(r, `prefix of ${n} bytes`).toBeInstanceOf(DecodeError)
      const e = r as DecodeError
      expect(e.offset).toBeGreaterThanOrEqual(0)
      expect(e.offset).toBeLessThanOrEqual(n)
      expect(e.message).toMatch(/^(WriteRequest|timeseries\[0\])/)
    }
    expect(decoder.decode(full)).not.toBeInstanceOf(DecodeError)
  })
})
