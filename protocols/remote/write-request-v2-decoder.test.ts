import { describe, expect, it } from "vitest"
import { io } from "../gen/prometheus.js"
import type { DecodedWrite } from "./decoded-write.ts"
import { DecodeError } from "./proto-reader.ts"
import { WriteRequestDecoder } from "./write-request-decoder.ts"
import { decodeWriteRequestV2, WriteRequestV2Decoder } from "./write-request-v2-decoder.ts"

const v2 = io.prometheus.write.v2
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+|#[^\n]*/g, ""), "hex"))
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex")

const decode = (b: Uint8Array): DecodedWrite => {
  const d = new WriteRequestV2Decoder().decode(b)
  if (d instanceof DecodeError) throw d
  return d
}
const decodeError = (b: Uint8Array): string => {
  const d = new WriteRequestV2Decoder().decode(b)
  if (!(d instanceof DecodeError)) throw new Error("expected a DecodeError")
  return d.message
}

// The spec's test vector (§2.4), laid out by hand.
const specVector = hex(`
  22 00                      # symbols[0] ""  (field 4, bytes)
  22 08 5f5f6e616d655f5f     # symbols[1] "__name__"
  22 02 7570                 # symbols[2] "up"
  22 03 6a6f62               # symbols[3] "job"
  22 01 61                   # symbols[4] "a"
  2a 1c                      # timeseries (5), 28 bytes
    0a 04 01020304           #   labels_refs (1, packed) [1,2,3,4]
    12 10                    #   samples (2)
      09 000000000000f03f    #     value 1.0
      10 80d095ffbc31        #     timestamp 1700000000000
    2a 02 0802               #   metadata (5): type GAUGE
`)

describe("remote write 2.0 decoder", () => {
  it("decodes the spec's test vector, which the generated encoder reproduces byte for byte", () => {
    const d = decode(specVector)
    expect(d.seriesLabels(0)).toEqual(["__name__", "up", "job", "a"])
    expect(d.timestampsMs[0]).toBe(1700000000000)
    expect(d.values[0]).toBe(1)
    expect(d.metadata).toEqual([{ seriesIndex: 0, type: 2, family: "up", help: "", unit: "" }])
    const encoded = v2.Request.encode({
      symbols: ["", "__name__", "up", "job", "a"],
      timeseries: [
        { labelsRefs: [1, 2, 3, 4], samples: [{ value: 1, timestamp: 1700000000000 }], metadata: { type: 2 } }
      ]
    }).finish()
    expect(toHex(encoded)).toBe(toHex(specVector))
  })

  it("a 1.0 decoder sees the 2.0 vector as an empty request (fields 1–3 are reserved)", () => {
    const d = new WriteRequestDecoder().decode(specVector)
    expect(d).not.toBeInstanceOf(DecodeError)
    expect((d as DecodedWrite).seriesCount).toBe(0)
  })

  it("round-trips samples, start timestamps (both placements), histograms, exemplars and metadata", () => {
    const symbols = [
      "",
      "__name__",
      "rpc_seconds",
      "svc",
      "api",
      "trace_id",
      "f00d",
      "Latency.",
      "seconds",
      "ctr"
    ]
    const body = v2.Request.encode({
      symbols,
      timeseries: [
        {
          labelsRefs: [1, 9, 3, 4],
          samples: [
            { value: 5, timestamp: 1000, startTimestamp: 1 },
            { value: 6, timestamp: 2000, startTimestamp: -1 }
          ],
          exemplars: [{ labelsRefs: [5, 6], value: 5, timestamp: 999 }],
          metadata: { type: 1, helpRef: 0, unitRef: 0 },
          createdTimestamp: 500
        },
        {
          labelsRefs: [1, 2],
          histograms: [
            {
              countInt: 3,
              sum: 0.75,
              schema: 0,
              zeroCountInt: 1,
              positiveSpans: [{ offset: 2, length: 2 }],
              positiveDeltas: [1, 0],
              timestamp: 3000,
              startTimestamp: 2500,
              resetHint: 1
            }
          ],
          metadata: { type: 3, helpRef: 7, unitRef: 8 }
        },
        { labelsRefs: [1, 9] }
      ]
    }).finish()
    const d = decode(body)
    expect(d.seriesCount).toBe(3)
    expect(d.seriesLabels(0)).toEqual(["__name__", "ctr", "svc", "api"])
    expect(d.seriesLabels(1)).toEqual(["__name__", "rpc_seconds"])
    expect(d.seriesLabels(2)).toEqual(["__name__", "ctr"])
    expect(Array.from(d.sampleStart.subarray(0, 4))).toEqual([0, 2, 2, 2])
    expect(Array.from(d.values.subarray(0, 2))).toEqual([5, 6])
    expect(Array.from(d.timestampsMs.subarray(0, 2))).toEqual([1000, 2000])
    expect(Array.from(d.startTimestampsMs.subarray(0, 2))).toEqual([1, -1])
    expect(Array.from(d.seriesCreatedMs.subarray(0, 3))).toEqual([500, 0, 0])
    expect(d.exemplarCount).toBe(1)
    expect(d.exemplarLabels(0)).toEqual(["trace_id", "f00d"])
    expect(d.exemplarTimestampsMs[0]).toBe(999)
    expect(d.histograms).toHaveLength(1)
    expect(d.histograms[0]).toMatchObject({
      seriesIndex: 1,
      count: 3,
      float: false,
      zeroCount: 1,
      positiveSpans: [2, 2],
      positiveDeltas: [1, 0],
      timestampMs: 3000,
      startTimestampMs: 2500,
      resetHint: 1
    })
    expect(d.metadata).toEqual([
      { seriesIndex: 0, type: 1, family: "ctr", help: "", unit: "" },
      { seriesIndex: 1, type: 3, family: "rpc_seconds", help: "Latency.", unit: "seconds" }
    ])
  })

  it("accepts unpacked labels_refs and symbols after the series", () => {
    const body = hex(`
      2a 08 08 01 08 02 08 03 08 00   # timeseries: labels_refs unpacked 1,2,3,0 (value "" is allowed here)
      22 00 22 01 61 22 01 62 22 01 63 # symbols "", a, b, c
    `)
    expect(decode(body).seriesLabels(0)).toEqual(["a", "b", "c", ""])
  })

  it("the compatibility form copies series out", () => {
    const r = decodeWriteRequestV2(specVector)
    if (r instanceof DecodeError) throw r
    expect(r.series).toEqual([
      { labels: ["__name__", "up", "job", "a"], timestamps: [1700000000000], values: new Float64Array([1]) }
    ])
  })
})

