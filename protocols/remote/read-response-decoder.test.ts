import { describe, expect, it } from "vitest"
import { prometheus } from "../gen/prometheus.js"
import { DecodeError } from "./proto-reader.ts"
import { decodeReadResponse } from "./read-response-decoder.ts"

describe("remote read SAMPLES response", () => {
  it("round-trips results per query (generated encoder, hand decoder)", () => {
    const body = prometheus.ReadResponse.encode({
      results: [
        {
          timeseries: [
            {
              labels: [{ name: "__name__", value: "up" }],
              samples: [
                { value: 1, timestamp: 1000 },
                { value: 0, timestamp: 2000 }
              ]
            },
            { labels: [{ name: "__name__", value: "down" }], samples: [{ value: 3, timestamp: 1000 }] }
          ]
        },
        { timeseries: [] },
        { timeseries: [{ labels: [{ name: "a", value: "b" }], samples: [{ value: -2.5, timestamp: -1 }] }] }
      ]
    }).finish()
    const r = decodeReadResponse(body)
    if (r instanceof DecodeError) throw r
    expect(r.map((q) => q.series)).toEqual([
      [
        { labels: ["__name__", "up"], timestamps: [1000, 2000], values: new Float64Array([1, 0]) },
        { labels: ["__name__", "down"], timestamps: [1000], values: new Float64Array([3]) }
      ],
      [],
      [{ labels: ["a", "b"], timestamps: [-1], values: new Float64Array([-2.5]) }]
    ])
  })
  it("names the result and the absolute byte offset of damage", () => {
    const body = prometheus.ReadResponse.encode({
      results: [{ timeseries: [] }, { timeseries: [{ labels: [{ name: "a", value: "b" }] }] }]
    }).finish()
    // Make Label.name claim 127 bytes where only 4 remain in the label ("a", then value "b").
    const bad = Uint8Array.from(body)
    const at = bad.indexOf(0x61) - 1 // the length byte before "a"
    bad[at] = 0x7f
    const r = decodeReadResponse(bad)
    expect(r).toBeInstanceOf(DecodeError)
    expect((r as DecodeError).message).toBe(
      `results[1].timeseries[0].labels: truncated: field length 127 overruns its message by 123 bytes at byte ${at}`
    )
  })
})
