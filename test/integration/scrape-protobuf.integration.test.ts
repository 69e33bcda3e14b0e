/**
 * Scraping the protobuf exposition format with native histograms enabled, Vesta embedded against
 * Prometheus 2.42 (`--enable-feature=native-histograms` on both): one exporter serves length-
 * delimited MetricFamily messages (encoded here with protobufjs from the public metrics.proto
 * schema, independently of Vesta's hand-written decoder) and both scrape it. The same series come
 * out (summary quantiles, classic buckets with OpenMetrics-style `le`, an added +Inf bucket, native
 * histograms instead of their classic buckets, gauge histograms, explicit timestamps), with the
 * same values, metadata and scrape counts; both ask with the same Accept header.
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import protobuf from "protobufjs"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, startPrometheus } from "../support/peers.ts"
import { startVesta, type VestaProcess } from "../support/vesta-process.ts"

const schema = `
syntax = "proto2";
package io.prometheus.client;
message LabelPair { optional string name = 1; optional string value = 2; }
enum MetricType { COUNTER = 0; GAUGE = 1; SUMMARY = 2; UNTYPED = 3; HISTOGRAM = 4; GAUGE_HISTOGRAM = 5; }
message Gauge { optional double value = 1; }
message Counter { optional double value = 1; optional Exemplar exemplar = 2; }
message Quantile { optional double quantile = 1; optional double value = 2; }
message Summary { optional uint64 sample_count = 1; optional double sample_sum = 2; repeated Quantile quantile = 3; }
message Untyped { optional double value = 1; }
message Histogram {
  optional uint64 sample_count = 1; optional double sample_count_float = 4; optional double sample_sum = 2;
  repeated Bucket bucket = 3; optional sint32 schema = 5; optional double zero_threshold = 6;
  optional uint64 zero_count = 7; optional double zero_count_float = 8;
  repeated BucketSpan negative_span = 9; repeated sint64 negative_delta = 10; repeated double negative_count = 11;
  repeated BucketSpan positive_span = 12; repeated sint64 positive_delta = 13; repeated double positive_count = 14;
}
message Bucket { optional uint64 cumulative_count = 1; optional double cumulative_count_float = 4; optional double upper_bound = 2; optional Exemplar exemplar = 3; }
message BucketSpan { optional sint32 offset = 1; optional uint32 length = 2; }
message Exemplar { repeated LabelPair label = 1; optional double value = 2; }
message Metric { repeated LabelPair label = 1; optional Gauge gauge = 2; optional Counter counter = 3; optional Summary summary = 4; optional Untyped untyped = 5; optional Histogram histogram = 7; optional int64 timestamp_ms = 6; }
message MetricFamily { optional string name = 1; optional string help = 2; optional MetricType type = 3; repeated Metric metric = 4; }
`
const MetricFamily = protobuf.parse(schema).root.lookupType("io.prometheus.client.MetricFamily")
const stamped = Date.now() - 5000

const families = [
  {
    name: "pb_requests_total",
    help: "Requests.",
    type: 0,
    metric: [
      { label: [{ name: "code", value: "200" }], counter: { value: 42 } },
      { label: [{ name: "code", value: "500" }], counter: { value: 3 } }
    ]
  },
  { name: "pb_temperature", help: "Degrees.", type: 1, metric: [{ gauge: { value: 21.5 } }] },
  { name: "pb_untyped", type: 3, metric: [{ untyped: { value: 7 } }] },
  {
    name: "pb_latency",
    help: "A summary.",
    type: 2,
    metric: [
      {
        label: [{ name: "path", value: "/" }],
        summary: {
          sampleCount: 10,
          sampleSum: 55,
          quantile: [
            { quantile: 0.5, value: 4 },
            { quantile: 0.99, value: 9 },
            { quantile: 1, value: 10 }
          ]
        }
      }
    ]
  },
  {
    name: "pb_classic",
    type: 4,
    metric: [
      {
        histogram: {
          sampleCount: 10,
          sampleSum: 20,
          bucket: [
            { cumulativeCount: 2, upperBound: 0.5 },
            { cumulativeCount: 5, upperBound: 1 },
            { cumulativeCount: 9, upperBound: 10 },
            { cumulativeCount: 9, upperBound: 100000 }
          ]
        }
      }
    ]
  },
  {
    name: "pb_native",
    help: "Native.",
    type: 4,
    metric: [
      {
        label: [{ name: "kind", value: "int" }],
        histogram: {
          sampleCount: 12,
          sampleSum: 20,
          schema: 1,
          zeroThreshold: 0.001,
          zeroCount: 1,
          positiveSpan: [
            { offset: 0, length: 3 },
            { offset: 2, length: 1 }
          ],
          positiveDelta: [2, 1, -1, -1],
          negativeSpan: [{ offset: 1, length: 1 }],
          negativeDelta: [3],
          bucket: [{ cumulativeCount: 2, upperBound: 0.5 }]
        }
      },
      {
        label: [{ name: "kind", value: "float" }],
        histogram: {
          sampleCountFloat: 6.5,
          sampleSum: -3,
          schema: -1,
          zeroThreshold: 0.0001,
          zeroCountFloat: 0.5,
          positiveSpan: [{ offset: -2, length: 2 }],
          positiveCount: [2.5, 3.5]
        }
      }
    ]
  },
  {
    name: "pb_gauge_histogram",
    type: 5,
    metric: [
      {
        histogram: {
          sampleCount: 4,
          sampleSum: 2,
          schema: 0,
          zeroThreshold: 0.001,
          positiveSpan: [{ offset: 0, length: 1 }],
          positiveDelta: [4]
        }
      }
    ]
  },
  { name: "pb_stamped", type: 1, metric: [{ gauge: { value: 3 }, timestampMs: stamped }] }
]
const body = Buffer.concat(
  families.map((f) => MetricFamily.encodeDelimited(MetricFamily.fromObject(f)).finish())
)

const dir = mkdtempSync(join(tmpdir(), "vesta-scrape-pb-"))
let exporter: Server
const accepts: string[] = []
let prom: Peer
let vesta: VestaProcess

beforeAll(async () => {
  exporter = createServer((req, res) => {
    accepts.push(String(req.headers.accept))
    res.setHeader(
      "content-type",
      "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
    )
    res.end(body)
  })
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", () => r()))
  const port = (exporter.address() as { port: number }).port
  const config = `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: pb\n    static_configs:\n      - targets: ["127.0.0.1:${port}"]\n`
  writeFileSync(join(dir, "prometheus.yml"), config)
  ;[prom, vesta] = await Promise.all([
    startPrometheus({ config, flags: ["--enable-feature=native-histograms"] }),
    startVesta("start", [
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--config.file=${join(dir, "prometheus.yml")}`,
      "--enable-feature=native-histograms"
    ])
  ])
  // Both have scraped a few times (Prometheus's discovery takes up to ~5 s).
  const until = Date.now() + 30_000
  for (;;) {
    const [p, v] = await Promise.all([
      query(prom.baseUrl, 'up{job="pb"}'),
      query(vesta.baseUrl, 'up{job="pb"}')
    ])
    if (p.length > 0 && v.length > 0) break
    if (Date.now() > until) throw new Error("no scrape within 30 s")
    await new Promise((r) => setTimeout(r, 250))
  }
  await new Promise((r) => setTimeout(r, 1500))
}, 60_000)

afterAll(async () => {
  await Promise.all([prom?.stop(), vesta?.stop()])
  await new Promise((r) => exporter?.close(r))
  rmSync(dir, { recursive: true, force: true })
})

interface Row {
  metric: Record<string, string>
  value?: [number, string]
  histogram?: [number, unknown]
}

async function query(base: string, q: string): Promise<Row[]> {
  const r = await fetch(`${base}/api/v1/query?${new URLSearchParams({ query: q })}`)
  return ((await r.json()) as { data: { result: Row[] } }).data.result
}

/** Series with their values, scrape times left out (the two scrape at different moments). */
const withoutTimes = (rows: Row[]) =>
  rows
    .map((r) => ({
      metric: { ...r.metric, instance: "x" },
      value: r.value?.[1] ?? r.histogram?.[1]
    }))
    .sort((a, b) => JSON.stringify(a.metric).localeCompare(JSON.stringify(b.metric)))