describe("remote write 2.0 symbol table edge cases", () => {
  const req = (symbols: string[], timeseries: object[]) => v2.Request.encode({ symbols, timeseries }).finish()
  it.each([
    [
      "a label ref past the end names the ref and the series",
      req(["", "__name__", "up"], [{ labelsRefs: [1, 2] }, { labelsRefs: [1, 3] }]),
      "timeseries[1]: label value symbol reference 3 is out of range: the symbols table has 3 entries"
    ],
    [
      "a label name ref past the end",
      req(["", "a"], [{ labelsRefs: [7, 1] }]),
      "timeseries[0]: label name symbol reference 7 is out of range: the symbols table has 2 entries"
    ],
    [
      "refs with no symbols table at all",
      req([], [{ labelsRefs: [0, 0] }]),
      "timeseries[0]: label name symbol reference 0 is out of range: the symbols table has 0 entries"
    ],
    [
      "symbols[0] must be empty",
      req(["x", "a"], [{ labelsRefs: [1, 1] }]),
      'symbols[0] must be the empty string, got "x"'
    ],
    [
      "an odd number of label refs",
      req(["", "a"], [{ labelsRefs: [1, 1, 1] }]),
      "timeseries[0]: odd number of labels_refs (3)"
    ],
    [
      "a bad help ref",
      req(["", "__name__", "m"], [{ labelsRefs: [1, 2], metadata: { type: 2, helpRef: 9 } }]),
      "timeseries[0]: help symbol reference 9 is out of range: the symbols table has 3 entries"
    ],
    [
      "a bad unit ref",
      req(["", "__name__", "m"], [{ labelsRefs: [1, 2], metadata: { type: 2, unitRef: 3 } }]),
      "timeseries[0]: unit symbol reference 3 is out of range: the symbols table has 3 entries"
    ],
    [
      "a bad exemplar label ref",
      req(["", "__name__", "m"], [{ labelsRefs: [1, 2], exemplars: [{ labelsRefs: [1, 4], timestamp: 1 }] }]),
      "timeseries[0]: exemplar label symbol reference 4 is out of range: the symbols table has 3 entries"
    ],
    [
      "a ref that does not fit uint32",
      hex("22 00 2a 07 0a 05 8080808010"),
      "timeseries[0].labels_refs: value 4294967296 does not fit in uint32 at byte 6"
    ],
    [
      "a truncated symbol",
      hex("22 00 22 05 61"),
      "Request: truncated: field length 5 overruns its message by 4 bytes at byte 3"
    ]
  ])("%s", (_, body, message) => expect(decodeError(body)).toBe(message))

  it("symbol 0 is the empty string: label values and absent help/unit point at it", () => {
    const d = decode(req(["", "__name__", "m", "env"], [{ labelsRefs: [1, 2, 3, 0], metadata: { type: 2 } }]))
    expect(d.seriesLabels(0)).toEqual(["__name__", "m", "env", ""])
    expect(d.metadata[0]).toEqual({ seriesIndex: 0, type: 2, family: "m", help: "", unit: "" })
  })

  it("a series with no labels and no samples decodes to empty ranges", () => {
    const d = decode(req([""], [{}]))
    expect(d.seriesCount).toBe(1)
    expect(d.seriesLabels(0)).toEqual([])
    expect(d.sampleCount).toBe(0)
  })

  it("returns an error with an offset for every truncation", () => {
    const full = req(
      ["", "__name__", "m"],
      [
        {
          labelsRefs: [1, 2],
          samples: [{ value: 1, timestamp: 17 }],
          exemplars: [{ labelsRefs: [], value: 1, timestamp: 2 }]
        }
      ]
    )
    const decoder = new WriteRequestV2Decoder()
    for (let n = 1; n < full.length; n++) {
      const r = decoder.decode(full.subarray(0, n))
      // Some prefixes end exactly between symbols and still form a valid (shorter) request.
      if (r instanceof DecodeError) {
        expect(r.message, `prefix ${n}`).toMatch(/^(Request|timeseries\[0\])/)
      } else expect(r.seriesCount, `prefix ${n}`).toBe(0)
    }
  })
})
