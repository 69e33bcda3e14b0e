/**
 * dns_sd_configs end to end in the scrape manager: targets found through a DNS server on loopback
 * (A records, and SRV records whose port is relabeled into the address) are scraped over HTTP; a
 * name that stops resolving removes its target (its series go stale), a failing server keeps it.
 */
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, Layer } from "effect"
import { afterAll, beforeAll, expect, it } from "vitest"
import { parsePrometheusConfig } from "../../protocols/config/prometheus-config.ts"
import { isStaleMarker } from "../../protocols/values/special-nans.ts"
import { type DnsServer, startDnsServer } from "../../test/support/dns-server.ts"
import { SampleSink } from "./sample-sink.ts"
import { ScrapeManager } from "./scrape-manager.ts"

let exporter: Server
let port = 0
let dns: DnsServer
beforeAll(async () => {
  exporter = createServer((_req, res) =>
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end("# TYPE m gauge\nm 7\n")
  )
  await new Promise<void>((r) => exporter.listen(0, "127.0.0.1", () => r()))
  port = (exporter.address() as AddressInfo).port
  dns = await startDnsServer({
    "exporters.test": [{ type: "A", address: "127.0.0.1" }],
    "_metrics._tcp.exporters.test": [
      { type: "SRV", priority: 0, weight: 0, port, target: "host-a.exporters.test" }
    ]
  })
})
afterAll(async () => {
  exporter.close()
  await dns.close()
})

type Row = { labels: Record<string, string>; stale: boolean }

it("scrapes targets found by dns_sd and follows the zone's changes", async () => {
  const rows: Row[] = []
  const sink = Layer.succeed(
    SampleSink,
    SampleSink.of({
      append: (b) =>
        Effect.sync(() => {
          b.labels.forEach((l, i) => {
            const labels: Record<string, string> = {}
            for (let k = 0; k < l.length; k += 2) labels[l[k]] = l[k + 1]
            rows.push({ labels, stale: isStaleMarker(b.values[i]) })
          })
        })
    })
  )
  const config = parsePrometheusConfig(
    [
      "scrape_configs:",
      "  - job_name: by-a",
      "    scrape_interval: 1s",
      `    dns_sd_configs: [{names: [exporters.test], type: A, port: ${port}, refresh_interval: 1s}]`,
      "  - job_name: by-srv",
      "    scrape_interval: 1s",
      "    dns_sd_configs: [{names: [_metrics._tcp.exporters.test], refresh_interval: 1s}]",
      "    relabel_configs:",
      "      - {source_labels: [__meta_dns_srv_record_port], target_label: __address__, replacement: '127.0.0.1:$1'}",
      "      - {source_labels: [__meta_dns_srv_record_target], target_label: srv_target}"
    ].join("\n")
  )
  const m = (job: string, stale: boolean) => () =>
    rows.some((r) => r.labels.__name__ === "m" && r.labels.job === job && r.stale === stale)
  const waitFor = (cond: () => boolean) =>
    Effect.gen(function* () {
      const until = Date.now() + 8_000
      while (!cond() && Date.now() < until) yield* Effect.sleep("50 millis")
      return cond()
    })
  const outcome = await Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const manager = yield* ScrapeManager
        yield* manager.apply(config)
        const scraped = (yield* waitFor(m("by-a", false))) && (yield* waitFor(m("by-srv", false)))
        const targets = yield* manager.targets
        // A failing server keeps the targets: nothing goes stale over two refreshes.
        dns.failing.add("exporters.test")
        yield* Effect.sleep("2500 millis")
        const staleWhileFailing = m("by-a", true)()
        dns.failing.delete("exporters.test")
        // The name goes away (NXDOMAIN): the target is dropped and its series end.
        dns.zone.delete("exporters.test")
        const staleAfterRemoval = yield* waitFor(m("by-a", true))
        return { scraped, targets, staleWhileFailing, staleAfterRemoval, srvStale: m("by-srv", true)() }
      })
    ).pipe(
      Effect.provide(
        ScrapeManager.layer({
          baseDir: ".",
          userAgent: "Vesta/test",
          dnsSd: { servers: [dns.address] }
        }).pipe(Layer.provide(sink))
      )
    )
  )
  expect(outcome).toMatchObject({
    scraped: true,
    staleWhileFailing: false,
    staleAfterRemoval: true,
    srvStale: false
  })
  expect(rows.find((r) => r.labels.__name__ === "m" && r.labels.job === "by-a")?.labels).toEqual({
    __name__: "m",
    instance: `127.0.0.1:${port}`,
    job: "by-a"
  })
  expect(rows.find((r) => r.labels.__name__ === "m" && r.labels.job === "by-srv")?.labels).toEqual({
    __name__: "m",
    instance: `127.0.0.1:${port}`,
    job: "by-srv",
    srv_target: "host-a.exporters.test."
  })
  const byA = outcome.targets.active.find((t) => t.scrapePool === "by-a")
  expect(byA?.discoveredLabels).toEqual({
    __address__: `127.0.0.1:${port}`,
    __meta_dns_name: "exporters.test",
    __metrics_path__: "/metrics",
    __scheme__: "http",
    __scrape_interval__: "1s",
    __scrape_timeout__: "1s",
    job: "by-a"
  })
  expect(byA?.health).toBe("up")
}, 25_000)
