/**
 * Differential check of the hand-written 1.0 decoder on bodies a real sender produced: Debian's
 * Prometheus 2.42 scrapes a small OpenMetrics exporter served here (a counter with an exemplar, a
 * gauge that disappears, so a staleness marker follows) and remote-writes to a capture server
 * here, with exemplars and metadata on. Every captured body must decode to the same content with
 * the hand-written decoder and the protobufjs-generated one.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { type Peer, startPrometheus } from "../../test/support/peers.ts"
import { prometheus } from "../gen/prometheus.js"
import type { DecodedWrite } from "./decoded-write.ts"
import { DecodeError } from "./proto-reader.ts"
import { uncompressBlock } from "./snappy-block.ts"
import { WriteRequestDecoder } from "./write-request-decoder.ts"

let exporter: Server
let receiver: Server
let prom: Peer
let scrapes = 0
const bodies: Uint8Array[] = []

const listen = (s: Server) =>
  new Promise<string>((resolve) =>
    s.listen(0, "127.0.0.1", () => resolve(`127.0.0.1:${(s.address() as AddressInfo).port}`))
  )

beforeAll(async () => {
  exporter = createServer((_, res) => {
    scrapes++
    res.writeHead(200, { "Content-Type": "application/openmetrics-text; version=1.0.0; charset=utf-8" })
    res.end(
      [
        "# TYPE vesta_sender_requests counter",
        "# HELP vesta_sender_requests Requests served.",
        `vesta_sender_requests_total{path="/a"} ${scrapes} # {trace_id="t${scrapes}"} 0.5`,
        "# TYPE vesta_sender_temp_celsius gauge",
        "# UNIT vesta_sender_temp_celsius celsius",
        "# HELP vesta_sender_temp_celsius Temperature.",
        // Present for the first 3 scrapes, then gone: Prometheus writes a staleness marker.
        ...(scrapes <= 3 ? [`vesta_sender_temp_celsius{room="lab"} 21.5`] : []),
        "# EOF",
        ""
      ].join("\n")
    )
  })
  receiver = createServer((req, res) => {
    const parts: Buffer[] = []
    req.on("data", (c: Buffer) => parts.push(c))
    req.on("end", () => {
      bodies.push(Buffer.concat(parts))
      res.writeHead(204).end()
    })
  })
  const target = await listen(exporter)
  const sink = await listen(receiver)
  prom = await startPrometheus({
    config: [
      "global: {scrape_interval: 1s, scrape_timeout: 1s}",
      "scrape_configs:",
      `  - job_name: sender\n    static_configs: [{targets: ['${target}']}]`,
      "remote_write:",
      `  - url: http://${sink}/receive`,
      "    send_exemplars: true",
      "    metadata_config: {send_interval: 1s}",
      "    queue_config: {batch_send_deadline: 1s}"
    ].join("\n"),
    flags: ["--enable-feature=exemplar-storage"]
  })
}, 60_000)
afterAll(async () => {
  await prom?.stop()
  await new Promise((r) => receiver?.close(r))
  await new Promise((r) => exporter?.close(r))
})

const decoder = new WriteRequestDecoder()

/** One comparable form of a decoded request; values as bits with the NaN quiet bit masked. */
const viewOfHand = (d: DecodedWrite) => {
  const bits = new DataView(d.values.buffer)
  const series = []
  for (let i = 0; i < d.seriesCount; i++) {
    const samples = []
    for (let k = d.sampleStart[i]; k < d.sampleStart[i + 1]; k++)
      samples.push([d.timestampsMs[k], (bits.getBigUint64(k * 8, true) & ~0x0008000000000000n).toString(16)])
    series.push({ labels: d.seriesLabels(i), samples })
  }
  const exemplars = []
  for (let j = 0; j < d.exemplarCount; j++)
    exemplars.push([d.exemplarSeries[j], d.exemplarLabels(j), d.exemplarValues[j], d.exemplarTimestampsMs[j]])
  return {
    series,
    exemplars,
    metadata: d.metadata.map(({ type, family, help, unit }) => [type, family, help, unit])
  }
}

const viewOfGenerated = (m: prometheus.WriteRequest) => {
  const bits = (v: number) => {
    const b = new DataView(new ArrayBuffer(8))
    b.setFloat64(0, v, true)
    return (b.getBigUint64(0, true) & ~0x0008000000000000n).toString(16)
  }
  const flat = (ls: prometheus.ILabel[] | null | undefined) =>
    (ls ?? []).flatMap((l) => [l.name ?? "", l.value ?? ""])
  const ts = m.timeseries ?? []
  return {
    series: ts.map((s) => ({
      labels: flat(s.labels),
      samples: (s.samples ?? []).map((x) => [Number(x.timestamp ?? 0), bits(x.value ?? 0)])
    })),
    exemplars: ts.flatMap((s, i) =>
      (s.exemplars ?? []).map((e) => [i, flat(e.labels), e.value ?? 0, Number(e.timestamp ?? 0)])
    ),
    metadata: (m.metadata ?? []).map((x) => [
      x.type ?? 0,
      x.metricFamilyName ?? "",
      x.help ?? "",
      x.unit ?? ""
    ])
  }
}

describe("remote write 1.0 bodies from a real Prometheus sender", () => {
  it("decode identically with the hand-written and the generated decoder", async () => {
    const seen = { exemplar: false, metadata: false, stale: false }
    const until = Date.now() + 40_000
    let checked = 0
    while (!(seen.exemplar && seen.metadata && seen.stale) && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250))
      for (; checked < bodies.length; checked++) {
        const raw = uncompressBlock(bodies[checked])
        if (!raw.ok) throw new Error(raw.error)
        const hand = decoder.decode(raw.bytes)
        if (hand instanceof DecodeError) throw hand
        const a = viewOfHand(hand)
        expect(a).toEqual(viewOfGenerated(prometheus.WriteRequest.decode(raw.bytes)))
        seen.exemplar ||= a.exemplars.some((e) => (e[1] as string[]).includes("trace_id"))
        seen.metadata ||= a.metadata.some((m) => m[1] === "vesta_sender_temp_celsius" && m[3] === "celsius")
        seen.stale ||= a.series.some(
          (s) =>
            s.labels.includes("vesta_sender_temp_celsius") &&
            s.samples.some((x) => x[1] === "7ff0000000000002")
        )
      }
    }
    expect(seen).toEqual({ exemplar: true, metadata: true, stale: true })
    expect(checked).toBeGreaterThan(2)
  }, 60_000)
})
