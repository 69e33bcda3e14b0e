/**
 * Differential check of the remote write 1.0 encoders against a real receiver: Debian's
 * Prometheus 2.42 with --web.enable-remote-write-receiver takes requests built by the generated
 * code and by the hand encoder, and the samples, the staleness marker, an exemplar and a native
 * histogram read back through its HTTP API as sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, startPrometheus } from "../../test/support/peers.ts"
import { prometheus } from "../gen/prometheus.js"
import { compressBlock } from "./snappy-block.ts"
import { encodeWriteRequest } from "./write-request-encoder.ts"

let prom: Peer
const nowMs = Math.floor(Date.now() / 1000) * 1000
const t0 = nowMs - 60_000

beforeAll(async () => {
  prom = await startPrometheus({
    flags: ["--web.enable-remote-write-receiver", "--enable-feature=exemplar-storage,native-histograms"]
  })
}, 60_000)
afterAll(async () => {
  await prom?.stop()
})

const write = async (body: Uint8Array) => {
  const r = await fetch(`${prom.baseUrl}/api/v1/write`, {
    method: "POST",
    headers: {
      "Content-Encoding": "snappy",
      "Content-Type": "application/x-protobuf",
      "X-Prometheus-Remote-Write-Version": "0.1.0"
    },
    body: compressBlock(body)
  })
  return { status: r.status, text: await r.text() }
}

const api = async (path: string, params: Record<string, string>) => {
  const r = await fetch(`${prom.baseUrl}${path}?${new URLSearchParams(params)}`)
  const j = (await r.json()) as { status: string; data: unknown }
  expect(j.status).toBe("success")
  return j.data as { resultType: string; result: Array<Record<string, unknown>> }
}

const label = (name: string, value: string) => ({ name, value })

describe("remote write 1.0 encoding against Prometheus 2.42", () => {
  it("stores what the generated encoder sends: floats, special values, several series", async () => {
    const body = prometheus.WriteRequest.encode({
      timeseries: [
        {
          labels: [label("__name__", "vesta_rw_gen"), label("case", "a"), label("job", "rw")],
          samples: [
            { value: 1.5, timestamp: t0 },
            { value: -2.25e-7, timestamp: t0 + 1000 },
            { value: 12345678901234, timestamp: t0 + 2000 }
          ]
        },
        {
          labels: [label("__name__", "vesta_rw_gen"), label("case", "inf"), label("job", "rw")],
          samples: [{ value: Number.POSITIVE_INFINITY, timestamp: t0 }]
        },
        {
          labels: [label("__name__", "vesta_rw_gen"), label("case", "nan"), label("job", "rw")],
          samples: [{ value: Number.NaN, timestamp: t0 }]
        }
      ]
    }).finish()
    expect(await write(body)).toEqual({ status: 204, text: "" })
    const range = await api("/api/v1/query", {
      query: 'vesta_rw_gen{case="a"}[1m]',
      time: String((t0 + 2000) / 1000)
    })
    expect(range.result[0].values).toEqual([
      [t0 / 1000, "1.5"],
      [(t0 + 1000) / 1000, "-2.25e-07"],
      [(t0 + 2000) / 1000, "12345678901234"]
    ])
    const inst = await api("/api/v1/query", {
      query: 'vesta_rw_gen{case=~"inf|nan"}',
      time: String(t0 / 1000)
    })
    const byCase = Object.fromEntries(
      inst.result.map((s) => [(s.metric as Record<string, string>).case, (s.value as [number, string])[1]])
    )
    expect(byCase).toEqual({ inf: "+Inf", nan: "NaN" })
  })

  it("honours a staleness marker sent by the hand encoder (its exact bits)", async () => {
    const values = new Float64Array(2)
    values[0] = 7
    new DataView(values.buffer).setBigUint64(8, 0x7ff0000000000002n, true)
    const body = encodeWriteRequest([
      { labels: ["__name__", "vesta_rw_stale", "job", "rw"], timestamps: [t0, t0 + 15_000], values }
    ])
    expect((await write(body)).status).toBe(204)
    const before = await api("/api/v1/query", { query: "vesta_rw_stale", time: String((t0 + 10_000) / 1000) })
    expect(before.result.map((s) => s.value)).toEqual([[(t0 + 10_000) / 1000, "7"]])
    // Right after the marker the series is gone, long before the 5 m lookback would end it.
    const after = await api("/api/v1/query", { query: "vesta_rw_stale", time: String((t0 + 16_000) / 1000) })
    expect(after.result).toEqual([])
  })

  it("stores an exemplar and a native histogram from the generated encoder", async () => {
    const body = prometheus.WriteRequest.encode({
      timeseries: [
        {
          labels: [label("__name__", "vesta_rw_ex_total"), label("job", "rw")],
          samples: [{ value: 3, timestamp: t0 }],
          exemplars: [{ labels: [label("trace_id", "abc123")], value: 0.5, timestamp: t0 }]
        },
        {
          labels: [label("__name__", "vesta_rw_hist"), label("job", "rw")],
          histograms: [
            {
              countInt: 6,
              sum: 10.5,
              schema: 0,
              zeroThreshold: 0.001,
              zeroCountInt: 1,
              positiveSpans: [{ offset: 1, length: 2 }],
              positiveDeltas: [2, 1], // absolute counts 2 and 3 for buckets (1,2] and (2,4]
              timestamp: t0
            }
          ]
        }
      ]
    }).finish()
    expect(await write(body)).toEqual({ status: 204, text: "" })
    const ex = await api("/api/v1/query_exemplars", {
      query: "vesta_rw_ex_total",
      start: String((t0 - 1000) / 1000),
      end: String((t0 + 1000) / 1000)
    })
    expect(ex as unknown).toEqual([
      {
        seriesLabels: { __name__: "vesta_rw_ex_total", job: "rw" },
        exemplars: [{ labels: { trace_id: "abc123" }, value: "0.5", timestamp: t0 / 1000 }]
      }
    ])
    const h = await api("/api/v1/query", { query: "vesta_rw_hist", time: String(t0 / 1000) })
    expect(h.result[0].histogram).toEqual([
      t0 / 1000,
      {
        count: "6",
        sum: "10.5",
        buckets: [
          [3, "-0.001", "0.001", "1"],
          [0, "1", "2", "2"],
          [0, "2", "4", "3"]
        ]
      }
    ])
  })
})