describe("protobuf scraping with native histograms (embedded vs Prometheus 2.42)", () => {
  it("asks with 2.42's Accept header", () => {
    expect(new Set(accepts).size).toBe(1)
  })

  it("stores the same series with the same values and histograms", async () => {
    const q = '{job="pb", __name__!~"scrape_duration_seconds|scrape_series_added"}'
    const [p, v] = await Promise.all([query(prom.baseUrl, q), query(vesta.baseUrl, q)])
    const t = (await (await fetch(`${prom.baseUrl}/api/v1/targets`)).json()) as {
      data: { activeTargets: Array<{ lastError: string }> }
    }
    expect(t.data.activeTargets.map((x) => x.lastError)).toEqual([""])
    expect(p.length).toBe(23)
    expect(withoutTimes(v)).toEqual(withoutTimes(p))
  })

  it("keeps the explicit timestamp", async () => {
    const q = "timestamp(pb_stamped)"
    const [p, v] = await Promise.all([query(prom.baseUrl, q), query(vesta.baseUrl, q)])
    expect(v[0].value?.[1]).toBe(String(stamped / 1000))
    expect(v[0].value?.[1]).toEqual(p[0].value?.[1])
  })

  it("fails a scrape whose histogram counts fewer observations than its buckets, as 2.42", async () => {
    const { floatHistogramOf } = await import("../../storage/head/remote-histogram.ts")
    const bad = {
      seriesIndex: 0,
      timestampMs: 0,
      startTimestampMs: 0,
      float: false,
      count: 10,
      sum: 20,
      schema: 1,
      zeroThreshold: 0.001,
      zeroCount: 1,
      negativeSpans: [1, 1],
      negativeDeltas: [3],
      negativeCounts: [],
      positiveSpans: [0, 3, 2, 1],
      positiveDeltas: [2, 1, -1, -1],
      positiveCounts: [],
      resetHint: 0,
      customValues: []
    }
    // The exact lastError 2.42 showed for this histogram in a scrape.
    expect(floatHistogramOf(bad)).toBe(
      "11 observations found in buckets, but the Count field is 10: histogram's observation count should be at least the number of observations found in the buckets"
    )
  })

  it("answers histogram functions alike", async () => {
    // histogram_quantile is left out: 2.42 interpolates linearly inside exponential buckets, the
    // 3.x semantics Vesta follows interpolate exponentially.
    for (const q of [
      "histogram_count(pb_native)",
      "histogram_sum(pb_gauge_histogram)",
      "histogram_fraction(0, 1, pb_native)"
    ]) {
      const [p, v] = await Promise.all([query(prom.baseUrl, q), query(vesta.baseUrl, q)])
      expect([q, withoutTimes(v)]).toEqual([q, withoutTimes(p)])
    }
  })

  it("reports the same metadata", async () => {
    const meta = async (base: string) => {
      const r = (await (await fetch(`${base}/api/v1/metadata`)).json()) as { data: Record<string, unknown> }
      return Object.fromEntries(Object.entries(r.data).filter(([k]) => k.startsWith("pb_")))
    }
    const [p, v] = await Promise.all([meta(prom.baseUrl), meta(vesta.baseUrl)])
    expect(Object.keys(p).length).toBe(8)
    expect(v).toEqual(p)
  })
})
