/**
 * Every hand-written decoder, fed mutated and truncated versions of valid messages, returns a
 * value or a DecodeError with an offset inside the input; none throws. Seeded, so a failure
 * reproduces.
 */
import { describe, expect, it } from "vitest"
import { io, prometheus } from "../gen/prometheus.js"
import { decodeFrames, encodeFrame } from "./chunked-frame.ts"
import { DecodeError } from "./proto-reader.ts"
import { decodeChunkedReadResponse, decodeReadResponse } from "./read-response-decoder.ts"
import { WriteRequestDecoder } from "./write-request-decoder.ts"
import { WriteRequestV2Decoder } from "./write-request-v2-decoder.ts"

/** xorshift32: small, seeded, good enough to pick bytes to break. */
const rng = (seed: number) => () => {
  seed ^= seed << 13
  seed ^= seed >>> 17
  seed ^= seed << 5
  return (seed >>> 0) / 2 ** 32
}

const v1 = prometheus.WriteRequest.encode({
  timeseries: [
    {
      labels: [
        { name: "__name__", value: "m" },
        { name: "job", value: "j" }
      ],
      samples: [
        { value: 1, timestamp: 1700000000000 },
        { value: 2, timestamp: -5 }
      ],
      exemplars: [{ labels: [{ name: "trace_id", value: "t" }], value: 1, timestamp: 1 }],
      histograms: [
        {
          countInt: 3,
          positiveSpans: [{ offset: 0, length: 2 }],
          positiveDeltas: [1, 1],
          negativeCounts: [1.5]
        }
      ]
    }
  ],
  metadata: [{ type: 1, metricFamilyName: "m", help: "h" }]
}).finish()

const v2 = io.prometheus.write.v2.Request.encode({
  symbols: ["", "__name__", "m", "trace_id", "t"],
  timeseries: [
    {
      labelsRefs: [1, 2],
      samples: [{ value: 1, timestamp: 5, startTimestamp: 1 }],
      exemplars: [{ labelsRefs: [3, 4], value: 1, timestamp: 2 }],
      histograms: [{ countFloat: 2, positiveSpans: [{ offset: 1, length: 1 }], positiveCounts: [2] }],
      metadata: { type: 3, helpRef: 2, unitRef: 0 }
    }
  ]
}).finish()

const readResponse = prometheus.ReadResponse.encode({
  results: [{ timeseries: [{ labels: [{ name: "a", value: "b" }], samples: [{ value: 1, timestamp: 2 }] }] }]
}).finish()

const chunked = prometheus.ChunkedReadResponse.encode({
  chunkedSeries: [
    {
      labels: [{ name: "a", value: "b" }],
      chunks: [{ minTimeMs: 1, maxTimeMs: 2, type: 1, data: new Uint8Array(9) }]
    }
  ],
  queryIndex: 1
}).finish()

const v1Decoder = new WriteRequestDecoder()
const v2Decoder = new WriteRequestV2Decoder()
const decoders: Array<[string, Uint8Array, (b: Uint8Array) => unknown]> = [
  ["WriteRequest", v1, (b) => v1Decoder.decode(b)],
  ["v2 Request", v2, (b) => v2Decoder.decode(b)],
  ["ReadResponse", readResponse, decodeReadResponse],
  ["ChunkedReadResponse", chunked, decodeChunkedReadResponse],
  ["frames", encodeFrame(chunked), (b) => decodeFrames(b)]
]

describe("decoders never throw on damaged input", () => {
  it.each(decoders)("%s", (_, valid, decode) => {
    const next = rng(0x9e3779b9)
    for (let round = 0; round < 3000; round++) {
      const b = Uint8Array.from(valid)
      const edits = 1 + Math.floor(next() * 4)
      for (let e = 0; e < edits; e++) b[Math.floor(next() * b.length)] = Math.floor(next() * 256)
      const cut = next() < 0.3 ? b.subarray(0, Math.floor(next() * b.length)) : b
      let r: unknown
      expect(
        () => {
          r = decode(cut)
        },
        `round ${round}: ${Buffer.from(cut).toString("hex")}`
      ).not.toThrow()
      if (r instanceof DecodeError) expect(r.offset).toBeLessThanOrEqual(cut.length)
    }
  })
})
